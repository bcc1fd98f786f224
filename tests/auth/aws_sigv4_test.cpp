// SigV4 beyond the official suite: S3's signing (x-amz-content-sha256 signed,
// path not normalized) on the worked examples of the S3 API Reference, the JSON
// 1.1 shape ECS takes (on the ListClusters request of the ECS API Reference),
// endpoint templates with a port and a path prefix, session tokens, and the
// refusals. Known answers come from AWS's documentation; where AWS published no
// answer the test spells out the canonical request the specification defines.
#include "auth/aws/sigv4.hpp"
#include "auth/error.hpp"
#include "core/text.hpp"
#include "support/official_examples.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth::aws {
namespace {

using namespace std::chrono;

constexpr std::string_view empty_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The credentials and time of the examples in the Amazon S3 API Reference,
// "Signature Calculations for the Authorization Header: Transferring Payload
// in a Single Chunk (AWS Signature Version 4)", section "Examples"
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
aws_credentials s3_doc_credentials() {
    return {"AKIAIOSFODNN7EXAMPLE", secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), {}, {}};
}
const clock::system_time s3_doc_time = sys_days{year{2013} / 5 / 24};

http::request get(std::string url) {
    http::request req;
    req.url = std::move(url);
    return req;
}

std::string signature_of(const std::string& authorization) {
    return authorization.substr(authorization.find("Signature=") + 10);
}

