// The IMDSv2 wire format: the session-token PUT and the token-carrying GETs, the
// endpoint rule (plain http only to 169.254.169.254 or loopback), the role
// listing, and the credentials document of the EC2 User Guide, success or not.
#include "auth/aws/imds.hpp"
#include "auth/error.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth::aws {
namespace {

using namespace std::chrono;

const std::string url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/s3access";

// The example output of "Retrieve security credentials from instance metadata"
// (EC2 User Guide, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/
// instance-metadata-security-credentials.html).
constexpr std::string_view user_guide_example = R"({
  "Code" : "Success",
  "LastUpdated" : "2012-04-26T16:39:16Z",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "ASIAIOSFODNN7EXAMPLE",
  "SecretAccessKey" : "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "Token" : "token",
  "Expiration" : "2017-05-17T15:09:54Z"
})";

std::string error_of(auto&& parse) {
    try {
        parse();
    } catch (const auth_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(AwsImds, TokenPutAndGetsCarryTheDocumentedHeaders) {
    const auto put = imds_token_request(default_imds_endpoint);
    EXPECT_EQ(put.method, boost::beast::http::verb::put);
    EXPECT_EQ(put.url, "http://169.254.169.254/latest/api/token");
    EXPECT_TRUE(put.allow_instance_metadata_http);
    EXPECT_EQ(put.headers, (http::header_list{{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}));
    const auto get =
        imds_get_request("http://127.0.0.1:9000", imds_credentials_path, secret("t0k"));
    EXPECT_EQ(get.method, boost::beast::http::verb::get);
    EXPECT_EQ(get.url, "http://127.0.0.1:9000/latest/meta-data/iam/security-credentials/");
    EXPECT_FALSE(get.allow_instance_metadata_http); // only the link-local address opts in
    EXPECT_EQ(get.headers, (http::header_list{{"X-aws-ec2-metadata-token", "t0k"}}));
}

TEST(AwsImds, PlainHttpOnlyToTheLinkLocalAddressOrLoopback) {
    EXPECT_EQ(checked_imds_endpoint("http://169.254.169.254/"), "http://169.254.169.254");
    EXPECT_EQ(checked_imds_endpoint("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
    EXPECT_EQ(checked_imds_endpoint("http://localhost:8080"), "http://localhost:8080");
    EXPECT_EQ(checked_imds_endpoint("https://imds.example.com"), "https://imds.example.com");
    EXPECT_NE(error_of([] {
                  checked_imds_endpoint("http://169.254.169.254:8080");
              }).find("plain http only for 169.254.169.254"),
              std::string::npos);
    EXPECT_NE(
        error_of([] { checked_imds_endpoint("http://imds.example.com"); }).find("plain http only"),
        std::string::npos);
    EXPECT_NE(error_of([] {
                  checked_imds_endpoint("http://169.254.169.254/latest");
              }).find("without path"),
              std::string::npos);
    EXPECT_NE(error_of([] { checked_imds_endpoint("169.254.169.254"); }).find("not an absolute"),
              std::string::npos);
}

TEST(AwsImds, RoleListingNamesTheFirstRole) {
    EXPECT_EQ(parse_imds_role(200, "s3access", url), "s3access");
    EXPECT_EQ(parse_imds_role(200, "s3access\nother\n", url), "s3access");
    EXPECT_NE(error_of([] { parse_imds_role(404, "", url); }).find("no IAM role is attached"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_imds_role(200, "", url); }).find("no IAM role is attached"),
              std::string::npos);
    EXPECT_NE(error_of([] { parse_imds_role(200, "../x", url); }).find("not a valid IAM role name"),
              std::string::npos);
}

TEST(AwsImds, UserGuideExampleParses) {
    const auto keys = parse_imds_credentials(200, user_guide_example, url);
    EXPECT_EQ(keys.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    EXPECT_EQ(keys.secret_access_key.reveal(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    EXPECT_EQ(keys.session_token.reveal(), "token");
    EXPECT_EQ(keys.expiry, clock::system_time(sys_days{year{2017} / 5 / 17} + 15h + 9min + 54s));
}

TEST(AwsImds, CodeOtherThanSuccessAndMissingKeysFailWithoutSecrets) {
    std::string failed(user_guide_example);
    failed.replace(failed.find("\"Success\""), 9, "\"AssumeRoleUnauthorizedAccess\"");
    const auto message = error_of([&] { parse_imds_credentials(200, failed, url); });
    EXPECT_EQ(message,
              "aws instance profile at " + url + " failed: HTTP 200 AssumeRoleUnauthorizedAccess");
    std::string no_expiry(user_guide_example);
    no_expiry.replace(no_expiry.find("2017-05-17T15:09:54Z"), 20, "later");
    const auto missing = error_of([&] { parse_imds_credentials(200, no_expiry, url); });
    EXPECT_NE(missing.find("lacks a valid Expiration"), std::string::npos);
    EXPECT_EQ(missing.find("EXAMPLEKEY"), std::string::npos);
    EXPECT_NE(
        error_of([] { parse_imds_credentials(200, "<html/>", url); }).find("not a JSON object"),
        std::string::npos);
    EXPECT_NE(error_of([] {
                  parse_imds_credentials(200, R"({"Code":"Success"})", url);
              }).find("lacks AccessKeyId, SecretAccessKey or Token"),
              std::string::npos);
}

} // namespace
} // namespace cloudsync::auth::aws
