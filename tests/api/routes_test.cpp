// Every route, status code and auth rule of DESIGN.md "HTTP API", over a real
// loopback connection.
#include "api/client.hpp"
#include "api/server_fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cloudsync::api;
using namespace cloudsync::api::testing;
using http::verb;

namespace {

constexpr const char* token = "s3cret-token";

json::value body_json(const response& res) {
    return json::parse(res.body());
}

std::string error_of(const response& res) {
    return std::string(body_json(res).at("error").as_string());
}

} // namespace

TEST(ApiRoutes, HealthzNeedsNoToken) {
    running_server srv;
    client c(srv.endpoint());
    const auto res = c.request(verb::get, "/healthz");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), R"({"status":"ok"})");
    EXPECT_EQ(res[http::field::content_type], "application/json");
}

TEST(ApiRoutes, HealthzUnhealthyIs503WithReason) {
    running_server srv;
    srv.backend->set_health({false, "database unreachable"});
    client c(srv.endpoint());
    const auto res = c.request(verb::get, "/healthz");
    EXPECT_EQ(res.result_int(), 503);
    EXPECT_EQ(error_of(res), "database unreachable");
}

TEST(ApiRoutes, StatusRequiresBearerToken) {
    running_server srv;
    client c(srv.endpoint());
    auto res = c.request(verb::get, "/status");
    EXPECT_EQ(res.result_int(), 401);
    EXPECT_EQ(res[http::field::www_authenticate].substr(0, 6), "Bearer");
    EXPECT_EQ(error_of(res), "missing bearer token");

    res = c.request(verb::get, "/status", "wrong-token");
    EXPECT_EQ(res.result_int(), 401);
    EXPECT_EQ(error_of(res), "invalid bearer token");

    res = c.request(verb::get, "/status", token);
    EXPECT_EQ(res.result_int(), 200);
}

// After 10 rejected tokens from one address, that address gets 429 with
// Retry-After on every route that needs a token, even with the right token, so
// a token cannot be guessed at the API's full rate; /healthz still answers.
TEST(ApiRoutes, RepeatedRejectedTokensAreRefusedWith429) {
    running_server srv;
    client c(srv.endpoint());
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(c.request(verb::get, "/status", i % 2 ? "wrong-token" : "").result_int(), 401)
            << i;
    auto res = c.request(verb::get, "/status", token);
    EXPECT_EQ(res.result_int(), 429);
    EXPECT_EQ(error_of(res), "too many rejected tokens from this address");
    const auto wait = std::stoi(std::string(res[http::field::retry_after]));
    EXPECT_GT(wait, 0);
    EXPECT_LE(wait, 60);
    EXPECT_EQ(c.request(verb::post, "/sync", token).result_int(), 429);
    EXPECT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
}

TEST(ApiRoutes, StatusShowsJobsAndLastRuns) {
    running_server srv;
    srv.backend->set_running("aws-prod", cloudsync::inventory::collector_kind::alerts);
    client c(srv.endpoint());
    const auto res = c.request(verb::get, "/status", token);
    ASSERT_EQ(res.result_int(), 200);
    const auto doc = body_json(res);
    EXPECT_EQ(doc.at("version"), "1.2.3-test");
    EXPECT_GE(doc.at("uptime_seconds").as_int64(), 0);
    const auto& jobs = doc.at("jobs").as_array();
    ASSERT_EQ(jobs.size(), 4u);
    // Accounts come sorted: aws-prod first.
    EXPECT_EQ(jobs[1].at("collector"), "alerts");
    EXPECT_EQ(jobs[1].at("running"), true);
    EXPECT_EQ(jobs[1].at("last_run"), nullptr);
    const auto& vms = jobs[2];
    EXPECT_EQ(vms.at("account"), "azure-prod");
    EXPECT_EQ(vms.at("provider"), "azure");
    EXPECT_EQ(vms.at("consecutive_failures"), 1);
    EXPECT_EQ(vms.at("next_due"), "2023-11-14T22:28:20.000Z");
    const auto& last = vms.at("last_run");
    EXPECT_EQ(last.at("id"), 7);
    EXPECT_EQ(last.at("status"), "partial");
    EXPECT_EQ(last.at("started_at"), "2023-11-14T22:13:20.000Z");
    EXPECT_EQ(last.at("finished_at"), "2023-11-14T22:13:22.500Z");
    EXPECT_EQ(last.at("counts").at("added"), 3);
    EXPECT_EQ(last.at("error"), "azure: 429 throttled");
    const auto& failed = last.at("failed_scopes").as_array();
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].at("scope"), "sub-2");
    EXPECT_EQ(failed[0].at("error"), "azure: 429 throttled");
    const auto& empty = last.at("empty_scopes").as_array();
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_EQ(empty[0].at("scope"), "sub-3");
    EXPECT_EQ(empty[0].at("reason"), "API not enabled");
}

