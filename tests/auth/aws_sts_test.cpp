// The STS wire format on the official examples: AssumeRole and GetCallerIdentity
// requests carry what the STS API Reference's sample requests carry, their
// sample answers parse, the Query-protocol error answers (botocore's STS error
// test file, the Smithy protocol test) become messages with code and message,
// and malformed answers say what is missing without repeating a secret.
#include "auth/aws/detail/xml.hpp"
#include "auth/aws/sts.hpp"
#include "auth/error.hpp"
#include "collectors/fixture.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth::aws {
namespace {

using namespace std::chrono;
using test::aws_fixture;

constexpr std::string_view endpoint = "https://sts.us-east-1.amazonaws.com/";

std::string error_of(auto&& parse) {
    try {
        parse();
    } catch (const auth_error& e) {
        return e.what();
    }
    return "no error";
}

// The body of a sample HTTP message (after the first empty line).
std::string body_of(const std::string& message) {
    return message.substr(message.find("\n\n") + 2);
}

TEST(AwsSts, AssumeRoleRequestCarriesTheSampleRequestsParameters) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const std::string sample = aws_fixture("sts.AssumeRole.request.txt");
    for (const std::string_view line :
         {"?Version=2011-06-15", "&Action=AssumeRole",
          "&RoleArn=arn:aws:iam::123456789012:role/demo", "&ExternalId=123ABC",
          "&DurationSeconds=3600", "&RoleSessionName=testAR"})
        ASSERT_NE(sample.find(line), std::string::npos) << line;
    const auto req = assume_role_request(
        endpoint, {"arn:aws:iam::123456789012:role/demo", "testAR", secret("123ABC"), 3600s});
    EXPECT_EQ(req.method, boost::beast::http::verb::post);
    EXPECT_EQ(req.url, endpoint);
    EXPECT_EQ(req.body, "Action=AssumeRole&Version=2011-06-15"
                        "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                        "&RoleSessionName=testAR&ExternalId=123ABC&DurationSeconds=3600");
    EXPECT_EQ(
        req.headers,
        (http::header_list{{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}));
    const auto without_external_id = assume_role_request(
        endpoint, {"arn:aws:iam::123456789012:role/demo", "cloudsyncd", {}, 900s});
    EXPECT_EQ(without_external_id.body.find("ExternalId"), std::string::npos);
}

TEST(AwsSts, AssumeRoleRefusesParametersStsWouldRefuse) {
    EXPECT_NE(error_of([] {
                  assume_role_request(endpoint, {"", "cloudsyncd", {}, 3600s});
              }).find("role ARN"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  assume_role_request(endpoint, {"arn:aws:iam::1:role/r", "x", {}, 3600s});
              }).find("session name"),
              std::string::npos);
    EXPECT_NE(error_of([] {
                  assume_role_request(endpoint, {"arn:aws:iam::1:role/r", "cloudsyncd", {}, 899s});
              }).find("899 s is outside [900, 43200] s"),
              std::string::npos);
    EXPECT_NO_THROW(
        assume_role_request(endpoint, {"arn:aws:iam::1:role/r", "cloudsyncd", {}, 43200s}));
}

TEST(AwsSts, AssumeRoleSampleAnswerParses) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto session = parse_assume_role_answer(200, aws_fixture("sts.AssumeRole.xml"), endpoint);
    EXPECT_EQ(session.access_key_id, "ASIAIOSFODNN7EXAMPLE");
    EXPECT_EQ(session.secret_access_key.reveal(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
    // The sample wraps the token over five indented lines; these are its pieces joined.
    EXPECT_EQ(session.session_token.reveal(),
              "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW"
              "LWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGd"
              "QrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU"
              "9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz"
              "+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==");
    ASSERT_TRUE(session.expiry);
    EXPECT_EQ(*session.expiry,
              clock::system_time(sys_days{year{2019} / 11 / 9} + 13h + 34min + 41s));
}

TEST(AwsSts, CallerIdentitySamplesParse) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    std::string sample_body = body_of(aws_fixture("sts.GetCallerIdentity.request.http"));
    while (!sample_body.empty() && sample_body.back() == '\n')
        sample_body.pop_back();
    EXPECT_EQ(caller_identity_request(endpoint).body, sample_body);
    const auto user =
        parse_caller_identity_answer(200, aws_fixture("sts.GetCallerIdentity.xml"), endpoint);
    EXPECT_EQ(user.account, "123456789012");
    EXPECT_EQ(user.arn, "arn:aws:iam::123456789012:user/Alice");
    EXPECT_EQ(user.user_id, "AIDACKCEVSQ6C2EXAMPLE");
    const auto role = parse_caller_identity_answer(
        200, body_of(aws_fixture("sts.GetCallerIdentity.assumed-role.http")), endpoint);
    EXPECT_EQ(role.account, "123456789012");
    EXPECT_EQ(role.arn, "arn:aws:sts::123456789012:assumed-role/my-role-name/my-role-session-name");
}

TEST(AwsSts, ErrorAnswersNameCodeAndMessage) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    EXPECT_EQ(error_of([] {
                  parse_assume_role_answer(403, aws_fixture("sts.Error.AccessDenied.botocore.xml"),
                                           endpoint);
              }),
              "sts AssumeRole at https://sts.us-east-1.amazonaws.com/ failed: HTTP 403 "
              "AccessDenied: GetSessionToken call failed, unable to validate MFA code.  Please "
              "verify your MFA serial number is valid and associated with this user.");
    EXPECT_EQ(error_of([] {
                  parse_caller_identity_answer(400, aws_fixture("query.Error.protocol-test.xml"),
                                               endpoint);
              }),
              "sts GetCallerIdentity at https://sts.us-east-1.amazonaws.com/ failed: HTTP 400 "
              "InvalidGreeting: Hi");
}

