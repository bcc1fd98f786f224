// Private to lib/http: the client's global cap on requests in flight, an async
// counting semaphore with a FIFO queue of waiters. Not a general-purpose
// primitive: it lives on the client's one executor and takes no lock.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <list>

namespace cloudsync::http::detail {

class slots;

// A held slot; releasing it (destruction or release()) hands it to the oldest
// waiter, or returns it. Movable, not copyable.
class slot {
public:
    slot() = default;
    explicit slot(slots* owner) noexcept : owner_(owner) {}
    slot(slot&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    slot& operator=(slot&& other) noexcept;
    slot(const slot&) = delete;
    slot& operator=(const slot&) = delete;
    ~slot() { release(); }
    void release() noexcept;

private:
    slots* owner_ = nullptr;
};

// Thread safety: every member is called on the one executor the client runs on
// (that is what makes the lock-free bookkeeping correct). Lifetime: outlives
// every slot and every acquire() in progress (the client's contract).
// Fairness: waiters are served strictly in arrival order; a freed slot passes
// directly to the oldest waiter, so a newcomer never overtakes the queue.
// Cancellation: a waiter cancelled before it was granted a slot leaves the queue
// holding nothing and acquire() throws system_error(operation_aborted); one
// granted a slot in the same turn as its cancellation keeps the slot, which its
// slot object then releases.
class slots {
public:
    explicit slots(std::size_t capacity) noexcept : capacity_(capacity == 0 ? 1 : capacity) {}
    slots(const slots&) = delete;
    slots& operator=(const slots&) = delete;

    boost::asio::awaitable<slot> acquire();

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t in_use() const noexcept { return in_use_; }
    std::size_t waiting() const noexcept { return waiters_.size(); }

private:
    friend class slot;
    struct waiter {
        explicit waiter(boost::asio::any_io_executor ex)
            : wake(std::move(ex), boost::asio::steady_timer::time_point::max()) {}
        boost::asio::steady_timer wake; // never expires: release() cancels it to wake
        bool granted = false;
    };
    void release() noexcept;

    std::size_t capacity_;
    std::size_t in_use_ = 0;
    std::list<waiter*> waiters_; // oldest first; each points into a waiting coroutine's frame
};

} // namespace cloudsync::http::detail
