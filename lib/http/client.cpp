#include "http/client.hpp"

#include "core/text.hpp"

#include "core/metrics.hpp"
#include "http/detail/backoff.hpp"
#include "http/detail/connection.hpp"
#include "http/detail/deadline.hpp"
#include "http/detail/pool.hpp"
#include "http/detail/retry_after.hpp"
#include "http/detail/slots.hpp"
#include "http/detail/url.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/system/system_error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <random>

namespace cloudsync::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using std::chrono::milliseconds;

std::string_view response::header(std::string_view name) const noexcept {
    for (const auto& [key, value] : headers)
        if (iequals(key, name))
            return value;
    return {};
}

namespace {

// Why an attempt produced no response. `retryable` is false for what another
// attempt cannot fix (oversized response, a certificate that does not verify).
struct failure {
    error_code ec;
    std::string cause;
    bool retryable = true;
    const char* reason = "transport"; // label of cloudsync_cloud_api_retries_total
};

struct attempt_result {
    std::optional<response> reply;
    failure error;
};

bool is_certificate_failure(const error_code& ec) {
    return ec.category() == asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_CERTIFICATE_VERIFY_FAILED;
}

// body_limit: the response body limit, named when a body exceeds it.
failure classify(const error_code& ec, const char* step, milliseconds limit,
                 std::size_t body_limit = 0) {
    if (ec == asio::error::timed_out)
        return {ec, std::string(step) + " timed out after " + std::to_string(limit.count()) + " ms",
                true, "timeout"};
    failure f{ec, std::string(step) + " failed: " + ec.message()};
    if (ec == beast::http::error::body_limit) {
        f.cause = "response too large: the body exceeds the limit of " +
                  std::to_string(body_limit) + " bytes";
        f.retryable = false;
    } else if (ec == beast::http::error::header_limit ||
               ec == beast::http::error::buffer_overflow) {
        f.cause = "response too large: " + ec.message();
        f.retryable = false;
    } else if (is_certificate_failure(ec)) {
        f.retryable = false;
    } else if (ec == beast::http::error::partial_message) {
        f.cause = "response cut short: " + ec.message();
    }
    return f;
}

// A pooled connection the server closed while idle fails at once, before any
// response byte: that is retried on a new connection without counting an attempt.
bool is_stale(const error_code& ec) {
    return ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
        ec == asio::ssl::error::stream_truncated;
}

bool retryable_status(unsigned status) { return status == 429 || (status >= 500 && status < 600); }

[[noreturn]] void throw_aborted() {
    throw boost::system::system_error(asio::error::operation_aborted);
}

} // namespace

struct client::impl {
    impl(asio::any_io_executor ex, client_options opts);

    asio::awaitable<attempt_result> attempt(const detail::url_parts& parts, const request& req);
    asio::awaitable<std::pair<failure, std::shared_ptr<detail::connection>>>
    connect(const detail::url_parts& parts);
    beast::http::request<beast::http::string_body> build(const detail::url_parts& parts,
                                                         const request& req) const;
    milliseconds jitter(int failures);
    void count(const std::string& host, const std::string& code, double seconds);
    void count_retry(const std::string& host, const std::string& reason);

    asio::any_io_executor executor;
    client_options options;
    asio::ssl::context tls{asio::ssl::context::tls_client};
    detail::pool idle;
    detail::slots in_flight;
    std::mt19937_64 rng{std::random_device{}()};
};

client::impl::impl(asio::any_io_executor ex, client_options opts)
    : executor(std::move(ex)), options(std::move(opts)),
      idle(options.max_idle_per_host, options.idle_timeout), in_flight(options.max_in_flight) {
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.set_verify_mode(asio::ssl::verify_peer);
    error_code ec;
    tls.set_default_verify_paths(ec);
    if (ec)
        throw transport_error("cannot load the system CA store: " + ec.message());
    if (!options.extra_ca_file.empty()) {
        tls.load_verify_file(options.extra_ca_file, ec);
        if (ec)
            throw transport_error("cannot load CA file " + options.extra_ca_file + ": " +
                                  ec.message());
    }
}

