// The HTTP API server (Boost.Beast, C++20 coroutines): GET /healthz, /status,
// /runs/{id}, /metrics and POST /sync, as DESIGN.md "HTTP API" specifies.
// Routes and JSON are in detail/router and render; this file is the lifecycle.
//
// Hardening (see server_options): header and body limits (431/413), a read
// deadline per request, an idle keep-alive timeout, a cap on open connections
// (excess: 503 and close), malformed input answered with 400 and never a crash.
#pragma once

#include "api/backend.hpp"
#include "api/server_options.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cloudsync::api {

namespace detail {
struct server_state;
struct listeners;
} // namespace detail

// Thread safety: start() and stop() may be called from any thread but not
// concurrently with each other. Connections run on strands of `executor`, so
// the io_context may be run by several threads.
// Lifetime: the backend is shared with the sessions and stays alive until the
// last connection has ended (which may be after ~server, until the io_context
// has processed the closes).
class server {
public:
    // Throws listen_error for unreadable TLS files, cloudsync::error for an
    // empty token or a null backend. Does not listen yet.
    server(boost::asio::any_io_executor executor, server_options options,
           std::shared_ptr<backend> backend);
    ~server(); // stop()
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds every listen address (or adopts listen_fds) and starts accepting.
    // All-or-nothing: throws listen_error and listens nowhere if one fails.
    void start();

    // Stops accepting, closes every open connection and removes Unix socket
    // files it created. Idempotent; returns at once (closing happens on the
    // connections' executors).
    void stop() noexcept;

    // The bound TCP endpoints (real ports when 0 was asked), after start().
    std::vector<boost::asio::ip::tcp::endpoint> tcp_endpoints() const;
    // Every listening address, for logs: "127.0.0.1:8080", "unix:/run/x.sock".
    std::vector<std::string> addresses() const;
    // Open connections now.
    std::size_t connections() const noexcept;

private:
    boost::asio::any_io_executor executor_;
    std::shared_ptr<detail::server_state> state_;
    std::unique_ptr<detail::listeners> listeners_;
};

} // namespace cloudsync::api