// /status renders a view only when it differs from the last one it rendered
// (api/detail/status_cache.hpp): a job that starts between two requests shows
// in the second, never a body of the view before.
TEST(ApiRoutes, StatusShowsAChangeAtTheNextRequest) {
    running_server srv;
    client c(srv.endpoint());
    const auto running = [&] {
        const auto doc = body_json(c.request(verb::get, "/status", token));
        return doc.at("jobs").as_array()[1].at("running").as_bool();
    };
    EXPECT_FALSE(running());
    EXPECT_FALSE(running());
    srv.backend->set_running("aws-prod", cloudsync::inventory::collector_kind::alerts);
    EXPECT_TRUE(running());
}

TEST(ApiRoutes, WithoutConfiguredTokenReadRoutesAreOpenAndSyncIsForbidden) {
    auto opts = test_options();
    opts.token.reset();
    running_server srv(opts);
    client c(srv.endpoint());
    EXPECT_EQ(c.request(verb::get, "/status").result_int(), 200);
    EXPECT_EQ(c.request(verb::get, "/runs/7").result_int(), 200);
    EXPECT_EQ(c.request(verb::get, "/metrics").result_int(), 200);
    const auto res = c.request(verb::post, "/sync", "anything");
    EXPECT_EQ(res.result_int(), 403);
    EXPECT_NE(error_of(res).find("no api.token is configured"), std::string::npos);
}

TEST(ApiRoutes, SyncStartsRunsAndListsQueuedJobs) {
    running_server srv;
    client c(srv.endpoint());
    EXPECT_EQ(c.request(verb::post, "/sync").result_int(), 401);
    const auto res = c.request(verb::post, "/sync", token);
    ASSERT_EQ(res.result_int(), 202);
    const auto doc = body_json(res);
    const auto& runs = doc.at("runs").as_array();
    ASSERT_EQ(runs.size(), 4u);
    EXPECT_EQ(runs[0].at("id"), 100);
    EXPECT_EQ(runs[0].at("queued"), false);
    EXPECT_EQ(runs[1].at("id"), 101);
    EXPECT_EQ(runs[2].at("id"), nullptr);
    EXPECT_EQ(runs[2].at("queued"), true);
}

TEST(ApiRoutes, SyncNarrowsByAccountAndCollector) {
    running_server srv;
    client c(srv.endpoint());
    const auto res = c.request(verb::post, "/sync?account=azure-prod&collector=storage", token);
    ASSERT_EQ(res.result_int(), 202);
    const auto doc = body_json(res);
    const auto& runs = doc.at("runs").as_array();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].at("account"), "azure-prod");
    EXPECT_EQ(runs[0].at("collector"), "storage");
}

TEST(ApiRoutes, SyncUnknownAccountOrKindIs404) {
    running_server srv;
    client c(srv.endpoint());
    auto res = c.request(verb::post, "/sync?account=nope", token);
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(error_of(res), "unknown account 'nope'");
    res = c.request(verb::post, "/sync?collector=printers", token);
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(error_of(res), "unknown collector kind 'printers'");
    res = c.request(verb::post, "/sync?account=azure-prod&collector=alerts", token);
    EXPECT_EQ(res.result_int(), 404) << "valid kind, but no such job for that account";
}

TEST(ApiRoutes, SyncOfRunningJobIs409) {
    running_server srv;
    srv.backend->set_running("azure-prod", cloudsync::inventory::collector_kind::vms);
    client c(srv.endpoint());
    const auto res = c.request(verb::post, "/sync?account=azure-prod&collector=vms", token);
    EXPECT_EQ(res.result_int(), 409);
    EXPECT_EQ(error_of(res), "already running");
    EXPECT_EQ(body_json(res).at("runs").as_array().at(0).at("id"), 1);
}

TEST(ApiRoutes, SyncMalformedQueryIs400) {
    running_server srv;
    client c(srv.endpoint());
    for (const char* target :
         {"/sync?color=red", "/sync?account=a&account=b", "/sync?account=", "/sync?collector"}) {
        const auto res = c.request(verb::post, target, token);
        EXPECT_EQ(res.result_int(), 400) << target;
        EXPECT_FALSE(error_of(res).empty());
    }
    EXPECT_EQ(error_of(c.request(verb::post, "/sync?color=red", token)),
              "unknown query parameter 'color'");
}

TEST(ApiRoutes, SyncPercentEncodedAccount) {
    running_server srv;
    client c(srv.endpoint());
    EXPECT_EQ(c.request(verb::post, "/sync?account=azure%2Dprod", token).result_int(), 202);
}

// Found by fuzz_api_request: an error quoting percent-decoded bytes that are not
// UTF-8 was a body no JSON parser takes. They are replaced by U+FFFD.
TEST(ApiRoutes, ErrorsQuotingNonUtf8BytesAreStillJson) {
    running_server srv;
    client c(srv.endpoint());
    auto res = c.request(verb::post, "/sync?account=a%ffe", token);
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(error_of(res), "unknown account 'a\xEF\xBF\xBD" "e'");
    res = c.request(verb::post, "/sync?%C0%AF=1", token); // an overlong '/'
    EXPECT_EQ(res.result_int(), 400);
    EXPECT_EQ(error_of(res), "unknown query parameter '\xEF\xBF\xBD\xEF\xBF\xBD'");
    res = c.request(verb::post, "/sync?account=%C3%A9", token); // valid UTF-8 is kept
    EXPECT_EQ(error_of(res), "unknown account '\xC3\xA9'");
}

