// The database's private state, shared by database.cpp and store_run.cpp: the
// store threads (slots), each with its connection, and the run-slot pool.
#pragma once

#include "store/database.hpp"
#include "store/detail/connect.hpp"
#include "store/detail/worker.hpp"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace cloudsync::store::detail {

// One store thread and the connection only it uses. The worker is declared
// last so it is joined before the session it uses is destroyed.
struct slot {
    slot(const session_rules& rules, std::size_t depth) : db(rules), work(depth) {}
    session db;
    worker work;
};

} // namespace cloudsync::store::detail

namespace cloudsync::store {

struct database::impl {
    explicit impl(options opts);
    // Bounded: see the lifetime note in database.hpp.
    ~impl();

    // Waits for a free run slot; returns its index.
    boost::asio::awaitable<std::size_t> acquire();
    // Thread-safe; hands the slot to the oldest waiter, if any.
    void release(std::size_t index);

    // Calls fn on every slot.
    template <typename F> void each_slot(F fn) {
        for (auto& run : runs)
            fn(*run);
        for (auto* one : {control.get(), maintenance.get(), health.get()})
            fn(*one);
    }

    options opts;
    std::atomic<int> pending_pings{0};
    std::mutex mutex;
    std::vector<std::size_t> free;
    std::deque<std::function<void(std::size_t)>> waiters;
    // Threads last: destroyed (joined) first, while the state above is alive.
    std::vector<std::unique_ptr<detail::slot>> runs;
    std::unique_ptr<detail::slot> control;
    std::unique_ptr<detail::slot> maintenance; // retention: may wait on locks
    std::unique_ptr<detail::slot> health;
};

} // namespace cloudsync::store
