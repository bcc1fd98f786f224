// The database's private state, shared by database.cpp and store_run.cpp: the
// store threads (slots), each with its connection, and the run-slot pool.
#pragma once

#include "store/database.hpp"
#include "store/detail/connect.hpp"
#include "store/detail/listener.hpp"
#include "store/detail/worker.hpp"
#include "store/store_error.hpp"

#include <pqxx/except>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace cloudsync::store::detail {

// One store thread and the connection only it uses, and the connection of a
// run's second staging COPY (run slots only; side_copy). The worker is declared
// last so it is joined before the sessions it uses are destroyed.
struct slot {
    slot(const session_rules& rules, std::size_t depth) : db(rules), side(rules), work(depth) {}
    session db;
    session side;
    worker work;
};

// Runs fn(connection) on the calling store thread, turning any failure into a
// store_error whose message has the password scrubbed out. A connection found
// broken (the server restarted, an idle connection was killed) is reopened and
// fn retried once: fn is one transaction, so a retry never half-applies.
template <typename F> auto guarded(session& db, const char* context, F fn) {
    for (int attempt = 0;; ++attempt) {
        try {
            return fn(db.get());
        } catch (const pqxx::broken_connection&) {
            db.reset();
            if (attempt == 0)
                continue;
            throw store_error(describe(context, std::current_exception(), db.dsn()));
        } catch (const store_error&) {
            throw;
        } catch (...) {
            auto message = describe(context, std::current_exception(), db.dsn());
            db.reset(); // reconnect next time: the connection may be unusable
            throw store_error(message);
        }
    }
}

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
        for (auto* one : {control.get(), maintenance.get(), health.get(), board.get()})
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
    std::unique_ptr<detail::slot> board; // leased jobs and instances
    // Declared after the slots: stopped (joined) before them.
    std::unique_ptr<detail::listener> jobs_listener;
};

} // namespace cloudsync::store
