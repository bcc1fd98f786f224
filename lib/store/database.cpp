#include "store/database.hpp"

#include "store/detail/migrate.hpp"
#include "store/detail/retention.hpp"
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

#include <pqxx/pqxx>

namespace cloudsync::store {
namespace inv = cloudsync::inventory;
namespace asio = boost::asio;

namespace {

constexpr int max_pending_pings = 4; // a hung server must not pile up ping jobs

// Runs fn(connection) on the calling store thread, turning any failure into a
// store_error whose message has the password scrubbed out. A connection found
// broken (the server restarted, an idle connection was killed) is reopened and
// fn retried once: fn is one transaction, so a retry never half-applies.
template <typename F> auto guarded(detail::session& db, const char* context, F fn) {
    for (int attempt = 0;; ++attempt) {
        try {
            return fn(db.get());
        } catch (const pqxx::broken_connection&) {
            db.reset();
            if (attempt == 0)
                continue;
            throw store_error(detail::describe(context, std::current_exception(), db.dsn()));
        } catch (const store_error&) {
            throw;
        } catch (...) {
            auto message = detail::describe(context, std::current_exception(), db.dsn());
            db.reset(); // reconnect next time: the connection may be unusable
            throw store_error(message);
        }
    }
}

} // namespace

database::impl::impl(options o) : opts(std::move(o)) {
    if (opts.max_runs == 0)
        opts.max_runs = 1;
    for (std::size_t i = 0; i < opts.max_runs; ++i) {
        runs.push_back(std::make_unique<detail::slot>(opts.dsn, opts.queue_depth));
        free.push_back(opts.max_runs - 1 - i);
    }
    control = std::make_unique<detail::slot>(opts.dsn, 16);
    health = std::make_unique<detail::slot>(opts.dsn, max_pending_pings);
    maintenance = std::make_unique<detail::slot>(opts.dsn, 2);
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
                       [](pqxx::connection& conn) { return detail::apply_migrations(conn); });
    };
    auto op = self->control->work.call(std::move(job));
    co_return co_await std::move(op);
}

asio::awaitable<void> database::apply_tenants(std::vector<tenant_spec> tenants,
                                              std::vector<account_spec> accounts) {
    auto* self = impl_.get();
    auto job = [self, tenants = std::move(tenants), accounts = std::move(accounts)] {
        guarded(self->control->db, "cannot apply tenants",
                [&](pqxx::connection& conn) { detail::apply_tenants(conn, tenants, accounts); });
    };
    auto op = self->control->work.call(std::move(job));
    co_await std::move(op);
}

asio::awaitable<std::unique_ptr<inv::run>> database::begin(inv::run_scope scope) {
    auto* self = impl_.get();
    auto index = co_await self->acquire();
    auto state = std::make_shared<detail::run_state>(self->runs[index]->db, std::move(scope));
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

asio::awaitable<std::vector<inv::run_record>> database::last_runs() {
    auto* self = impl_.get();
    auto job = [self] {
        return guarded(self->control->db, "cannot read runs",
                       [](pqxx::connection& conn) { return detail::last_runs(conn); });
    };
    auto op = self->control->work.call(std::move(job));
    co_return co_await std::move(op);
}

asio::awaitable<retention_result> database::apply_retention(std::chrono::seconds retention) {
    if (retention <= std::chrono::seconds::zero())
        throw store_error("metric retention must be positive");
    auto* self = impl_.get();
    auto job = [self, retention] {
        return guarded(self->maintenance->db, "cannot apply metric retention",
                       [retention](pqxx::connection& conn) {
                           return detail::apply_retention(conn, retention);
                       });
    };
    auto op = self->maintenance->work.call(std::move(job));
    co_return co_await std::move(op);
}

asio::awaitable<bool> database::ping(std::chrono::milliseconds timeout) {
    auto* self = impl_.get();
    if (self->pending_pings.load() >= max_pending_pings)
        co_return false;
    ++self->pending_pings;
    // 0 pending, 1 answered, 2 failed. The job may outlive this coroutine.
    auto outcome = std::make_shared<std::atomic<int>>(0);
    self->health->work.force([self, outcome] {
        try {
            pqxx::nontransaction tx(self->health->db.get());
            tx.exec(detail::sql::ping);
            outcome->store(1);
        } catch (...) {
            self->health->db.reset();
            outcome->store(2);
        }
        --self->pending_pings;
    });
    // Poll in short steps: the store thread cannot touch our timer safely.
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (outcome->load() == 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::min<std::chrono::steady_clock::duration>(
            std::chrono::milliseconds(2), deadline - std::chrono::steady_clock::now()));
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return outcome->load() == 1;
}

} // namespace cloudsync::store