milliseconds client::impl::jitter(int failures) {
    const auto ceiling = detail::backoff_ceiling(options.retry.initial_backoff,
                                                 options.retry.max_backoff, failures);
    return detail::full_jitter(ceiling, std::uniform_real_distribution<double>(0.0, 1.0)(rng));
}

void client::impl::count(const std::string& host, const std::string& code, double seconds) {
    auto& registry = metrics::default_registry();
    registry
        .get_counter("cloudsync_cloud_api_requests_total",
                     "HTTP requests (attempts) sent to cloud APIs, by host and status code",
                     {{"host", host}, {"code", code}})
        .add();
    registry
        .get_histogram("cloudsync_cloud_api_request_duration_seconds",
                       "Duration of one cloud API request attempt, connect included",
                       {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}, {{"host", host}})
        .observe(seconds);
}

namespace {

void count_retry_to(const std::string& host, const std::string& reason) {
    metrics::default_registry()
        .get_counter("cloudsync_cloud_api_retries_total",
                     "Cloud API requests retried, by host and reason", {{"host", host}, {"reason", reason}})
        .add();
}

} // namespace

void count_retry(std::string_view url, std::string_view reason) {
    if (const auto parts = detail::split_url(url, true))
        count_retry_to(parts->host, std::string(reason));
}

void client::impl::count_retry(const std::string& host, const std::string& reason) {
    count_retry_to(host, reason);
}

beast::http::request<beast::http::string_body>
client::impl::build(const detail::url_parts& parts, const request& req) const {
    beast::http::request<beast::http::string_body> msg{req.method, parts.target, 11};
    msg.set(beast::http::field::host, parts.host_header);
    msg.set(beast::http::field::user_agent, options.user_agent);
    msg.set(beast::http::field::accept_encoding, "identity");
    for (const auto& [name, value] : req.headers) {
        const auto key = to_lower(name);
        if (key == "content-length" || key == "transfer-encoding")
            continue; // framing is ours: prepare_payload() below
        if (key == "host" || key == "user-agent" || key == "accept-encoding")
            msg.set(name, value);
        else
            msg.insert(name, value);
    }
    msg.body() = req.body;
    msg.prepare_payload();
    return msg;
}

asio::awaitable<std::pair<failure, std::shared_ptr<detail::connection>>>
client::impl::connect(const detail::url_parts& parts) {
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    auto [resolve_ec, endpoints] =
        co_await detail::resolve(parts.host, parts.port, parts.ip_literal, options.connect_timeout);
    if (resolve_ec == asio::error::operation_aborted)
        throw_aborted();
    if (resolve_ec)
        co_return std::pair{classify(resolve_ec, "connect", options.connect_timeout), nullptr};
    if (!parts.tls) // "localhost" must really be loopback before plain text goes out
        std::erase_if(endpoints, [](const auto& ep) { return !ep.address().is_loopback(); });
    if (endpoints.empty())
        co_return std::pair{failure{{}, "host has no usable (loopback) address", false}, nullptr};
    auto conn = std::make_shared<detail::connection>(executor, parts.tls ? &tls : nullptr);
    const auto left = options.connect_timeout - (clock::now() - started);
    const auto ec = co_await detail::with_deadline(
        detail::open(conn, std::move(endpoints), parts.host, parts.ip_literal), left);
    if (ec == asio::error::operation_aborted)
        throw_aborted();
    if (ec) {
        conn->close();
        co_return std::pair{classify(ec, "connect", options.connect_timeout), nullptr};
    }
    co_return std::pair{failure{}, std::move(conn)};
}

asio::awaitable<attempt_result> client::impl::attempt(const detail::url_parts& parts,
                                                      const request& req) {
    const auto key = parts.pool_key();
    for (;;) {
        auto conn = idle.take(key, std::chrono::steady_clock::now());
        const bool reused = conn != nullptr;
        if (!reused) {
            auto [why, fresh] = co_await connect(parts);
            if (!fresh)
                co_return attempt_result{std::nullopt, std::move(why)};
            conn = std::move(fresh);
        }
        auto state = std::make_shared<detail::exchange_state>();
        state->request = build(parts, req);
        state->parser.body_limit(options.max_body_bytes);
        state->parser.header_limit(64 * 1024);
        state->parser.skip(req.method == beast::http::verb::head);
        const auto ec =
            co_await detail::with_deadline(detail::exchange(conn, state), options.request_timeout);
        if (ec) {
            conn->close();
            if (ec == asio::error::operation_aborted)
                throw_aborted();
            if (reused && !state->parser.got_some() && is_stale(ec))
                continue;
            co_return attempt_result{
                std::nullopt,
                classify(ec, "request", options.request_timeout, options.max_body_bytes)};
        }
        auto& msg = state->parser.get();
        response out;
        out.status = msg.result_int();
        for (const auto& field : msg)
            out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        out.body = std::move(msg.body());
        if (msg.keep_alive() && !state->parser.need_eof() && conn->buffer().size() == 0)
            idle.put(key, std::move(conn), std::chrono::steady_clock::now());
        else
            conn->close();
        co_return attempt_result{std::move(out), {}};
    }
}

