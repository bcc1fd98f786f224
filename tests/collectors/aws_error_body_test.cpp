// AWS error bodies: every error example of each protocol (EC2, Query, S3,
// JSON) read, bodies that are not AWS errors, the api_error message shape
// (never the query, never a signature or token), and the throttle codes.
#include "collectors/aws/error_body.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <map>

namespace cloudsync::collectors::aws {
namespace {

constexpr std::string_view url =
    "https://ec2.eu-west-1.amazonaws.com/?Action=DescribeInstances&NextToken=SECRETPAGE"
    "&X-Amz-Signature=SECRETSIG";

struct expected {
    std::string code;
    std::string message;
    std::string request_id;
};

TEST(AwsErrorBody, ReadsEveryErrorExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const std::map<std::string, expected> cases{
        {"ec2.Error.xml",
         {"InvalidInstanceID.NotFound", "The instance ID 'i-1a2b3c4d' does not exist",
          "ea966190-f9aa-478e-9ede-example"}},
        // The documentation's template: its placeholder code has spaces, so it
        // is not taken as a code; its request id neither.
        {"ec2.Error.structure.xml", {"", "Error message", ""}},
        {"ec2.Error.InvalidInstanceID.botocore.xml",
         {"InvalidInstanceID.Malformed", "Invalid id: \"foobar\"",
          "dfb14b43-9a55-4d8e-b676-e8034d12bbeb"}},
        {"ec2.Error.protocol-test.xml", {"InvalidGreeting", "Hi", "foo-id"}},
        {"query.Error.protocol-test.xml", {"InvalidGreeting", "Hi", "foo-id"}},
        {"sts.Error.AccessDenied.botocore.xml",
         {"AccessDenied",
          "GetSessionToken call failed, unable to validate MFA code.  Please verify your MFA "
          "serial number is valid and associated with this user.",
          "8088f6eb-b7fb-11e2-8d25-4b9f3b52b80f"}},
        {"s3.Error.AccessDenied.botocore.xml",
         {"AccessDenied", "Access Denied", "9C7D5181867045BB"}},
        {"json10.QueryCompatibleError.protocol-test.json", {"CustomCodeError", "Hi", ""}},
    };
    for (const auto& [name, want] : cases) {
        const auto body = test::aws_fixture(name);
        const auto e = parse_aws_error(400, body);
        EXPECT_EQ(e.code, want.code) << name;
        EXPECT_EQ(e.message, want.message) << name;
        EXPECT_EQ(e.request_id, want.request_id) << name;
        const auto thrown = aws_api_error(400, body, "POST", url);
        EXPECT_EQ(thrown.status(), 400U);
        EXPECT_EQ(thrown.code(), want.code);
        EXPECT_EQ(thrown.message(), want.message);
        const std::string what = thrown.what();
        EXPECT_EQ(what.find("SECRET"), std::string::npos) << what;
        EXPECT_TRUE(what.starts_with("POST /: HTTP 400")) << what;
    }
}

TEST(AwsErrorBody, MessageShape) {
    const auto e = aws_api_error(
        503,
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit "
        "exceeded.</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
        "GET", "https://ec2.us-east-1.amazonaws.com/path/x?NextToken=abc%2B");
    EXPECT_STREQ(e.what(), "GET /path/x: HTTP 503 RequestLimitExceeded: Request limit exceeded.");
    EXPECT_TRUE(is_throttle_code(e.code()));
}

TEST(AwsErrorBody, ElementsInAnyOrderAndPrefixed) {
    const auto e = parse_aws_error(
        400, "<?xml version=\"1.0\"?><q:ErrorResponse xmlns:q=\"https://sts.amazonaws.com/\">"
             "<q:RequestId>id-9</q:RequestId><q:Error><q:Message>No</q:Message>"
             "<q:Code>Throttling</q:Code><q:Type>Sender</q:Type></q:Error></q:ErrorResponse>");
    EXPECT_EQ(e.code, "Throttling");
    EXPECT_EQ(e.message, "No");
    EXPECT_EQ(e.request_id, "id-9");
}

TEST(AwsErrorBody, JsonCodeShapes) {
    EXPECT_EQ(parse_aws_error(400, R"({"__type":"ClientException","message":"m"})").code,
              "ClientException");
    const auto namespaced = parse_aws_error(
        400,
        R"({"__type":"com.amazon.coral.service#ThrottlingException","Message":"Rate exceeded"})");
    EXPECT_EQ(namespaced.code, "ThrottlingException");
    EXPECT_EQ(namespaced.message, "Rate exceeded");
    EXPECT_EQ(
        parse_aws_error(400, R"({"__type":"InvalidParameterException:http://internal/"})").code,
        "InvalidParameterException");
}

TEST(AwsErrorBody, BodyThatIsNoAwsErrorGivesItsFirstLine) {
    const auto html = parse_aws_error(502, "\n<html><head><title>502 Bad Gateway</title></head>\n"
                                           "<body>nginx</body></html>");
    EXPECT_EQ(html.code, "");
    EXPECT_EQ(html.message, "<html><head><title>502 Bad Gateway</title></head>");
    EXPECT_EQ(parse_aws_error(500, "").message, "");
    EXPECT_EQ(parse_aws_error(500, "<a><b>x</b></a>").message, "<a><b>x</b></a>");
    EXPECT_EQ(parse_aws_error(500, R"({"unrelated":1})").message, R"({"unrelated":1})");
    EXPECT_STREQ(aws_api_error(500, "", "GET", "https://s3.amazonaws.com/b?location").what(),
                 "GET /b: HTTP 500: (no message)");
}

TEST(AwsErrorBody, MessageIsOneClippedLine) {
    const std::string long_message(1000, 'x');
    const auto e = parse_aws_error(400, "<Error><Code>A</Code><Message>line one\nline two\t" +
                                            long_message + "</Message></Error>");
    EXPECT_EQ(e.message.find('\n'), std::string::npos);
    EXPECT_TRUE(e.message.starts_with("line one line two "));
    EXPECT_LE(e.message.size(), 303U);
}

TEST(AwsErrorBody, MessageIsPrintableAscii) {
    EXPECT_EQ(parse_aws_error(502, "caf\xc3\xa9 \x01\xff").message, "caf?? ??");
}

TEST(AwsErrorBody, NeverCarriesSignaturesOrTokens) {
    // IncompleteSignature-style messages may quote the Authorization header.
    const auto e = parse_aws_error(
        400, "<ErrorResponse><Error><Code>IncompleteSignature</Code><Message>Authorization="
             "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, "
             "SignedHeaders=host, Signature=deadbeefcafe X-Amz-Security-Token=FQoGZXIvYXdzE"
             "</Message></Error></ErrorResponse>");
    EXPECT_EQ(e.message.find("deadbeefcafe"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("FQoGZXIvYXdzE"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("AKIDEXAMPLE"), std::string::npos) << e.message;
    const auto page =
        parse_aws_error(403, "https://bucket.s3.amazonaws.com/k?X-Amz-Signature=abc123&x=1");
    EXPECT_EQ(page.message.find("abc123"), std::string::npos) << page.message;
}

TEST(AwsErrorBody, CodeThatIsNotAWordIsDropped) {
    const auto e = parse_aws_error(400, "<Error><Code>Bad code &lt;script&gt;</Code>"
                                        "<Message>m</Message></Error>");
    EXPECT_EQ(e.code, "");
    EXPECT_EQ(e.message, "m");
}

TEST(AwsErrorBody, ThrottleCodes) {
    for (const auto* code :
         {"Throttling", "ThrottlingException", "RequestLimitExceeded", "SlowDown",
          "TooManyRequestsException", "RequestThrottled", "RequestThrottledException",
          "ProvisionedThroughputExceededException", "EC2ThrottledException",
          "BandwidthLimitExceeded", "Client.RequestLimitExceeded"})
        EXPECT_TRUE(is_throttle_code(code)) << code;
    for (const auto* code : {"", "AccessDenied", "throttling", "InvalidInstanceID.NotFound",
                             "LimitExceededException", "Client.AccessDenied"})
        EXPECT_FALSE(is_throttle_code(code)) << code;
}

} // namespace
} // namespace cloudsync::collectors::aws
