#include "api/detail/auth_failures.hpp"

namespace cloudsync::api::detail {

auth_failures::auth_failures(std::size_t limit, std::chrono::seconds window,
                             std::size_t max_clients)
    : limit_(limit), window_(window), max_clients_(max_clients) {}

std::chrono::seconds auth_failures::refused_for(const std::string& client, clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto it = clients_.find(client);
    if (it == clients_.end() || it->second.count < limit_)
        return std::chrono::seconds(0);
    const auto ends = it->second.first + window_;
    if (now >= ends) {
        clients_.erase(it);
        return std::chrono::seconds(0);
    }
    // Rounded up: a client that waits the advertised time is let through.
    return std::chrono::ceil<std::chrono::seconds>(ends - now);
}

void auth_failures::rejected(const std::string& client, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = clients_.find(client);
    if (it != clients_.end() && now >= it->second.first + window_) {
        clients_.erase(it);
        it = clients_.end();
    }
    if (it == clients_.end()) {
        // Bounded memory under a flood of addresses: drop the expired ones,
        // and when that is not enough, start over (the limit is a brake, not
        // an account of every address ever seen).
        if (clients_.size() >= max_clients_)
            forget_expired(now);
        if (clients_.size() >= max_clients_)
            clients_.clear();
        it = clients_.emplace(client, record{now, 0}).first;
    }
    ++it->second.count;
}

void auth_failures::forget_expired(clock::time_point now) {
    for (auto it = clients_.begin(); it != clients_.end();)
        it = now >= it->second.first + window_ ? clients_.erase(it) : std::next(it);
}

} // namespace cloudsync::api::detail
