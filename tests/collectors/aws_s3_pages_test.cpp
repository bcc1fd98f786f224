// S3 parsers on every S3 example (documentation and botocore: unpaginated,
// paginated with BucketRegion and ContinuationToken, one-line with xmlns,
// locations), the per-bucket configuration bodies in their documented shapes,
// the public-access rule, the bucket record, and malformed bodies.
#include "collectors/aws/s3_pages.hpp"
#include "collectors/errors.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace cloudsync::collectors::aws {
namespace {

TEST(AwsS3Pages, ListBucketsExamples) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto plain = parse_bucket_page(test::aws_fixture("s3.ListBuckets.xml"));
    ASSERT_EQ(plain.items.size(), 2U);
    EXPECT_FALSE(plain.next_token);
    EXPECT_EQ(plain.items[0].name, "amzn-s3-demo-bucket");
    EXPECT_EQ(common::format_utc(*plain.items[0].created), "2019-12-11T23:32:47Z");
    EXPECT_EQ(plain.items[0].region, "");
    EXPECT_EQ(plain.items[1].name, "amzn-s3-demo-bucket1");
    EXPECT_EQ(plain.items[0].raw,
              R"({"CreationDate":"2019-12-11T23:32:47+00:00","Name":"amzn-s3-demo-bucket"})");

    // The documentation prints the status line before the body.
    auto http = test::aws_fixture("s3.ListBuckets.http");
    http.erase(0, http.find('\n') + 1);
    EXPECT_EQ(parse_bucket_page(http).items.size(), 2U);

    const auto paged = parse_bucket_page(test::aws_fixture("s3.ListBuckets.paginated.xml"));
    ASSERT_EQ(paged.items.size(), 2U);
    EXPECT_EQ(paged.items[0].region, "us-east-1");
    EXPECT_EQ(paged.items[1].region, "us-east-2");
    EXPECT_EQ(paged.next_token, "eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==");

    const auto prefixed =
        parse_bucket_page(test::aws_fixture("s3.ListBuckets.paginated-prefix.xml"));
    ASSERT_EQ(prefixed.items.size(), 1U);
    EXPECT_EQ(prefixed.items[0].region, "us-east-2");
    EXPECT_EQ(prefixed.next_token,
              "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiEXAMPLE=");

    const auto botocore = parse_bucket_page(test::aws_fixture("s3.ListBuckets.botocore.xml"));
    ASSERT_EQ(botocore.items.size(), 36U); // SOURCES.md says 37; the file has 36
    EXPECT_EQ(botocore.items[0].name, "botostats");
    EXPECT_EQ(common::format_utc(*botocore.items[0].created), "2012-02-20T17:45:32Z");
    EXPECT_FALSE(botocore.next_token);
}

TEST(AwsS3Pages, LocationExamplesAndNormalization) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    EXPECT_EQ(parse_bucket_location(test::aws_fixture("s3.GetBucketLocation.xml")), "us-west-2");
    EXPECT_EQ(parse_bucket_location(test::aws_fixture("s3.GetBucketLocation.botocore.xml")),
              "eu-west-1"); // EU
    // us-east-1 buckets have a null constraint (no official example of the body).
    EXPECT_EQ(parse_bucket_location(
                  R"(<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)"),
              "us-east-1");
}

