#include "api/detail/router.hpp"

#include "api/render.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::api::detail {
namespace http = boost::beast::http;
using boost::asio::awaitable;

namespace {

constexpr std::string_view runs_prefix = "/runs/";

route match(std::string_view path) noexcept {
    if (path == "/healthz")
        return route::healthz;
    if (path == "/status")
        return route::status;
    if (path == "/sync")
        return route::sync;
    if (path == "/metrics")
        return route::metrics;
    if (path == "/instances")
        return route::instances;
    if (path.starts_with(runs_prefix))
        return route::runs;
    return route::unknown;
}

response auth_failure(auth_verdict verdict, route label) {
    if (verdict == auth_verdict::not_configured)
        return json_error(403, "POST /sync is disabled: no api.token is configured", label);
    auto res = json_error(
        401, verdict == auth_verdict::missing ? "missing bearer token" : "invalid bearer token",
        label);
    res.authenticate = true;
    return res;
}

response json_ok(unsigned status, std::string body, route label) {
    response res;
    res.status = status;
    res.body = std::move(body);
    res.label = label;
    return res;
}

} // namespace

router::router(std::shared_ptr<backend> backend, bearer_auth auth, std::string version,
               std::chrono::steady_clock::time_point started)
    : backend_(std::move(backend)), auth_(auth), started_(started), status_(std::move(version)) {}

awaitable<response> router::handle(request req, std::string client) const {
    const std::string_view target = req.target();
    const route which = match(target.substr(0, target.find('?')));
    if (which == route::unknown)
        co_return json_error(404, "no such route", which);

    const bool post = which == route::sync;
    if (req.method() != (post ? http::verb::post : http::verb::get)) {
        auto res = json_error(405, "method not allowed", which);
        res.allow = post ? "POST" : "GET";
        co_return res;
    }
    if (which != route::healthz) {
        const auto now = auth_failures::clock::now();
        if (const auto wait = failures_.refused_for(client, now); wait.count() > 0) {
            auto res = json_error(429, "too many rejected tokens from this address", which);
            res.retry_after = static_cast<unsigned>(wait.count());
            co_return res;
        }
        const auto verdict = auth_.check(req[http::field::authorization], post);
        if (verdict == auth_verdict::missing || verdict == auth_verdict::invalid)
            failures_.rejected(client, now);
        if (verdict != auth_verdict::ok)
            co_return auth_failure(verdict, which);
    }
    try {
        co_return co_await dispatch(which, std::move(req));
    } catch (const cloudsync::error& e) {
        spdlog::warn("api: {} failed: {}", to_string(which), e.what());
        co_return json_error(500, e.what(), which);
    } catch (const std::exception& e) {
        spdlog::error("api: {} failed: {}", to_string(which), e.what());
        co_return json_error(500, "internal error", which);
    }
}

awaitable<response> router::dispatch(route which, request req) const {
    const std::string_view target = req.target();
    switch (which) {
    case route::healthz:
        co_return healthz();
    case route::status:
        co_return co_await status();
    case route::sync:
        co_return co_await sync(target);
    case route::runs: {
        const auto path = target.substr(0, target.find('?'));
        co_return co_await run(path.substr(runs_prefix.size()));
    }
    case route::metrics: {
        auto res = json_ok(200, metrics::default_registry().render(), which);
        res.content_type = "text/plain; version=0.0.4";
        co_return res;
    }
    case route::instances:
        co_return json_ok(200, instances_body(co_await backend_->instances()), which);
    case route::unknown:
        break;
    }
    co_return json_error(404, "no such route", which);
}

response router::healthz() const {
    const health state = backend_->healthy();
    if (state.ok)
        return json_ok(200, R"({"status":"ok"})", route::healthz);
    boost::json::object body;
    body["status"] = "unavailable";
    body["error"] = state.reason;
    return json_ok(503, boost::json::serialize(body), route::healthz);
}

awaitable<response> router::status() const {
    auto jobs = co_await backend_->jobs();
    auto instances = co_await backend_->instances();
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - started_);
    co_return json_ok(200, status_.body(uptime.count(), std::move(jobs), std::move(instances)),
                      route::status);
}

} // namespace cloudsync::api::detail
