// Google error bodies: every official error example classified, the documented
// shapes of a disabled API and of Compute's rate limit, bodies that are not
// Google's, and messages that never carry a token or the URL's query.
#include "collectors/gcp/error_body.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::string_view url = "https://compute.googleapis.com/compute/v1/projects/p/aggregated/"
                                 "instances?maxResults=500&pageToken=SECRETPAGE";

struct expected {
    unsigned status;
    error_kind kind;
    std::string code;
};

TEST(GcpErrorBody, ClassifiesEveryOfficialErrorExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const std::map<std::string, expected> cases{
        {"aip-0193.429.RESOURCE_EXHAUSTED.example.json",
         {429, error_kind::rate_limited, "RESOURCE_EXHAUSTED"}},
        {"cloudresourcemanager.403.PERMISSION_DENIED.kcc-golden.json",
         {403, error_kind::permission_denied, "PERMISSION_DENIED"}},
        {"compute.404.notFound.kcc-golden.json", {404, error_kind::not_found, "notFound"}},
        {"monitoring.404.NOT_FOUND.kcc-golden.json", {404, error_kind::not_found, "NOT_FOUND"}},
        {"run.404.NOT_FOUND.kcc-golden.json", {404, error_kind::not_found, "NOT_FOUND"}},
        {"storage.404.bucket-notFound.kcc-golden.json", {404, error_kind::not_found, "notFound"}},
        {"storage.404.object-notFound.kcc-golden.json", {404, error_kind::not_found, "NOT_FOUND"}},
    };
    std::size_t seen = 0;
    for (const auto& file :
         std::filesystem::directory_iterator(test::examples_dir() + "/gcp/errors")) {
        const auto name = file.path().filename().string();
        if (file.path().extension() != ".json")
            continue;
        ++seen;
        const auto it = cases.find(name);
        ASSERT_NE(it, cases.end()) << "no expectation for errors/" << name;
        const auto& want = it->second;
        const auto body = test::gcp_fixture("errors/" + name);
        const auto e = parse_google_error(want.status, body);
        EXPECT_EQ(e.kind, want.kind) << name;
        EXPECT_EQ(e.code, want.code) << name;
        EXPECT_FALSE(e.message.empty()) << name;
        const auto thrown = gcp_error(want.status, body, url);
        EXPECT_EQ(thrown.status(), want.status);
        EXPECT_EQ(thrown.code(), want.code);
        EXPECT_EQ(kind_of(thrown), want.kind) << name;
        EXPECT_EQ(std::string(thrown.what()).find("SECRETPAGE"), std::string::npos);
    }
    EXPECT_EQ(seen, cases.size());
}

TEST(GcpErrorBody, ReadsTheFullyPopulatedExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto e = parse_google_error(
        429, test::gcp_fixture("errors/aip-0193.429.RESOURCE_EXHAUSTED.example.json"));
    EXPECT_EQ(e.status, "RESOURCE_EXHAUSTED");
    EXPECT_EQ(e.reasons, std::vector<std::string>{"RESOURCE_AVAILABILITY"});
    EXPECT_EQ(e.message, "The zone 'us-east1-a' does not have enough resources available to "
                         "fulfill the request. Try a different zone, or try again later.");
    EXPECT_EQ(e.summary, "quota or rate limit exceeded: " + e.message);
}

TEST(GcpErrorBody, ApiNotEnabled) {
    // The AIP-193 shape with the ErrorInfo of a disabled service.
    const auto e = parse_google_error(403, R"({"error": {"code": 403,
        "message": "Compute Engine API has not been used in project 123 before or it is disabled.",
        "status": "PERMISSION_DENIED",
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                     "reason": "SERVICE_DISABLED", "domain": "googleapis.com",
                     "metadata": {"service": "compute.googleapis.com", "consumer": "projects/123"}}]}})");
    EXPECT_EQ(e.kind, error_kind::api_disabled);
    EXPECT_EQ(e.code, "SERVICE_DISABLED");
    EXPECT_EQ(e.service, "compute.googleapis.com");
    EXPECT_EQ(e.consumer, "projects/123");
    EXPECT_EQ(e.summary.substr(0, 59),
              "API not enabled: compute.googleapis.com in projects/123 (th");
    // The legacy shape (Compute, Storage): errors[].reason accessNotConfigured.
    const auto legacy =
        gcp_error(403, R"({"error": {"code": 403, "message": "Access Not Configured.",
        "errors": [{"domain": "usageLimits", "reason": "accessNotConfigured",
                    "message": "Access Not Configured."}]}})",
                  url);
    EXPECT_EQ(kind_of(legacy), error_kind::api_disabled);
    EXPECT_EQ(legacy.code(), "accessNotConfigured");
}