// The per-bucket answers in the shapes of the S3 API reference (Response
// Syntax of GetPublicAccessBlock, GetBucketPolicyStatus, GetBucketVersioning,
// GetBucketEncryption); no official example bodies are in the fixtures.
TEST(AwsS3Pages, BucketConfigurations) {
    const auto block = parse_public_access_block(
        R"(<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
        "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
        "<BlockPublicPolicy>false</BlockPublicPolicy>"
        "<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
    EXPECT_TRUE(block.block_public_acls);
    EXPECT_TRUE(block.ignore_public_acls);
    EXPECT_FALSE(block.block_public_policy);
    EXPECT_TRUE(block.restrict_public_buckets);
    EXPECT_FALSE(block.complete());
    EXPECT_TRUE(parse_policy_status("<PolicyStatus><IsPublic>TRUE</IsPublic></PolicyStatus>"));
    EXPECT_FALSE(parse_policy_status("<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>"));
    EXPECT_TRUE(parse_versioning("<VersioningConfiguration><Status>Enabled</Status>"
                                 "<MfaDelete>Disabled</MfaDelete></VersioningConfiguration>"));
    EXPECT_FALSE(parse_versioning(
        "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>"));
    EXPECT_FALSE(parse_versioning(
        R"(<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)"));
    EXPECT_TRUE(parse_encryption(
        "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
        "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
        "<BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>"));
    EXPECT_FALSE(parse_encryption("<ServerSideEncryptionConfiguration/>"));
}

TEST(AwsS3Pages, PublicAccessRule) {
    const public_access_block none{};
    const public_access_block complete{true, true, true, true};
    const public_access_block acls_only{true, true, false, false};
    const auto rule = [](std::optional<public_access_block> block, std::optional<bool> policy) {
        return bucket_public_access({"us-east-1", block, policy, {}, {}});
    };
    EXPECT_EQ(rule(none, true), true);
    EXPECT_EQ(rule(acls_only, true), true);
    EXPECT_EQ(rule(complete, true), false); // RestrictPublicBuckets neutralizes the policy
    EXPECT_EQ(rule(complete, std::nullopt), false);
    EXPECT_EQ(rule(acls_only, false), false);
    EXPECT_EQ(rule(none, false), std::nullopt); // an ACL may still grant access
    EXPECT_EQ(rule(std::nullopt, false), std::nullopt);
    EXPECT_EQ(rule(acls_only, std::nullopt), std::nullopt);
}

TEST(AwsS3Pages, BucketRecord) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page = parse_bucket_page(test::aws_fixture("s3.ListBuckets.paginated.xml"));
    const auto rec =
        bucket_record(page.items.at(1), {"us-east-2", public_access_block{true, true, true, true},
                                         false, true, true});
    EXPECT_EQ(rec.native_id, "arn:aws:s3:::amzn-s3-demo-bucket1");
    EXPECT_EQ(rec.name, "amzn-s3-demo-bucket1");
    EXPECT_EQ(rec.region, "us-east-2");
    EXPECT_EQ(rec.tags, "{}");
    const auto& c = std::get<inventory::storage_columns>(rec.columns);
    EXPECT_EQ(c.type, "bucket");
    EXPECT_EQ(c.public_access, false);
    EXPECT_EQ(c.encrypted, true);
    EXPECT_EQ(c.versioning, true);
    EXPECT_EQ(
        rec.raw,
        R"({"bucket":{"CreationDate":"2024-11-14T23:32:13+00:00","Name":"amzn-s3-demo-bucket1",)"
        R"("BucketRegion":"us-east-2"},"location":"us-east-2","publicAccessBlock":)"
        R"({"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,)"
        R"("RestrictPublicBuckets":true},"policyIsPublic":false,"versioningEnabled":true,)"
        R"("encrypted":true})");
    const auto unknown = bucket_record(page.items.at(0), {});
    EXPECT_EQ(unknown.region, "us-east-1"); // BucketRegion when no location was read
    const auto& u = std::get<inventory::storage_columns>(unknown.columns);
    EXPECT_FALSE(u.public_access);
    EXPECT_FALSE(u.encrypted);
    EXPECT_FALSE(u.versioning);
}

std::string failure(const std::function<void()>& f) {
    try {
        f();
    } catch (const page_error& e) {
        return e.what();
    }
    return "no page_error";
}

TEST(AwsS3Pages, MalformedBodiesAreRefused) {
    EXPECT_EQ(failure([] {
                  parse_bucket_page("<ListAllMyBucketsResult><Buckets><Bucket><CreationDate>"
                                    "2019-12-11T23:32:47Z</CreationDate></Bucket></Buckets>"
                                    "</ListAllMyBucketsResult>");
              }),
              "malformed AWS page: ListAllMyBucketsResult/Buckets/Bucket has no Name");
    EXPECT_EQ(failure([] {
                  parse_bucket_page("<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name>"
                                    "<CreationDate>yesterday</CreationDate></Bucket></Buckets>"
                                    "</ListAllMyBucketsResult>");
              }),
              "malformed AWS page: ListAllMyBucketsResult/Buckets/Bucket/CreationDate is not a "
              "UTC time");
    EXPECT_EQ(failure([] {
                  parse_policy_status("<PolicyStatus><IsPublic>maybe</IsPublic></PolicyStatus>");
              }),
              "malformed AWS page: PolicyStatus/IsPublic is not true or false");
    EXPECT_EQ(failure([] { parse_bucket_location("<Error><Code>AccessDenied</Code></Error>"); }),
              "malformed AWS page: root element Error, expected LocationConstraint");
}

} // namespace
} // namespace cloudsync::collectors::aws
