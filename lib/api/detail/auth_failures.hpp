// Repeated rejected tokens from one client address: after `limit` 401s within
// `window`, that address gets 429 (with Retry-After) on every route that needs
// a token until the window that began with its first rejection has passed, so
// a token cannot be guessed at the API's full request rate. /healthz needs no
// token and is never refused. Thread-safe: sessions run on several threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cloudsync::api::detail {

class auth_failures {
public:
    using clock = std::chrono::steady_clock;

    explicit auth_failures(std::size_t limit = 10,
                           std::chrono::seconds window = std::chrono::seconds(60),
                           std::size_t max_clients = 10000);

    // How long `client` must wait before its token is checked again; zero when
    // it may be checked now.
    std::chrono::seconds refused_for(const std::string& client, clock::time_point now);
    // Counts one rejected token of `client`.
    void rejected(const std::string& client, clock::time_point now);

private:
    struct record {
        clock::time_point first; // the first rejection of the current window
        std::size_t count = 0;
    };
    void forget_expired(clock::time_point now);

    const std::size_t limit_;
    const std::chrono::seconds window_;
    const std::size_t max_clients_;
    std::mutex mutex_;
    std::unordered_map<std::string, record> clients_;
};

} // namespace cloudsync::api::detail