TEST(AwsSigv4, S3GetObjectExampleOfTheS3ApiReference) {
    auto req = get("https://examplebucket.s3.amazonaws.com/test.txt");
    req.headers = {{"Range", "bytes=0-9"}};
    const auto out = sign(req, s3_doc_credentials(), {"s3", "us-east-1"}, s3_doc_time);
    EXPECT_EQ(out.canonical_request, "GET\n/test.txt\n\n"
                                     "host:examplebucket.s3.amazonaws.com\n"
                                     "range:bytes=0-9\n"
                                     "x-amz-content-sha256:" +
                                         std::string(empty_sha256) +
                                         "\n"
                                         "x-amz-date:20130524T000000Z\n\n"
                                         "host;range;x-amz-content-sha256;x-amz-date\n" +
                                         std::string(empty_sha256));
    EXPECT_EQ(out.string_to_sign,
              "AWS4-HMAC-SHA256\n20130524T000000Z\n"
              "20130524/us-east-1/s3/aws4_request\n"
              "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
    EXPECT_EQ(out.authorization,
              "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
              "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
              "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    EXPECT_EQ(out.request.headers.back(),
              (std::pair<std::string, std::string>{"Authorization", out.authorization}));
}

TEST(AwsSigv4, S3ListObjectsAndLifecycleExamplesOfTheS3ApiReference) {
    const auto list = sign(get("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J"),
                           s3_doc_credentials(), {"s3", "us-east-1"}, s3_doc_time);
    EXPECT_NE(list.canonical_request.find("GET\n/\nmax-keys=2&prefix=J\n"), std::string::npos);
    EXPECT_EQ(signature_of(list.authorization),
              "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    // A subresource without '=' is signed as "lifecycle=".
    const auto lifecycle = sign(get("https://examplebucket.s3.amazonaws.com/?lifecycle"),
                                s3_doc_credentials(), {"s3", "us-east-1"}, s3_doc_time);
    EXPECT_NE(lifecycle.canonical_request.find("GET\n/\nlifecycle=\n"), std::string::npos);
    EXPECT_EQ(signature_of(lifecycle.authorization),
              "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(AwsSigv4, S3SignsThePayloadHashAndKeepsThePathAsSent) {
    http::request req = get("http://127.0.0.1:9000/aws/s3/us-west-2/my-bucket//a/./b%2Fc?x=1");
    req.method = boost::beast::http::verb::put;
    req.body = "payload";
    const auto out = sign(req, s3_doc_credentials(), {"s3", "us-west-2"}, s3_doc_time);
    const std::string body_hash = sha256_hex("payload");
    EXPECT_EQ(body_hash, "239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5");
    // Not normalized ("//" and "." stay), encoded once (%2F stays %2F).
    EXPECT_EQ(out.canonical_request.substr(0, out.canonical_request.find('\n', 4)),
              "PUT\n/aws/s3/us-west-2/my-bucket//a/./b%2Fc");
    EXPECT_NE(out.canonical_request.find("x-amz-content-sha256:" + body_hash + "\n"),
              std::string::npos);
    EXPECT_TRUE(out.canonical_request.ends_with("\n" + body_hash));
    EXPECT_NE(out.authorization.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"),
              std::string::npos);
    bool header = false;
    for (const auto& [name, value] : out.request.headers)
        header = header || (name == "x-amz-content-sha256" && value == body_hash);
    EXPECT_TRUE(header);
}

TEST(AwsSigv4, OtherServicesNormalizeAndDoubleEncodeThePath) {
    const auto out = sign(get("https://ec2.us-east-1.amazonaws.com/a//b/../c%20d"),
                          s3_doc_credentials(), {"ec2", "us-east-1"}, s3_doc_time);
    EXPECT_TRUE(out.canonical_request.starts_with("GET\n/a/c%2520d\n"));
    EXPECT_EQ(out.canonical_request.find("x-amz-content-sha256"), std::string::npos);
}

// The ECS API Reference's ListClusters sample request (ecs.ListClusters.request.http):
// X-Amz-Target and the JSON 1.1 content type are signed with the body's hash.
TEST(AwsSigv4, EcsJson11RequestSignsTargetAndContentType) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const std::string sample = test::example_text("aws/ecs.ListClusters.request.http");
    ASSERT_NE(sample.find("X-Amz-Target: AmazonEC2ContainerServiceV20141113.ListClusters\n"),
              std::string::npos);
    ASSERT_NE(sample.find("Content-Type: application/x-amz-json-1.1\n"), std::string::npos);
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = "https://ecs.us-east-1.amazonaws.com/";
    req.headers = {{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"},
                   {"Content-Type", "application/x-amz-json-1.1"}};
    req.body = sample.substr(sample.find("\n\n") + 2, 2);
    ASSERT_EQ(req.body, "{}");
    const auto when = sys_days{year{2015} / 4 / 29} + hours(17) + minutes(6) + seconds(21);
    const auto out = sign(req, s3_doc_credentials(), {"ecs", "us-east-1"}, when);
    EXPECT_EQ(out.canonical_request,
              "POST\n/\n\n"
              "content-type:application/x-amz-json-1.1\n"
              "host:ecs.us-east-1.amazonaws.com\n"
              "x-amz-date:20150429T170621Z\n"
              "x-amz-target:AmazonEC2ContainerServiceV20141113.ListClusters\n\n"
              "content-type;host;x-amz-date;x-amz-target\n" +
                  sha256_hex("{}"));
    EXPECT_EQ(out.string_to_sign.substr(0, out.string_to_sign.rfind('\n')),
              "AWS4-HMAC-SHA256\n20150429T170621Z\n20150429/us-east-1/ecs/aws4_request");
}

TEST(AwsSigv4, HostCarriesANonDefaultPortAndTheTemplatePrefixIsSigned) {
    const auto local = sign(get("http://127.0.0.1:9000/aws/ec2/eu-west-1?Action=DescribeRegions"),
                            s3_doc_credentials(), {"ec2", "eu-west-1"}, s3_doc_time);
    EXPECT_TRUE(local.canonical_request.starts_with(
        "GET\n/aws/ec2/eu-west-1\nAction=DescribeRegions\nhost:127.0.0.1:9000\n"));
    const auto defaulted = sign(get("https://EC2.eu-west-1.amazonaws.com:443"),
                                s3_doc_credentials(), {"ec2", "eu-west-1"}, s3_doc_time);
    EXPECT_TRUE(
        defaulted.canonical_request.starts_with("GET\n/\n\nhost:ec2.eu-west-1.amazonaws.com\n"));
    bool host = false;
    for (const auto& [name, value] : defaulted.request.headers)
        host = host || (name == "Host" && value == "ec2.eu-west-1.amazonaws.com");
    EXPECT_TRUE(host);
}

// Paging tokens carry '+', '/' and '=': the URL holds them percent-encoded and the
// canonical query keeps them so, with upper-case hex, sorted by name.
TEST(AwsSigv4, QueryIsDecodedReencodedAndSorted) {
    const auto out =
        sign(get("https://ec2.us-east-1.amazonaws.com/?Version=2016-11-15&NextToken=a%2bb%2Fc%3D"
                 "&Action=DescribeInstances&MaxResults=1000"),
             s3_doc_credentials(), {"ec2", "us-east-1"}, s3_doc_time);
    EXPECT_NE(out.canonical_request.find("\nAction=DescribeInstances&MaxResults=1000&"
                                         "NextToken=a%2Bb%2Fc%3D&Version=2016-11-15\n"),
              std::string::npos);
}

TEST(AwsSigv4, SessionTokenIsSignedAndReplacesStaleSigningHeaders) {
    http::request req = get("https://sts.us-east-1.amazonaws.com/");
    req.headers = {{"authorization", "stale"},
                   {"X-AMZ-DATE", "19990101T000000Z"},
                   {"x-amz-security-token", "old"},
                   {"User-Agent", "not signed"}};
    auto credentials = s3_doc_credentials();
    credentials.session_token = secret("session-token");
    const auto out = sign(req, credentials, {"sts", "us-east-1"}, s3_doc_time);
    EXPECT_NE(out.canonical_request.find("\nx-amz-security-token:session-token\n"),
              std::string::npos);
    EXPECT_NE(out.authorization.find("SignedHeaders=host;x-amz-date;x-amz-security-token,"),
              std::string::npos);
    int authorizations = 0, dates = 0, tokens = 0;
    for (const auto& [name, value] : out.request.headers) {
        authorizations += iequals(name, "authorization");
        dates += iequals(name, "x-amz-date") && value == "20130524T000000Z";
        tokens += iequals(name, "x-amz-security-token") && value == "session-token";
    }
    EXPECT_EQ(authorizations, 1);
    EXPECT_EQ(dates, 1);
    EXPECT_EQ(tokens, 1);
}

TEST(AwsSigv4, RefusesIncompleteInputWithoutRepeatingTheSecret) {
    auto credentials = s3_doc_credentials();
    const auto fails = [&](http::request req, aws_credentials c, sigv4_scope scope) {
        try {
            sign(std::move(req), c, scope, s3_doc_time);
        } catch (const auth_error& e) {
            EXPECT_EQ(std::string(e.what()).find("EXAMPLEKEY"), std::string::npos);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(fails(get("/relative?X-Token=q"), credentials, {"ec2", "us-east-1"})
                  .find("not an absolute URL"),
              std::string::npos);
    EXPECT_EQ(fails(get("ftp://h/?q=1"), credentials, {"ec2", "us-east-1"}).find("q=1"),
              std::string::npos);
    EXPECT_NE(fails(get("https://h/"), credentials, {"", "us-east-1"}).find("service or region"),
              std::string::npos);
    credentials.access_key_id.clear();
    EXPECT_NE(fails(get("https://h/"), credentials, {"ec2", "us-east-1"}).find("access key id"),
              std::string::npos);
}

} // namespace
} // namespace cloudsync::auth::aws