TEST(GcpErrorBody, RateLimitsOfEveryShape) {
    // Compute's rate quota answers 403 with reason rateLimitExceeded.
    const auto compute =
        parse_google_error(403, R"({"error": {"code": 403, "message": "Rate Limit Exceeded",
        "errors": [{"domain": "usageLimits", "reason": "rateLimitExceeded"}]}})");
    EXPECT_EQ(compute.kind, error_kind::rate_limited);
    EXPECT_EQ(compute.code, "rateLimitExceeded");
    const auto info =
        parse_google_error(429, R"({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED",
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED"}]}})");
    EXPECT_EQ(info.kind, error_kind::rate_limited);
    EXPECT_EQ(parse_google_error(429, "").kind, error_kind::rate_limited); // the status says it
}

TEST(GcpErrorBody, StatusAloneWhenTheBodyIsNotGoogles) {
    EXPECT_EQ(parse_google_error(401, "").kind, error_kind::unauthenticated);
    EXPECT_EQ(parse_google_error(403, "<html>nope</html>").kind, error_kind::permission_denied);
    EXPECT_EQ(parse_google_error(404, R"({"error": "x"})").kind, error_kind::not_found);
    const auto proxy = parse_google_error(502, "<html>\n<b>Bad gateway</b>\n</html>");
    EXPECT_EQ(proxy.kind, error_kind::other);
    EXPECT_EQ(proxy.code, "");
    EXPECT_EQ(proxy.message, "<html> <b>Bad gateway</b> </html>");
    EXPECT_EQ(
        parse_google_error(500, R"({"error": {"code": "x", "errors": 5, "details": {}}})").kind,
        error_kind::other);
    EXPECT_EQ(parse_google_error(500, std::string(100000, '{')).message.size(), 303u);
    const auto e = gcp_error(503, "{", url);
    EXPECT_EQ(std::string(e.what()),
              "GET /compute/v1/projects/p/aggregated/instances: HTTP 503: request failed: {");
}

TEST(GcpErrorBody, MessagesCarryNoToken) {
    const auto e = gcp_error(401, R"({"error": {"code": 401, "status": "UNAUTHENTICATED",
        "message": "Request had invalid authentication credentials: Bearer ya29.a0AfH6SMBsecret, access_token=ya29.other&x=1"}})",
                             url);
    const std::string what = e.what();
    EXPECT_EQ(kind_of(e), error_kind::unauthenticated);
    for (const auto* secret : {"a0AfH6SMBsecret", "ya29.other", "SECRETPAGE"})
        EXPECT_EQ(what.find(secret), std::string::npos) << what;
    EXPECT_NE(what.find("[redacted]"), std::string::npos) << what;
    EXPECT_EQ(e.message().find("a0AfH6SMBsecret"), std::string::npos);
    // Fields that should hold enum words but hold other text are dropped (found by fuzzing).
    const auto odd = gcp_error(403, R"({"error": {"status": "PERMISSION ya29.x",
        "errors": [{"reason": "bad reason ya29.y"}],
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED",
                     "metadata": {"service": "ya29.z", "consumer": "Bearer q"}}]}})",
                               url);
    EXPECT_EQ(odd.code(), "SERVICE_DISABLED");
    for (const auto* secret : {"ya29.x", "ya29.y", "ya29.z", "Bearer q"})
        EXPECT_EQ(std::string(odd.what()).find(secret), std::string::npos) << odd.what();
    const auto html = parse_google_error(502, "<p>Authorization: Bearer abc.def</p>");
    EXPECT_EQ(html.message.find("abc.def"), std::string::npos) << html.message;
}

TEST(GcpErrorBody, KindNames) {
    EXPECT_EQ(to_string(error_kind::api_disabled), "api_disabled");
    EXPECT_EQ(to_string(error_kind::rate_limited), "rate_limited");
    EXPECT_EQ(to_string(error_kind::permission_denied), "permission_denied");
    EXPECT_EQ(to_string(error_kind::not_found), "not_found");
    EXPECT_EQ(to_string(error_kind::unauthenticated), "unauthenticated");
    EXPECT_EQ(to_string(error_kind::other), "other");
}

} // namespace
} // namespace cloudsync::collectors::gcp
