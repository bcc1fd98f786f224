#include "store/database.hpp"

#include "store/detail/migrate.hpp"
#include "store/detail/retention.hpp"
#include "store/detail/roles.hpp"
#include "store/detail/run_rows.hpp"
#include "store/detail/run_state.hpp"
#include "store/detail/sql.hpp"
#include "store/detail/store_impl.hpp"
#include "store/detail/store_run.hpp"
#include "store/detail/tenants.hpp"
#include "store/store_error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <boost/asio/post.hpp>

#include <pqxx/pqxx>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace cloudsync::store {
namespace inv = cloudsync::inventory;
namespace asio = boost::asio;

using detail::guarded;

namespace {

constexpr int max_pending_pings = 4; // a hung server must not pile up ping jobs

// The session rules of a store thread that acts as `role`.
detail::session_rules rules_of(const options& opts, const std::string& role) {
    return {opts.dsn,
            opts.connect_timeout,
            opts.statement_timeout,
            opts.keepalive_idle,
            opts.keepalive_interval,
            opts.keepalive_count,
            role};
}

detail::acting_roles roles_of(const options& opts) {
    return {opts.owner_role, opts.writer_role};
}

// Lets the store threads finish what is queued for at most `grace`, then
// aborts every session so that the rest fails fast; joins the threads.
void stop_within(std::vector<detail::slot*> slots, std::chrono::milliseconds grace) {
    std::mutex mutex;
    std::condition_variable stopped;
    bool joined = false;
    std::thread guard([&] {
        std::unique_lock lock(mutex);
        if (stopped.wait_for(lock, grace, [&] { return joined; }))
            return;
        for (auto* slot : slots) {
            slot->db.abort();
            slot->side.abort();
        }
    });
    for (auto* slot : slots)
        slot->work.stop();
    {
        std::lock_guard lock(mutex);
        joined = true;
    }
    stopped.notify_all();
    guard.join();
}

} // namespace

database::impl::impl(options o) : opts(std::move(o)) {
    if (opts.max_runs == 0)
        opts.max_runs = 1;
    // Retention is DDL (it drops partitions): its thread acts as the owner.
    auto rules = rules_of(opts, opts.writer_role);
    for (std::size_t i = 0; i < opts.max_runs; ++i) {
        runs.push_back(std::make_unique<detail::slot>(rules, opts.queue_depth));
        free.push_back(opts.max_runs - 1 - i);
        if (opts.run_thread_setup)
            runs.back()->work.force(opts.run_thread_setup);
    }
    control = std::make_unique<detail::slot>(rules, 16);
    health = std::make_unique<detail::slot>(rules, max_pending_pings);
    board = std::make_unique<detail::slot>(rules, 64);
    maintenance = std::make_unique<detail::slot>(rules_of(opts, opts.owner_role), 2);
}

database::impl::~impl() {
    std::vector<detail::slot*> slots;
    each_slot([&](detail::slot& one) { slots.push_back(&one); });
    stop_within(std::move(slots), opts.shutdown_grace);
}

asio::awaitable<std::size_t> database::impl::acquire() {
    auto index = std::make_shared<std::size_t>(0);
    // The initiation is a named local: see the g++ 12 note in worker.hpp.
    auto initiation = [this, index](auto handler) {
        auto resume = detail::make_resume(std::move(handler));
        std::unique_lock lock(mutex);
        if (free.empty()) {
            waiters.push_back([index, resume](std::size_t i) {
                *index = i;
                resume(nullptr);
            });
            return;
        }
        *index = free.back();
        free.pop_back();
        lock.unlock();
        resume(nullptr);
    };
    auto op = asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr)>(
        std::move(initiation), asio::use_awaitable);
    co_await std::move(op);
    co_return *index;
}

void database::impl::release(std::size_t index) {
    std::unique_lock lock(mutex);
    if (waiters.empty()) {
        free.push_back(index);
        return;
    }
    auto next = std::move(waiters.front());
    waiters.pop_front();
    lock.unlock();
    next(index);
}

database::database(options opts) : impl_(std::make_shared<impl>(std::move(opts))) {}

database::~database() = default;

asio::awaitable<int> database::migrate() {
    auto* self = impl_.get();
    auto job = [self] {
        return guarded(self->control->db, "cannot migrate the schema",
                       [owner = self->opts.owner_role](pqxx::connection& conn) {
                           return detail::apply_migrations(conn, owner);
                       });
    };
    auto op = self->control->work.call(std::move(job));
    co_return co_await std::move(op);
}

asio::awaitable<void> database::apply_tenants(std::vector<tenant_spec> tenants,
                                              std::vector<account_spec> accounts,
                                              std::optional<instance_info> instance) {
    auto* self = impl_.get();
    auto job = [self, tenants = std::move(tenants), accounts = std::move(accounts),
                instance = std::move(instance)] {
        guarded(self->control->db, "cannot apply tenants",
                [&](pqxx::connection& conn) {
                    detail::apply_tenants(conn, tenants, accounts, roles_of(self->opts),
                                          self->opts.instance_id, instance);
                });
    };
    auto op = self->control->work.call(std::move(job));
    co_await std::move(op);
}