TEST(ApiRoutes, WrongMethodIs405WithAllow) {
    running_server srv;
    client c(srv.endpoint());
    auto res = c.request(verb::get, "/sync", token);
    EXPECT_EQ(res.result_int(), 405);
    EXPECT_EQ(res[http::field::allow], "POST");
    res = c.request(verb::delete_, "/status", token);
    EXPECT_EQ(res.result_int(), 405);
    EXPECT_EQ(res[http::field::allow], "GET");
    res = c.request(verb::post, "/healthz");
    EXPECT_EQ(res.result_int(), 405);
}

TEST(ApiRoutes, RunsById) {
    running_server srv;
    client c(srv.endpoint());
    EXPECT_EQ(c.request(verb::get, "/runs/7").result_int(), 401);
    auto res = c.request(verb::get, "/runs/7", token);
    ASSERT_EQ(res.result_int(), 200);
    const auto doc = body_json(res);
    EXPECT_EQ(doc.at("id"), 7);
    EXPECT_EQ(doc.at("account"), "azure-prod");
    EXPECT_EQ(doc.at("collector"), "vms");
    EXPECT_EQ(doc.at("trigger"), "schedule");
    EXPECT_EQ(doc.at("counts").at("seen"), 10);

    res = c.request(verb::get, "/runs/8", token);
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(error_of(res), "no run 8");
    for (const char* bad :
         {"/runs/abc", "/runs/-1", "/runs/1x", "/runs/", "/runs/99999999999999999999999"}) {
        res = c.request(verb::get, bad, token);
        EXPECT_EQ(res.result_int(), 400) << bad;
    }
}

TEST(ApiRoutes, UnknownRouteIs404) {
    running_server srv;
    client c(srv.endpoint());
    for (const char* target : {"/", "/runs", "/healthz/", "/statusx", "/../etc/passwd"}) {
        const auto res = c.request(verb::get, target, token);
        EXPECT_EQ(res.result_int(), 404) << target;
        EXPECT_EQ(error_of(res), "no such route");
    }
}

TEST(ApiRoutes, BackendFailureIs500AndServerKeepsServing) {
    running_server srv;
    srv.backend->set_failing(true);
    client c(srv.endpoint());
    auto res = c.request(verb::get, "/status", token);
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(error_of(res), "database unavailable");
    res = c.request(verb::get, "/healthz");
    EXPECT_EQ(res.result_int(), 200);
}

TEST(ApiRoutes, MetricsInPrometheusTextFormat) {
    running_server srv;
    client c(srv.endpoint());
    c.request(verb::get, "/healthz");
    c.request(verb::get, "/nowhere");
    EXPECT_EQ(c.request(verb::get, "/metrics").result_int(), 401);
    const auto res = c.request(verb::get, "/metrics", token);
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_EQ(res[http::field::content_type], "text/plain; version=0.0.4");
    EXPECT_NE(res.body().find("# TYPE cloudsync_api_requests_total counter"), std::string::npos);
    EXPECT_NE(res.body().find(R"(cloudsync_api_requests_total{route="/healthz",code="200"})"),
              std::string::npos);
    EXPECT_NE(res.body().find(R"(cloudsync_api_requests_total{route="unknown",code="404"})"),
              std::string::npos);
    EXPECT_NE(res.body().find(R"(cloudsync_api_requests_total{route="/metrics",code="401"})"),
              std::string::npos);
}

TEST(ApiRoutes, KeepAliveServesManyRequestsOnOneConnection) {
    running_server srv;
    client c(srv.endpoint());
    for (int i = 0; i < 50; ++i)
        ASSERT_EQ(c.request(verb::get, "/healthz").result_int(), 200);
    EXPECT_EQ(srv.server.connections(), 1u);
}

TEST(ApiRoutes, PipelinedRequestsAnsweredInOrder) {
    running_server srv;
    client c(srv.endpoint());
    c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
               "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read().result_int(), 200);
    EXPECT_EQ(c.read().result_int(), 404);
}

TEST(ApiRoutes, Http10ClosesAfterResponse) {
    running_server srv;
    client c(srv.endpoint());
    c.send_raw("GET /healthz HTTP/1.0\r\n\r\n");
    std::string data;
    EXPECT_EQ(c.read_until_closed(&data), boost::asio::error::eof);
    EXPECT_EQ(data.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << data;
    EXPECT_NE(data.find("Connection: close"), std::string::npos);
}

TEST(ApiRoutes, ConnectionCloseIsHonoured) {
    running_server srv;
    client c(srv.endpoint());
    c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string data;
    EXPECT_EQ(c.read_until_closed(&data), boost::asio::error::eof);
    EXPECT_NE(data.find("{\"status\":\"ok\"}"), std::string::npos);
}
