// The set of open API connections, so that stop() can close them all.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace cloudsync::api::detail {

// A live connection. close() may be called from any thread; it must hop to the
// connection's own executor before touching the socket.
class connection {
public:
    virtual ~connection() = default;
    virtual void close() noexcept = 0;
};

// Thread-safe. Holds weak references: a connection's lifetime is its coroutine's.
class connection_registry {
public:
    std::uint64_t add(std::weak_ptr<connection> conn);
    void remove(std::uint64_t id) noexcept;
    void close_all() noexcept;

private:
    std::mutex mutex_;
    std::uint64_t next_id_ = 0;
    std::unordered_map<std::uint64_t, std::weak_ptr<connection>> open_;
};

} // namespace cloudsync::api::detail
