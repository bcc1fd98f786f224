// The keep-alive pool: idle connections per (scheme, host, port), at most
// max_idle per key, none older than idle_timeout. A connection enters only when
// its last response was read completely and allowed keep-alive (the client
// checks that). Not thread-safe: used from the client's one executor, and no
// operation suspends, so concurrent coroutines cannot take the same connection.
#pragma once

#include "http/detail/connection.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <string>

namespace cloudsync::http::detail {

class pool {
public:
    using time_point = std::chrono::steady_clock::time_point;

    pool(std::size_t max_idle, std::chrono::milliseconds idle_timeout);

    // The most recently used idle connection for key, or nullptr. Expired ones are closed.
    std::shared_ptr<connection> take(const std::string& key, time_point now);
    // Keeps conn idle for key; the oldest idle one is closed when the key is full.
    void put(const std::string& key, std::shared_ptr<connection> conn, time_point now);
    // Closes every idle connection.
    void clear();
    std::size_t idle_count() const noexcept;

private:
    void expire(std::deque<std::shared_ptr<connection>>& idle, time_point now);

    std::size_t max_idle_;
    std::chrono::milliseconds idle_timeout_;
    std::map<std::string, std::deque<std::shared_ptr<connection>>> idle_; // oldest first
};

} // namespace cloudsync::http::detail
