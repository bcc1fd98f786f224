#include "http/detail/pool.hpp"

namespace cloudsync::http::detail {

pool::pool(std::size_t max_idle, std::chrono::milliseconds idle_timeout)
    : max_idle_(max_idle), idle_timeout_(idle_timeout) {}

void pool::expire(std::deque<std::shared_ptr<connection>>& idle, time_point now) {
    while (!idle.empty() && now - idle.front()->idle_since >= idle_timeout_) {
        idle.front()->close();
        idle.pop_front();
    }
}

std::shared_ptr<connection> pool::take(const std::string& key, time_point now) {
    auto it = idle_.find(key);
    if (it == idle_.end())
        return nullptr;
    expire(it->second, now);
    if (it->second.empty()) {
        idle_.erase(it);
        return nullptr;
    }
    auto conn = std::move(it->second.back());
    it->second.pop_back();
    return conn;
}

void pool::put(const std::string& key, std::shared_ptr<connection> conn, time_point now) {
    if (max_idle_ == 0 || idle_timeout_.count() <= 0) {
        conn->close();
        return;
    }
    auto& idle = idle_[key];
    expire(idle, now);
    while (idle.size() >= max_idle_) {
        idle.front()->close();
        idle.pop_front();
    }
    conn->idle_since = now;
    idle.push_back(std::move(conn));
}

void pool::clear() {
    for (auto& [key, idle] : idle_)
        for (auto& conn : idle)
            conn->close();
    idle_.clear();
}

std::size_t pool::idle_count() const noexcept {
    std::size_t n = 0;
    for (const auto& [key, idle] : idle_)
        n += idle.size();
    return n;
}

} // namespace cloudsync::http::detail
