// The OAuth 2.0 token answer every bearer credential parses (Entra ID's official
// examples, Google's shape, numeric and string expires_in, error answers,
// garbage) and the form encoding of token requests.
#include "auth/error.hpp"
#include "auth/oauth_token.hpp"
#include "support/official_examples.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace cloudsync::auth {
namespace {

// Tests that call it start with CLOUDSYNC_REQUIRE_EXAMPLES().
std::string fixture(const std::string& name) { return test::example_text("azure/" + name); }

constexpr std::string_view endpoint = "https://login.example/tenant/oauth2/v2.0/token";

std::string error_of(unsigned status, std::string_view body) {
    try {
        parse_token_answer(status, body, endpoint);
    } catch (const auth_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no auth_error for " << body;
    return {};
}

TEST(OauthToken, ParsesOfficialSuccessExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto token = parse_token_answer(
        200, fixture("identity.token.clientCredentials.success.json"), endpoint);
    EXPECT_EQ(token.value.reveal(),
              "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1uQ19WWmNBVGZNNXBP...");
    EXPECT_EQ(token.lifetime, std::chrono::seconds(3599));
}

TEST(OauthToken, OfficialErrorNamesEndpointCodeAndFirstLineOnly) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto message = error_of(400, fixture("identity.token.clientCredentials.error.json"));
    EXPECT_NE(message.find(endpoint), std::string::npos) << message;
    EXPECT_NE(message.find("HTTP 400"), std::string::npos) << message;
    EXPECT_NE(message.find("invalid_scope: AADSTS70011: The provided value for the input "
                           "parameter 'scope' is not valid. The scope "
                           "https://foo.microsoft.com/.default is not valid."),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("Trace ID"), std::string::npos) << message;
}

TEST(OauthToken, AcceptsNumericStringExpiresIn) {
    const auto token = parse_token_answer(
        200, R"({"token_type":"Bearer","expires_in":"600","access_token":"abc"})", endpoint);
    EXPECT_EQ(token.value.reveal(), "abc");
    EXPECT_EQ(token.lifetime, std::chrono::seconds(600));
}

TEST(OauthToken, ParsesGooglesAnswerShape) {
    // oauth2.googleapis.com/token: numeric expires_in, token_type "Bearer", and
    // trailing padding dots in the token that must survive untouched.
    const auto token = parse_token_answer(
        200, R"({"access_token":"ya29.c.b0Aaek...","expires_in":3599,"token_type":"Bearer"})",
        "https://oauth2.googleapis.com/token");
    EXPECT_EQ(token.value.reveal(), "ya29.c.b0Aaek...");
    EXPECT_EQ(token.lifetime, std::chrono::seconds(3599));
    EXPECT_EQ(parse_token_answer(200, R"({"access_token":"t","expires_in":59.9,"token_type":"bearer"})",
                                 endpoint)
                  .lifetime,
              std::chrono::seconds(59));
}

TEST(OauthToken, GooglesErrorAnswerNamesCodeAndDescription) {
    const auto message = error_of(
        400, R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})");
    EXPECT_NE(message.find("token request to " + std::string(endpoint) +
                           " failed: HTTP 400 invalid_grant: Invalid JWT Signature."),
              std::string::npos)
        << message;
    // An error member wins over a 200 status.
    EXPECT_NE(error_of(200, R"({"error":"unauthorized_client","access_token":"sekrit"})")
                  .find("HTTP 200 unauthorized_client"),
              std::string::npos);
}

TEST(OauthToken, RejectsMalformedAnswersWithoutLeakingTheToken) {
    EXPECT_NE(error_of(200, "<html>oops</html>").find("not a JSON object"), std::string::npos);
    EXPECT_NE(error_of(200, "").find("not a JSON object"), std::string::npos);
    EXPECT_NE(error_of(200, "[1,2]").find("not a JSON object"), std::string::npos);
    EXPECT_NE(error_of(200, "{\"access_token\":\"t\",").find("not a JSON object"),
              std::string::npos);
    EXPECT_NE(error_of(200, R"({"expires_in":3599})").find("no access_token"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"","expires_in":3599})").find("no access_token"),
              std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":42,"expires_in":3599})").find("no access_token"),
              std::string::npos);
    const auto no_expiry = error_of(200, R"({"access_token":"sekrit-token"})");
    EXPECT_NE(no_expiry.find("expires_in"), std::string::npos);
    EXPECT_EQ(no_expiry.find("sekrit-token"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":0})").find("expires_in"),
              std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":"12x"})").find("expires_in"),
              std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":-3})").find("expires_in"),
              std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":1e300})").find("expires_in"),
              std::string::npos);
    EXPECT_NE(error_of(503, R"({})").find("HTTP 503 unknown_error"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":5,"token_type":"mac"})")
                  .find("unsupported token_type mac"),
              std::string::npos);
}

TEST(OauthToken, IntegerMemberReadsNumbersAndDigitStrings) {
    const auto doc = boost::json::parse(
        R"({"n":42,"s":"86399","big":18446744073709551615,"f":1.5,"e":"","x":"4 2","b":true})");
    EXPECT_EQ(integer_member(doc, "n"), 42);
    EXPECT_EQ(integer_member(doc, "s"), 86399);
    EXPECT_EQ(integer_member(doc, "f"), 1);
    EXPECT_FALSE(integer_member(doc, "big"));
    EXPECT_FALSE(integer_member(doc, "e"));
    EXPECT_FALSE(integer_member(doc, "x"));
    EXPECT_FALSE(integer_member(doc, "b"));
    EXPECT_FALSE(integer_member(doc, "absent"));
}

TEST(FormBody, EncodesEveryReservedByte) {
    EXPECT_EQ(form_url_encode("a b&c=d+e/f?g%h~i.j_k-l"), "a%20b%26c%3Dd%2Be%2Ff%3Fg%25h~i.j_k-l");
    EXPECT_EQ(form_url_encode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(form_url_encode(""), "");
}

TEST(FormBody, JoinsFieldsInOrder) {
    // Google's service-account grant (RFC 7523 §2.1).
    EXPECT_EQ(form_body({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                         {"assertion", "h.c.s"}}),
              "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=h.c.s");
    EXPECT_EQ(form_body({}), "");
}

} // namespace
} // namespace cloudsync::auth
