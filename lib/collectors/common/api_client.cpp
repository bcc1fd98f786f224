#include "collectors/common/api_client.hpp"

#include "collectors/common/url.hpp"
#include "core/metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace cloudsync::collectors::common {

namespace asio = boost::asio;

api_client::api_client(std::shared_ptr<http::client> client,
                       std::shared_ptr<auth::authorizer> credentials, api_client_options options)
    : client_(std::move(client)), credentials_(std::move(credentials)),
      options_(std::move(options)), endpoint_(options_.endpoint) {
    while (!endpoint_.empty() && endpoint_.back() == '/')
        endpoint_.pop_back();
    origin_ = origin_of(endpoint_);
    if (origin_.empty())
        throw options_error(options_.provider + " endpoint is not an absolute http(s) URL: " +
                            endpoint_);
    if (!client_ || !credentials_ || !options_.parse_error)
        throw options_error(options_.provider + " collector: no http client or credentials");
    calls_counter_ = &metrics::default_registry().get_counter(
        "cloudsync_cloud_api_calls_total", "Cloud API calls made by collectors",
        {{"provider", options_.provider}});
}

std::string api_client::url(std::string_view path_and_query) const {
    return endpoint_ + std::string(path_and_query);
}

asio::awaitable<std::string> api_client::get(std::string url, std::string scope_key) {
    http::request req;
    req.url = std::move(url);
    req.headers = {{"Accept", "application/json"}};
    co_return co_await send(std::move(req), std::move(scope_key));
}

asio::awaitable<std::string> api_client::post_form(std::string url, std::string body,
                                                   std::string scope_key) {
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = std::move(url);
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    req.body = std::move(body);
    co_return co_await send(std::move(req), std::move(scope_key));
}

asio::awaitable<std::string> api_client::post_json(std::string url, std::string body,
                                                   http::header_list extra_headers,
                                                   std::string scope_key) {
    http::request req;
    req.method = boost::beast::http::verb::post;
    req.url = std::move(url);
    req.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
    for (auto& header : extra_headers) {
        // One of the same name replaces the default (ECS's JSON 1.1 content type).
        auto same = std::find_if(req.headers.begin(), req.headers.end(), [&](const auto& h) {
            return boost::beast::iequals(h.first, header.first);
        });
        if (same != req.headers.end())
            *same = std::move(header);
        else
            req.headers.push_back(std::move(header));
    }
    req.body = std::move(body);
    co_return co_await send(std::move(req), std::move(scope_key));
}

asio::awaitable<std::string> api_client::send(http::request req, std::string scope_key) {
    const bool get = req.method == boost::beast::http::verb::get;
    const bool allowed =
        options_.allowed_url ? options_.allowed_url(req.url) : origin_of(req.url) == origin_;
    if (!allowed)
        throw page_error("URL leaves the " + options_.provider + " endpoint (" + origin_ +
                         "): refusing " + (get ? "GET " : "POST ") + url_path(req.url));
    if (options_.pacing) {
        if (const auto wait = options_.pacing->delay(scope_key); wait.count() > 0) {
            asio::steady_timer timer(co_await asio::this_coro::executor, wait);
            co_await timer.async_wait(asio::use_awaitable);
        }
    }
    auth::refusal_test refused;
    if (options_.stale_credentials)
        refused = [this, get, &req](const http::response& answer) {
            return (answer.status < 200 || answer.status > 299) &&
                   options_.stale_credentials(options_.parse_error(
                       answer.status, answer.body, get ? "GET" : "POST", req.url));
        };
    auto backoff = options_.throttle_backoff;
    for (int retries = 0;; ++retries) {
        ++calls_;
        calls_counter_->add();
        http::response res = co_await auth::send(client_, credentials_, req, refused);
        if (options_.pacing)
            options_.pacing->observe(scope_key, res);
        if (res.status >= 200 && res.status <= 299)
            co_return std::move(res.body);
        auto error = options_.parse_error(res.status, res.body, get ? "GET" : "POST", req.url);
        if (!options_.throttled || retries >= options_.throttle_retries ||
            !options_.throttled(error))
            throw error;
        spdlog::debug("{}: {} throttled ({}); retrying in {} ms", options_.provider,
                      url_path(req.url), error.code(), backoff.count());
        http::count_retry(req.url, "throttled");
        asio::steady_timer timer(co_await asio::this_coro::executor, backoff);
        co_await timer.async_wait(asio::use_awaitable);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(30'000));
    }
}

asio::awaitable<void> api_client::ensure_credentials() {
    http::request probe;
    probe.url = endpoint_ + "/";
    http::request authorized = co_await credentials_->authorize(std::move(probe));
    (void)authorized; // only the side effect matters: a token in the cache
}

} // namespace cloudsync::collectors::common
