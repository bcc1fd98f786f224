// The API server's settings, filled by the daemon from the config (api.*) and
// from socket activation. Defaults are the hardened values the design asks for.
#pragma once

#include "core/error.hpp"
#include "core/secret.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::api {

struct tls_options {
    std::string certificate_file; // PEM, leaf first then the chain
    secret private_key;           // PEM text: config resolves it like any secret, so
                                  // the key never has to sit in a world-readable file
};

struct server_options {
    // Where to listen: "host:port" (IPv4 literal or "localhost"), "[v6]:port",
    // or "unix:/path" (a stale socket file is replaced, mode 0660). Port 0
    // picks a free port (see server::tcp_endpoints()).
    std::vector<std::string> listen{"127.0.0.1:8080"};
    // Already-listening sockets from systemd (systemd::listen_fds()). When
    // non-empty, `listen` is ignored. The server takes ownership of the fds.
    std::vector<int> listen_fds;
    // api.token. nullopt: every route but /sync is open and /sync answers 403.
    std::optional<secret> token;
    std::optional<tls_options> tls;

    std::string version = "unknown"; // shown by /status
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now(); // uptime base

    std::size_t header_limit = 8 * 1024; // request line + headers; beyond: 431
    std::size_t body_limit = 64 * 1024;  // beyond: 413
    // From the first byte of a request to its last; a slow client is cut off.
    std::chrono::milliseconds request_timeout{10'000};
    // How long an open keep-alive connection may wait for its next request.
    std::chrono::milliseconds idle_timeout{30'000};
    // Open connections; beyond this, new ones get 503 and are closed.
    std::size_t max_connections = 512;
};

// The server cannot listen as asked (bad address, port in use, bad TLS files).
class listen_error : public error {
public:
    using error::error;
};

} // namespace cloudsync::api