asio::awaitable<std::unique_ptr<inv::run>> database::begin(inv::run_scope scope) {
    auto* self = impl_.get();
    auto index = co_await self->acquire();
    auto state = std::make_shared<detail::run_state>(self->runs[index]->db, self->runs[index]->side,
                                                     self->opts.second_copy_after, std::move(scope),
                                                     self->opts.instance_id);
    std::exception_ptr error;
    try {
        auto job = [state] { state->begin(); };
        auto op = self->runs[index]->work.call(std::move(job));
        co_await std::move(op);
    } catch (...) {
        error = std::current_exception();
    }
    if (error) {
        self->release(index);
        std::rethrow_exception(error);
    }
    co_return std::make_unique<detail::store_run>(*self, index, state);
}

asio::awaitable<std::optional<inv::run_record>> database::find(inv::run_id id) {
    auto* self = impl_.get();
    auto job = [self, id] {
        return guarded(self->control->db, "cannot read run",
                       [id](pqxx::connection& conn) { return detail::find_run(conn, id); });
    };
    auto op = self->control->work.call(std::move(job));
    co_return co_await std::move(op);
}

asio::awaitable<std::vector<inv::run_id>> database::mark_interrupted_runs() {
    auto* self = impl_.get();
    auto job = [self] {
        return guarded(self->control->db, "cannot mark interrupted runs", [](pqxx::connection& conn) {
            return detail::mark_interrupted_runs(conn);
        });
    };
    auto op = self->control->work.call(std::move(job));
    co_return co_await std::move(op);
}

asio::awaitable<std::vector<inv::run_record>>
database::last_runs(std::optional<inv::run_status> status) {
    auto* self = impl_.get();
    auto job = [self, status] {
        return guarded(self->control->db, "cannot read runs",
                       [status](pqxx::connection& conn) { return detail::last_runs(conn, status); });
    };
    auto op = self->control->work.call(std::move(job));
    co_return co_await std::move(op);
}

namespace {

// Retention of day-partitioned tables on the maintenance thread; `what`
// names them in errors. The results add up.
asio::awaitable<retention_result> retain(database::impl* self,
                                         std::vector<detail::sql::day_partitioned> tables,
                                         std::chrono::seconds retention, std::string what) {
    if (retention <= std::chrono::seconds::zero())
        throw store_error(what + " retention must be positive");
    auto job = [self, tables = std::move(tables), retention, what] {
        const auto context = "cannot apply " + what + " retention";
        return guarded(self->maintenance->db, context.c_str(), [&](pqxx::connection& conn) {
            retention_result out;
            for (const auto& table : tables) {
                const auto one = detail::apply_retention(conn, table, retention);
                out.partitions_dropped += one.partitions_dropped;
                out.rows_deleted += one.rows_deleted;
            }
            return out;
        });
    };
    auto op = self->maintenance->work.call(std::move(job));
    co_return co_await std::move(op);
}

} // namespace

asio::awaitable<retention_result> database::apply_retention(std::chrono::seconds retention) {
    return retain(impl_.get(), {detail::sql::metric_days}, retention, "metric");
}

asio::awaitable<retention_result>
database::apply_history_retention(std::chrono::seconds retention) {
    return retain(impl_.get(), {detail::sql::change_days, detail::sql::run_days}, retention,
                  "history");
}

namespace {

// Where a ping job reports: it wakes the awaiting coroutine by cancelling the
// coroutine's deadline timer on the coroutine's executor. The coroutine
// unregisters (under the mutex) when it resumes or its frame is destroyed, so
// a job finishing late never touches a timer or executor that is gone.
struct ping_waiter {
    std::mutex mutex;
    std::shared_ptr<asio::steady_timer> timer; // null once the coroutine left
    std::atomic<int> outcome{0};               // 0 pending, 1 answered, 2 failed

    void report(bool answered) {
        outcome = answered ? 1 : 2;
        std::lock_guard lock(mutex);
        if (timer)
            asio::post(timer->get_executor(), [t = timer] { t->cancel(); });
    }
    struct leave {
        ping_waiter& w;
        ~leave() {
            std::lock_guard lock(w.mutex);
            w.timer.reset();
        }
    };
};

} // namespace

asio::awaitable<bool> database::ping(std::chrono::milliseconds timeout) {
    auto* self = impl_.get();
    if (self->pending_pings.load() >= max_pending_pings)
        co_return false;
    ++self->pending_pings;
    auto waiter = std::make_shared<ping_waiter>();
    waiter->timer =
        std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, timeout);
    auto timer = waiter->timer;
    ping_waiter::leave unregister{*waiter};
    self->health->work.force([self, waiter] {
        bool answered = false;
        try {
            pqxx::nontransaction tx(self->health->db.get());
            tx.exec(detail::sql::ping);
            answered = true;
        } catch (...) {
            self->health->db.reset();
        }
        --self->pending_pings;
        waiter->report(answered);
    });
    // Ends at the deadline or when the job cancels the timer, whichever first.
    if (waiter->outcome.load() == 0)
        co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
    co_return waiter->outcome.load() == 1;
}

} // namespace cloudsync::store