client::client(asio::any_io_executor executor, client_options options)
    : impl_(std::make_unique<impl>(std::move(executor), std::move(options))) {}

client::~client() { impl_->idle.clear(); }

void client::close_idle() { impl_->idle.clear(); }

std::size_t client::idle_connections() const noexcept { return impl_->idle.idle_count(); }

std::size_t client::in_flight() const noexcept { return impl_->in_flight.in_use(); }

std::size_t client::waiting() const noexcept { return impl_->in_flight.waiting(); }

namespace {

// Header text with CR or LF would let a value smuggle extra headers.
bool header_ok(const std::pair<std::string, std::string>& h) {
    const auto bad = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
    return !h.first.empty() && std::none_of(h.first.begin(), h.first.end(), bad) &&
        std::none_of(h.second.begin(), h.second.end(), bad) &&
        h.first.find_first_of(" \t:") == std::string::npos;
}

} // namespace

asio::awaitable<response> client::send(request req) {
    const std::string method(beast::http::to_string(req.method));
    auto parts = detail::split_url(req.url, req.allow_instance_metadata_http);
    if (!parts)
        throw transport_error(method + " " + parts.error());
    const std::string what = method + " " + parts->redacted;
    if (req.method == beast::http::verb::unknown)
        throw transport_error(what + ": unknown method");
    if (!std::all_of(req.headers.begin(), req.headers.end(), header_ok))
        throw transport_error(what + ": invalid header name or value");
    const auto& policy = impl_->options.retry;
    const int max_attempts = std::max(1, policy.max_attempts);
    for (int attempt = 1;; ++attempt) {
        // One slot per attempt: the backoff below runs without it.
        detail::slot held = co_await impl_->in_flight.acquire();
        const auto started = std::chrono::steady_clock::now();
        auto result = co_await impl_->attempt(*parts, req);
        held.release();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        milliseconds wait{0};
        std::string reason;
        if (result.reply) {
            auto& reply = *result.reply;
            reply.attempts = attempt;
            impl_->count(parts->host, std::to_string(reply.status), took.count());
            if (!retryable_status(reply.status) || attempt >= max_attempts)
                co_return std::move(reply);
            const auto header = reply.header("Retry-After");
            const auto hinted = header.empty()
                ? std::nullopt
                : detail::parse_retry_after(header, std::chrono::system_clock::now());
            if (hinted && *hinted > policy.max_retry_after)
                co_return std::move(reply);
            wait = hinted ? *hinted : impl_->jitter(attempt);
            reason = reply.status == 429 ? "throttled" : "server_error";
            spdlog::debug("{}: status {} on attempt {}, retrying in {} ms", what, reply.status,
                          attempt, wait.count());
        } else {
            impl_->count(parts->host, "error", took.count());
            const auto& why = result.error;
            if (!why.retryable || attempt >= max_attempts)
                throw transport_error(what + ": " + why.cause +
                                      (attempt > 1 ? " (after " + std::to_string(attempt) +
                                                         " attempts)"
                                                   : ""));
            wait = impl_->jitter(attempt);
            reason = why.reason;
            spdlog::debug("{}: {} on attempt {}, retrying in {} ms", what, why.cause, attempt,
                          wait.count());
        }
        impl_->count_retry(parts->host, reason);
        asio::steady_timer pause(co_await asio::this_coro::executor, wait);
        co_await pause.async_wait(asio::use_awaitable);
    }
}

} // namespace cloudsync::http
