// HTTPS client for the cloud APIs: Beast over OpenSSL (system CA store, hostname
// verification, SNI), a keep-alive connection pool per host, a deadline on every
// step, and retries with exponential backoff and full jitter on connection errors,
// 429 and 5xx, honouring Retry-After (seconds or HTTP date), and a global cap on
// requests in flight across all hosts. Plain http:// is allowed only to loopback
// hosts.
//
// What is NOT here: authentication (lib/auth adds tokens or signatures and
// handles a 401), parsing of bodies, paging.
//
// Thread safety: a client is used from one executor (one thread or one strand);
// any number of coroutines on that executor may send() concurrently. Lifetime:
// the client must outlive every send() it started.
//
// g++ 12 pitfall: inside a coroutine, `co_await c.send(request{verb, url, {}, {}})`
// (a braced temporary as the argument) destroys the request twice and crashes.
// Build the request in a named variable and pass std::move(req).
#pragma once

#include "core/error.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::http {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct request {
    boost::beast::http::verb method = boost::beast::http::verb::get;
    std::string url; // absolute: https://host[:port]/path?query
    header_list headers;
    std::string body;
    // Plain http is refused except to loopback. The cloud instance-metadata
    // endpoint (169.254.169.254:80, link-local, http by design) is reachable
    // only by a request that sets this: the managed-identity credential does.
    bool allow_instance_metadata_http = false;
};

struct response {
    unsigned status = 0;
    header_list headers;
    std::string body;
    int attempts = 1; // how many attempts send() made to get this response

    // The first header of that name (case-insensitive), or "" when absent.
    std::string_view header(std::string_view name) const noexcept;
};

struct retry_policy {
    int max_attempts = 5; // including the first
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{30'000};
    // A Retry-After longer than this is not waited for: the response is returned.
    std::chrono::milliseconds max_retry_after{120'000};
};

struct client_options {
    std::chrono::milliseconds connect_timeout{10'000}; // resolve + connect + TLS handshake
    std::chrono::milliseconds request_timeout{60'000}; // write request + read whole response
    std::size_t max_body_bytes = 32u << 20;            // larger responses fail the request
    // At most this many requests are being sent or awaited at once, all hosts
    // together; further send()s queue for a slot in FIFO order. A slot is held
    // for one attempt (connect, write, read), never across a retry's backoff or a
    // Retry-After wait. The wait for a slot is not part of request_timeout: the
    // holders' own deadlines bound it. 0 is taken as 1.
    std::size_t max_in_flight = 64;
    // Idle keep-alive connections kept per host. As large as max_in_flight: the
    // collection engine runs up to 8 scopes per account, each with overlapping
    // lists and a page prefetched, for several accounts against one ARM host, so
    // a burst can use max_in_flight connections to one host; a smaller pool
    // would close the surplus after every burst and pay a TCP + TLS handshake for
    // each again on the next. An idle TLS connection costs tens of KiB.
    std::size_t max_idle_per_host = 64;
    std::chrono::milliseconds idle_timeout{60'000}; // pooled connections older than this close
    retry_policy retry;
    std::string user_agent = "cloudsyncd";
    std::string extra_ca_file; // optional PEM bundle added to the system store (tests)
};

// No usable response could be had: invalid or forbidden URL, DNS, connect, TLS,
// timeout, cut or oversized body, after the retries the policy allows. The
// message names the method and URL without its query (queries may carry
// tokens) and the cause.
class transport_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

class client {
public:
    client(boost::asio::any_io_executor executor, client_options options);
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    // Sends req, retrying as the policy says. Returns the last response whatever its
    // status, with that response's headers (Retry-After, x-ms-ratelimit-remaining-*,
    // ... for the caller's throttle logic): a 404 or 403 is a value for the caller
    // to judge; a 429/5xx is returned once retries are exhausted or when its
    // Retry-After exceeds retry.max_retry_after. Throws transport_error when no
    // response came, and boost::system::system_error(operation_aborted) when
    // cancelled, also while queued for an in-flight slot (the queue then forgets it).
    boost::asio::awaitable<response> send(request req);

    // Closes idle pooled connections (shutdown, reload).
    void close_idle();

    // Idle connections now in the pool, all hosts together (tests, diagnostics).
    std::size_t idle_connections() const noexcept;
    // Attempts holding an in-flight slot now, and send()s queued for one.
    std::size_t in_flight() const noexcept;
    std::size_t waiting() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Counts one retry of a request to `url` in cloudsync_cloud_api_retries_total
// {host, reason}: the client's own (throttled, server_error, timeout,
// transport), and a caller's that read a 2xx-less answer as throttling (e.g.
// AWS "Throttling" in a 400, Google's 403 rateLimitExceeded), so the metric
// shows every throttle whoever retried it.
void count_retry(std::string_view url, std::string_view reason);

} // namespace cloudsync::http
