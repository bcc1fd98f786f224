// S3 in cloudsim: ListBuckets paged by max-buckets and continuation-token,
// the per-bucket settings with their real absences (404s), the 301 redirect
// for a bucket asked at another region's endpoint, x-amz-content-sha256
// required and checked, the role rule and refused signatures in S3's <Error>.
#include "cloudsim/aws_sim_fixture.hpp"
#include "cloudsim/aws_xml_shape.hpp"

#include "support/official_examples.hpp"

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

using AwsS3 = aws_sim_test;

std::string fixture(const std::string& name) {
    return cloudsync::test::example_text("aws/" + name);
}

TEST_F(AwsS3, ListBucketsInTheFixtureShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto r = client->s3("us-east-1", "");
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    EXPECT_EQ(xml_texts(r.body(), "Name").size(), 8U);
    EXPECT_NE(r.body().find("xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""),
              std::string::npos);
    // BucketArn is in the botocore model, not in the documentation's example.
    for (const auto& extra : xml_paths_beyond(r.body(), fixture("s3.ListBuckets.paginated.xml")))
        EXPECT_EQ(extra, "/ListAllMyBucketsResult/Buckets/Bucket/BucketArn");
    EXPECT_EQ(xml_text(r.body(), "ContinuationToken"), "");
    EXPECT_EQ(sim.stats().count("s3.ListBuckets"), 1U);
}

TEST_F(AwsS3, ListBucketsPages) {
    std::set<std::string> names;
    std::string token;
    std::size_t pages = 0;
    do {
        std::string query = "?max-buckets=3";
        if (!token.empty())
            query += "&continuation-token=" + form_encode(token);
        const auto r = client->s3("eu-west-1", query);
        ASSERT_EQ(r.result_int(), 200U) << r.body();
        const auto page = xml_texts(r.body(), "Name");
        names.insert(page.begin(), page.end());
        token = xml_text(r.body(), "ContinuationToken");
        if (!token.empty()) {
            EXPECT_NE(token.find('+'), std::string::npos);
            EXPECT_NE(token.find('='), std::string::npos);
        }
        ++pages;
    } while (!token.empty());
    EXPECT_EQ(pages, 3U);
    EXPECT_EQ(names.size(), 8U);

    const auto first = client->s3("us-east-1", "?max-buckets=3");
    const auto raw = client->s3("us-east-1", "?max-buckets=3&continuation-token=" +
                                                 xml_text(first.body(), "ContinuationToken"));
    EXPECT_EQ(raw.result_int(), 400U);
    EXPECT_EQ(xml_text(raw.body(), "Code"), "InvalidArgument");
    for (const auto* bad : {"0", "10001", "many"}) {
        const auto r = client->s3("us-east-1", std::string("?max-buckets=") + bad);
        EXPECT_EQ(r.result_int(), 400U) << bad;
        EXPECT_EQ(xml_text(r.body(), "Code"), "InvalidArgument");
    }
}

TEST_F(AwsS3, PerBucketSettingsFromItsHomeRegion) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto snapshot = sim.aws_snapshot();
    const auto& account = snapshot->accounts()[0];
    std::size_t empty_locations = 0, absent_blocks = 0;
    for (const auto& b : account.buckets) {
        const auto name = aws_bucket_name(account, b);
        SCOPED_TRACE(name);
        // Location answers from any region's endpoint.
        const auto where = client->s3("us-east-1", name + "?location");
        ASSERT_EQ(where.result_int(), 200U) << where.body();
        EXPECT_EQ(xml_paths(where.body()), xml_paths(fixture("s3.GetBucketLocation.xml")));
        EXPECT_EQ(xml_text(where.body(), "LocationConstraint"), aws_bucket_location_constraint(b));
        empty_locations += aws_bucket_location_constraint(b).empty() ? 1 : 0;

        const auto block = client->s3(b.region, name + "?publicAccessBlock");
        if (aws_bucket_has_public_access_block(b)) {
            EXPECT_EQ(block.result_int(), 200U);
            EXPECT_EQ(xml_text(block.body(), "BlockPublicAcls"), "true");
        } else {
            ++absent_blocks;
            EXPECT_EQ(block.result_int(), 404U);
            EXPECT_EQ(xml_text(block.body(), "Code"), "NoSuchPublicAccessBlockConfiguration");
        }
        const auto status = client->s3(b.region, name + "?policyStatus");
        EXPECT_EQ(status.result_int(), aws_bucket_has_policy(b) ? 200U : 404U);
        const auto versioning = client->s3(b.region, name + "?versioning");
        EXPECT_EQ(versioning.result_int(), 200U);
        EXPECT_EQ(xml_text(versioning.body(), "Status"), aws_bucket_versioning(b));
        const auto encryption = client->s3(b.region, name + "?encryption");
        EXPECT_EQ(xml_text(encryption.body(), "SSEAlgorithm"), aws_bucket_encryption(b));
    }
    EXPECT_GT(empty_locations, 0U);
    EXPECT_GT(absent_blocks, 0U);
}