TEST(AwsSts, MalformedAnswersSayWhatIsMissingWithoutSecrets) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    EXPECT_NE(error_of([] {
                  parse_assume_role_answer(503, "Service Unavailable", endpoint);
              }).find("HTTP 503 (not an sts AssumeRole answer)"),
              std::string::npos);
    // A success document under an error status is not trusted.
    EXPECT_NE(error_of([] {
                  parse_assume_role_answer(500, aws_fixture("sts.AssumeRole.xml"), endpoint);
              }).find("HTTP 500 (not an sts AssumeRole answer)"),
              std::string::npos);
    std::string no_expiry = aws_fixture("sts.AssumeRole.xml");
    no_expiry.replace(no_expiry.find("2019-11-09T13:34:41Z"), 20, "soon");
    const auto message = error_of([&] { parse_assume_role_answer(200, no_expiry, endpoint); });
    EXPECT_NE(message.find("valid Credentials Expiration"), std::string::npos);
    EXPECT_EQ(message.find("EXAMPLEKEY"), std::string::npos);
    EXPECT_EQ(message.find("AQoDYXdzEPT"), std::string::npos);
    std::string no_account = aws_fixture("sts.GetCallerIdentity.xml");
    no_account.replace(no_account.find("123456789012</Account>"), 12, "12345");
    EXPECT_NE(error_of([&] {
                  parse_caller_identity_answer(200, no_account, endpoint);
              }).find("lacks a 12-digit Account"),
              std::string::npos);
}

TEST(AwsSts, ElementsAreFoundWhateverTheNamespacePrefix) {
    const std::string prefixed =
        "<sts:GetCallerIdentityResponse xmlns:sts=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        "<sts:GetCallerIdentityResult><sts:Account>210987654321</sts:Account>"
        "</sts:GetCallerIdentityResult></sts:GetCallerIdentityResponse>";
    EXPECT_EQ(parse_caller_identity_answer(200, prefixed, endpoint).account, "210987654321");
}

TEST(AwsSts, TimestampsInUtcWithFractionsAndOffsets) {
    const auto at = clock::system_time(sys_days{year{2019} / 11 / 9} + 13h + 34min + 41s);
    EXPECT_EQ(detail::parse_timestamp("2019-11-09T13:34:41Z"), at);
    EXPECT_EQ(detail::parse_timestamp("2019-11-09T13:34:41.123Z"), at);
    EXPECT_EQ(detail::parse_timestamp("2019-11-09T15:34:41+02:00"), at);
    EXPECT_EQ(detail::parse_timestamp("2019-11-09T13:34:41"), std::nullopt);
    EXPECT_EQ(detail::parse_timestamp("2019-02-30T13:34:41Z"), std::nullopt);
    EXPECT_EQ(detail::parse_timestamp(""), std::nullopt);
}

} // namespace
} // namespace cloudsync::auth::aws
