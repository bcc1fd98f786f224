// Every file of shared/fixtures/aws is accounted for: read by a parser test of
// this binary, or named below with the part of cloudsync that reads it. A new
// example without a reader fails here, so none is forgotten.
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace cloudsync::collectors::aws {
namespace {

// Read by the tests of this binary (aws_*_test.cpp).
const std::set<std::string> parsed_here{
    "ec2.DescribeRegions.xml",
    "ec2.DescribeRegions.botocore.xml",
    "ec2.DescribeInstances.xml",
    "ec2.DescribeInstances.botocore.xml",
    "ec2.DescribeReservedInstancesOfferings.nextToken.botocore.xml",
    "ec2.DescribeVpcs.xml",
    "ec2.DescribeVpcs.botocore.xml",
    "ec2.DescribeSubnets.xml",
    "ec2.DescribeSubnets.botocore.xml",
    "ec2.Error.xml",
    "ec2.Error.structure.xml",
    "ec2.Error.InvalidInstanceID.botocore.xml",
    "ec2.Error.protocol-test.xml",
    "query.Error.protocol-test.xml",
    "sts.Error.AccessDenied.botocore.xml",
    "s3.Error.AccessDenied.botocore.xml",
    "json10.QueryCompatibleError.protocol-test.json",
    "s3.ListBuckets.xml",
    "s3.ListBuckets.http",
    "s3.ListBuckets.paginated.xml",
    "s3.ListBuckets.paginated-prefix.xml",
    "s3.ListBuckets.botocore.xml",
    "s3.GetBucketLocation.xml",
    "s3.GetBucketLocation.botocore.xml",
    "ecs.ListClusters.json",
    "ecs.ListClusters.http",
    "cloudwatch.GetMetricData.moto-template.xml.j2",
    "cloudwatch.DescribeAlarms.moto-template.xml.j2"};

// Read elsewhere, or by nothing on purpose.
const std::set<std::string> elsewhere{
    // Requests: what the collectors and the signer send, not answers to parse.
    "ec2.DescribeInstances.request-page1.txt", "ec2.DescribeInstances.request-page2.txt",
    "ecs.ListClusters.request.http", "ecs.DescribeClusters.request.http",
    "sts.AssumeRole.request.txt", "sts.GetCallerIdentity.request.http",
    // STS answers: the AWS credentials (auth/aws).
    "sts.AssumeRole.xml", "sts.GetCallerIdentity.xml", "sts.GetCallerIdentity.http",
    "sts.GetCallerIdentity.assumed-role.http",
    // DescribeClusters: no collector calls it (tasks are listed per ARN from
    // ListClusters, and clusters have no rows of their own).
    "ecs.DescribeClusters.json", "ecs.DescribeClusters.http",
    "ecs.DescribeClusters.capacity-provider.json",
    // The collection's own notes.
    "facts.md", "SOURCES.md"};

TEST(AwsExamples, EveryExampleHasAReader) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    std::size_t seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(test::examples_dir() + "/aws")) {
        const auto name = entry.path().filename().string();
        if (entry.is_directory()) {
            EXPECT_EQ(name, "sigv4-testsuite"); // the signer's test vectors (auth/aws)
            continue;
        }
        ++seen;
        EXPECT_TRUE(parsed_here.contains(name) || elsewhere.contains(name))
            << "aws/" << name << " is read by no test: parse it or say who reads it";
    }
    EXPECT_EQ(seen, parsed_here.size() + elsewhere.size());
}

} // namespace
} // namespace cloudsync::collectors::aws