TEST_F(AwsS3, AnotherRegionsEndpointRedirects) {
    const auto snapshot = sim.aws_snapshot();
    const auto& account = snapshot->accounts()[0];
    const auto& b = account.buckets[0]; // us-east-1
    const auto name = aws_bucket_name(account, b);
    const auto r = client->s3("eu-west-1", name + "?versioning");
    EXPECT_EQ(r.result_int(), 301U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "PermanentRedirect");
    EXPECT_EQ(xml_text(r.body(), "Endpoint"), name + ".s3.us-east-1.amazonaws.com");
    EXPECT_EQ(xml_text(r.body(), "Bucket"), name);
    EXPECT_EQ(r["x-amz-bucket-region"], "us-east-1");
    EXPECT_EQ(client->s3("us-east-1", "no-such-bucket?versioning").result_int(), 404U);
}

TEST_F(AwsS3, ContentSha256RequiredAndChecked) {
    client->tamper = [](aws_outgoing& o) {
        std::erase_if(o.headers, [](const auto& h) { return h.first == "x-amz-content-sha256"; });
    };
    auto r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "InvalidRequest");
    client->tamper = [](aws_outgoing& o) {
        for (auto& [name, value] : o.headers) {
            if (name == "x-amz-content-sha256")
                value = std::string(64, 'a');
        }
    };
    r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "XAmzContentSHA256Mismatch");
}

TEST_F(AwsS3, RefusalsInTheS3ErrorShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    client->tamper = [](aws_outgoing& o) { o.target += "?max-buckets=1"; };
    auto r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "SignatureDoesNotMatch");
    std::set<std::string> allowed = xml_paths(fixture("s3.Error.AccessDenied.botocore.xml"));
    for (const auto& p : xml_paths(r.body()))
        EXPECT_TRUE(allowed.contains(p)) << p;
    client->tamper = nullptr;

    client->set_keys({"AKIAUNKNOWN000000000", "x", ""});
    EXPECT_EQ(xml_text(client->s3("us-east-1", "").body(), "Code"), "InvalidAccessKeyId");

    // Signed for us-east-1, sent to eu-west-1: the scope names the wrong region.
    client->set_keys(plain_keys);
    client->tamper = [](aws_outgoing& o) { o.target = "/aws/s3/eu-west-1/"; };
    r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 400U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "AuthorizationHeaderMalformed");
    EXPECT_EQ(xml_text(r.body(), "Region"), "eu-west-1");
    client->tamper = nullptr;

    client->set_keys(role_base_keys);
    r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 403U);
    EXPECT_EQ(xml_text(r.body(), "Code"), "AccessDenied");
    client->set_keys(assume_role());
    r = client->s3("us-east-1", "");
    EXPECT_EQ(r.result_int(), 200U);
    EXPECT_TRUE(xml_text(r.body(), "Name").starts_with("sim-444455556666-"));
}

} // namespace
} // namespace cloudsync::cloudsim::testing
