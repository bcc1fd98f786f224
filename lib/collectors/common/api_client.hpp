// The one authorized, call-counting client every collector talks to its cloud
// API through: GET, form POST (AWS Query APIs) and JSON POST (ECS, Azure
// Monitor's getBatch); the body of a 2xx back, any other status turned into
// api_error by the provider's error parser. It refuses a URL outside the
// endpoint it was made for (a nextLink to another origin would carry our token
// or signature there) and lets a throttle hook pace each scope's requests.
// What is not here: paging (pager.hpp), scopes (scope_walk.hpp), parsing bodies.
#pragma once

#include "auth/authorizer.hpp"
#include "collectors/common/throttle.hpp"
#include "collectors/errors.hpp"
#include "core/metrics.hpp"
#include "http/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace cloudsync::collectors::common {

// Turns a non-2xx answer into the provider's api_error. method is "GET" or
// "POST"; url is the full URL (name only its path in messages).
using error_parser = std::function<api_error(unsigned status, std::string_view body,
                                             std::string_view method, std::string_view url)>;

struct api_client_options {
    // Absolute http(s) URL; url() builds on it, and by default only URLs with its
    // origin are sent to.
    std::string endpoint;
    std::string provider = "azure"; // label of cloudsync_cloud_api_calls_total
    error_parser parse_error;       // required
    // Replaces the same-origin rule when set: true when url may receive this
    // client's credentials (e.g. any region of a templated endpoint).
    std::function<bool(std::string_view url)> allowed_url;
    std::shared_ptr<throttle> pacing; // optional
    // An answer the provider says is a throttle although its status is not
    // one the http client retries (429, 5xx): Compute answers a per-user rate
    // limit with 403 rateLimitExceeded. Such an answer is sent again after
    // throttle_backoff, doubling each time, at most throttle_retries times;
    // then its api_error is thrown. Optional.
    std::function<bool(const api_error& error)> throttled;
    int throttle_retries = 4;
    // An answer saying the credentials expired or are no longer valid although
    // its status is not 401 (AWS answers an expired session with 400/403
    // ExpiredToken): like a 401, the credentials that signed the request are
    // forgotten and it is sent once more with fresh ones (auth::send).
    // Optional.
    std::function<bool(const api_error& error)> stale_credentials;
    std::chrono::milliseconds throttle_backoff{1000};
};

// Thread safety: one executor (that of the http client and the authorizer); any
// number of coroutines on it may call it concurrently. Lifetime: shared by the
// collectors of one account; every coroutine it started holds it.
class api_client {
public:
    // Throws options_error when the endpoint is not an absolute http(s) URL, or
    // the client, credentials or error parser is missing.
    api_client(std::shared_ptr<http::client> client, std::shared_ptr<auth::authorizer> credentials,
               api_client_options options);

    // endpoint + path_and_query ("/subscriptions?api-version=...").
    std::string url(std::string_view path_and_query) const;
    const std::string& endpoint() const noexcept { return endpoint_; }

    // Each returns the body of a 2xx answer. Throws page_error (no request made)
    // when url may not receive these credentials, api_error for any other
    // status, what auth::send throws (auth_error, transport_error, cancellation).
    // scope_key: what the throttle counts the request against ("" for none).
    boost::asio::awaitable<std::string> get(std::string url, std::string scope_key = {});
    // application/x-www-form-urlencoded body.
    boost::asio::awaitable<std::string> post_form(std::string url, std::string body,
                                                  std::string scope_key = {});
    // application/json body plus extra headers (X-Amz-Target ...); an extra
    // header named like a default one (Content-Type) replaces it.
    boost::asio::awaitable<std::string> post_json(std::string url, std::string body,
                                                  http::header_list extra_headers = {},
                                                  std::string scope_key = {});

    // Obtains credentials (a cached token costs nothing) without a request, so a
    // login failure surfaces before a scope opens. Throws what authorize() throws.
    boost::asio::awaitable<void> ensure_credentials();

    std::uint64_t calls() const noexcept { return calls_; }

private:
    boost::asio::awaitable<std::string> send(http::request req, std::string scope_key);

    std::shared_ptr<http::client> client_;
    std::shared_ptr<auth::authorizer> credentials_;
    api_client_options options_;
    std::string endpoint_; // no trailing slash
    std::string origin_;   // scheme://host:port, lower case
    std::uint64_t calls_ = 0;
    metrics::counter* calls_counter_ = nullptr; // the registry's, lives forever
};

} // namespace cloudsync::collectors::common
