#include "auth/azure/token_response.hpp"
#include "auth/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace cloudsync::auth::azure {
namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(CLOUDSYNC_FIXTURES_DIR) + "/azure/" + name, std::ios::binary);
    EXPECT_TRUE(in.good()) << name;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

constexpr std::string_view endpoint = "https://login.example/tenant/oauth2/v2.0/token";

std::string error_of(unsigned status, std::string_view body) {
    try {
        parse_token_response(status, body, endpoint);
    } catch (const auth_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no auth_error for " << body;
    return {};
}

TEST(TokenResponse, ParsesOfficialSuccessExample) {
    const auto token = parse_token_response(
        200, fixture("identity.token.clientCredentials.success.json"), endpoint);
    EXPECT_EQ(token.value.reveal(),
              "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik1uQ19WWmNBVGZNNXBP...");
    EXPECT_EQ(token.lifetime, std::chrono::seconds(3599));
}

TEST(TokenResponse, OfficialErrorNamesEndpointCodeAndFirstLineOnly) {
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

TEST(TokenResponse, AcceptsNumericStringExpiresIn) {
    const auto token = parse_token_response(
        200, R"({"token_type":"Bearer","expires_in":"600","access_token":"abc"})", endpoint);
    EXPECT_EQ(token.value.reveal(), "abc");
    EXPECT_EQ(token.lifetime, std::chrono::seconds(600));
}

TEST(TokenResponse, RejectsMalformedAnswersWithoutLeakingTheToken) {
    EXPECT_NE(error_of(200, "<html>oops</html>").find("not a JSON object"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"expires_in":3599})").find("no access_token"), std::string::npos);
    const auto no_expiry = error_of(200, R"({"access_token":"sekrit-token"})");
    EXPECT_NE(no_expiry.find("expires_in"), std::string::npos);
    EXPECT_EQ(no_expiry.find("sekrit-token"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":0})").find("expires_in"),
              std::string::npos);
    EXPECT_NE(error_of(503, R"({})").find("HTTP 503 unknown_error"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":5,"token_type":"mac"})")
                  .find("unsupported token_type mac"),
              std::string::npos);
}

TEST(FormBody, MatchesTheDocumentedRequest) {
    EXPECT_EQ(client_credentials_form("535fb089-9ff3-47b6-9bfb-4f1264799865",
                                      "https://graph.microsoft.com/.default",
                                      secret("sampleCredentials")),
              "client_id=535fb089-9ff3-47b6-9bfb-4f1264799865"
              "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
              "&client_secret=sampleCredentials&grant_type=client_credentials");
}

TEST(FormBody, EncodesEveryReservedByteOfTheSecret) {
    EXPECT_EQ(form_url_encode("a b&c=d+e/f?g%h~i.j_k-l"), "a%20b%26c%3Dd%2Be%2Ff%3Fg%25h~i.j_k-l");
    EXPECT_EQ(form_url_encode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(form_url_encode(""), "");
}

} // namespace
} // namespace cloudsync::auth::azure
