// The IMDS managed-identity token wire format: the request URL (resource form,
// client_id only for a user-assigned identity) and the documented response,
// whose expires_in and expires_on are strings.
#include "auth/azure/imds_token.hpp"
#include "auth/error.hpp"

#include <gtest/gtest.h>

namespace cloudsync::auth::azure {
namespace {

const std::string endpoint(default_imds_endpoint);
const clock::system_time now{std::chrono::seconds(1506480273)};

std::string error_of(unsigned status, std::string_view body) {
    try {
        parse_imds_token_response(status, body, endpoint, now);
    } catch (const auth_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no auth_error for " << body;
    return {};
}

TEST(ImdsToken, ResourceIsTheScopeWithoutDotDefault) {
    EXPECT_EQ(resource_of_scope("https://management.azure.com/.default"),
              "https://management.azure.com");
    EXPECT_EQ(resource_of_scope("https://metrics.monitor.azure.com/.default"),
              "https://metrics.monitor.azure.com");
    EXPECT_EQ(resource_of_scope("https://management.azure.com/"), "https://management.azure.com/");
}

TEST(ImdsToken, UrlNamesApiVersionResourceAndOptionalClientId) {
    EXPECT_EQ(imds_token_url(endpoint, "https://management.azure.com", ""),
              "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
              "&resource=https%3A%2F%2Fmanagement.azure.com");
    EXPECT_EQ(imds_token_url("http://127.0.0.1:8080/id", "https://management.azure.com/",
                             "712eac09-e943-418c-9be6-9fd5c91078bl"),
              "http://127.0.0.1:8080/id?api-version=2018-02-01"
              "&resource=https%3A%2F%2Fmanagement.azure.com%2F"
              "&client_id=712eac09-e943-418c-9be6-9fd5c91078bl");
}

TEST(ImdsToken, ParsesTheDocumentedResponseWithStringTimes) {
    // The sample response of "How to use managed identities for Azure resources on
    // an Azure VM to acquire an access token" (learn.microsoft.com), token shortened.
    const auto token = parse_imds_token_response(200, R"({
  "access_token": "eyJ0eXAi...",
  "refresh_token": "",
  "expires_in": "3599",
  "expires_on": "1506484173",
  "not_before": "1506480273",
  "resource": "https://management.azure.com/",
  "token_type": "Bearer"
})",
                                                 endpoint, now);
    EXPECT_EQ(token.value.reveal(), "eyJ0eXAi...");
    EXPECT_EQ(token.lifetime, std::chrono::seconds(3599));
}

TEST(ImdsToken, FallsBackToExpiresOnWhenExpiresInIsMissing) {
    const auto token = parse_imds_token_response(
        200, R"({"access_token":"t","expires_on":"1506484173","token_type":"Bearer"})", endpoint,
        now);
    EXPECT_EQ(token.lifetime, std::chrono::seconds(1506484173 - 1506480273));
    const auto numeric = parse_imds_token_response(
        200, R"({"access_token":"t","expires_in":"bogus","expires_on":1506480373})", endpoint, now);
    EXPECT_EQ(numeric.lifetime, std::chrono::seconds(100));
}

TEST(ImdsToken, ErrorsNameEndpointStatusCodeAndDescription) {
    // The documented error shape: {"error", "error_description"}.
    EXPECT_EQ(
        error_of(
            400,
            R"({"error":"invalid_request","error_description":"Required metadata header not specified"})"),
        "token request to " + endpoint +
            " failed: HTTP 400 invalid_request: Required metadata header not specified");
    EXPECT_EQ(
        error_of(
            400,
            R"({"error":"invalid_resource","error_description":"AADSTS50001: The application named https://x was not found.\r\nTrace ID: 1"})"),
        "token request to " + endpoint +
            " failed: HTTP 400 invalid_resource: AADSTS50001: The application named "
            "https://x was not found.");
    EXPECT_EQ(error_of(404, R"({"error":"not_found"})"),
              "token request to " + endpoint + " failed: HTTP 404 not_found");
}

TEST(ImdsToken, RejectsMalformedAnswersWithoutLeakingTheToken) {
    EXPECT_NE(error_of(200, "<html/>").find("not a JSON object"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"expires_in":"60"})").find("no access_token"), std::string::npos);
    const auto expired =
        error_of(200, R"({"access_token":"sekrit","expires_in":"0","expires_on":"1506480000"})");
    EXPECT_NE(expired.find("no positive expires_in and no future expires_on"), std::string::npos);
    EXPECT_EQ(expired.find("sekrit"), std::string::npos);
    EXPECT_NE(error_of(200, R"({"access_token":"t","expires_in":"60","token_type":"pop"})")
                  .find("unsupported token_type pop"),
              std::string::npos);
}

} // namespace
} // namespace cloudsync::auth::azure
