#include "api/detail/connections.hpp"

#include <vector>

namespace cloudsync::api::detail {

std::uint64_t connection_registry::add(std::weak_ptr<connection> conn) {
    std::lock_guard lock(mutex_);
    const auto id = ++next_id_;
    open_.emplace(id, std::move(conn));
    return id;
}

void connection_registry::remove(std::uint64_t id) noexcept {
    std::lock_guard lock(mutex_);
    open_.erase(id);
}

void connection_registry::close_all() noexcept {
    std::vector<std::shared_ptr<connection>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, weak] : open_)
            if (auto conn = weak.lock())
                live.push_back(std::move(conn));
    }
    // Outside the lock: close() posts, and a connection may finish (and
    // remove itself) meanwhile.
    for (auto& conn : live)
        conn->close();
}

} // namespace cloudsync::api::detail
