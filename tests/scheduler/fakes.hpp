// Test doubles for the scheduler tests: a hand-driven clock, an in-memory
// inventory::run_store that records every call (the real store is tested
// against PostgreSQL in tests/store), and a collector that emits records,
// waits or throws on demand.
#pragma once

#include "collectors/collector.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "inventory/run.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::scheduler::testing {

class fake_clock final : public clock {
public:
    steady_time steady() const override { return steady_; }
    system_time system() const override { return system_; }
    void advance(std::chrono::milliseconds by) {
        steady_ += by;
        system_ += by;
    }

private:
    steady_time steady_{std::chrono::hours(1000)};
    system_time system_{std::chrono::hours(500000)};
};

// Everything the scheduler did to one run.
struct run_log {
    inventory::run_id id = 0;
    inventory::run_scope scope;
    std::size_t records = 0;
    bool committed = false;
    std::optional<inventory::run_status> failed_as;
    std::string error;
    bool abandoned = false;
    std::chrono::steady_clock::time_point begun_at, ended_at;
    // Scopes as the run saw them, in the order each event happened.
    std::vector<std::string> scopes_opened, scopes_completed;
    std::vector<std::pair<std::string, std::string>> scopes_failed; // (scope, error)
    int scopes_open = 0, peak_scopes_open = 0;
};

// One scope of a memory_run: counts its records into the run's log.
class memory_scope final : public inventory::scope_sink {
public:
    memory_scope(run_log& log, std::string name) : log_(log), name_(std::move(name)) {
        log_.scopes_opened.push_back(name_);
        log_.peak_scopes_open = std::max(log_.peak_scopes_open, ++log_.scopes_open);
    }
    ~memory_scope() override {
        --log_.scopes_open;
        if (!ended_)
            log_.scopes_failed.emplace_back(name_, "abandoned");
    }
    boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override {
        log_.records += batch.size();
        co_return;
    }
    std::shared_ptr<const inventory::content_check> checker(inventory::table) override {
        return nullptr; // collectors then write every record
    }
    boost::asio::awaitable<void>
    write_unchanged(inventory::table, std::vector<inventory::content_key> keys) override {
        log_.records += keys.size();
        co_return;
    }
    boost::asio::awaitable<void>
    write_samples(std::vector<inventory::metric_sample> batch) override {
        log_.records += batch.size();
        co_return;
    }
    boost::asio::awaitable<void> complete() override {
        ended_ = true;
        log_.scopes_completed.push_back(name_);
        co_return;
    }
    boost::asio::awaitable<void> complete_empty(std::string reason) override {
        (void)reason;
        co_await complete();
    }
    boost::asio::awaitable<void> fail(std::string error) override {
        ended_ = true;
        log_.scopes_failed.emplace_back(name_, std::move(error));
        co_return;
    }

private:
    run_log& log_;
    std::string name_;
    bool ended_ = false;
};

// Thread-safe where the scheduler needs it: begin() may run on several job
// strands at once; each run's log is then touched by its own job only.
class memory_store final : public inventory::run_store {
public:
    std::map<inventory::run_id, run_log> runs; // read by tests once jobs ended
    bool fail_begin = false;
    std::chrono::milliseconds begin_delay{0};
    std::atomic<int> begins{0}; // begin() calls, including unfinished ones

    boost::asio::awaitable<std::unique_ptr<inventory::run>>
    begin(inventory::run_scope scope) override;
    boost::asio::awaitable<std::optional<inventory::run_record>> find(inventory::run_id) override {
        co_return std::nullopt; // the scheduler never reads runs back
    }

private:
    std::mutex mutex_;
    inventory::run_id next_ = 100;
};

class memory_run final : public inventory::run {
public:
    explicit memory_run(run_log& log) : log_(log) {}
    ~memory_run() override {
        if (!log_.committed && !log_.failed_as)
            log_.abandoned = true;
    }
    inventory::run_id id() const noexcept override { return log_.id; }
    // Native: any number of scopes may be open at once.
    boost::asio::awaitable<std::unique_ptr<inventory::scope_sink>>
    open_scope(std::string scope) override {
        co_return std::make_unique<memory_scope>(log_, std::move(scope));
    }
    boost::asio::awaitable<inventory::run_counts> commit() override {
        log_.committed = true;
        log_.ended_at = std::chrono::steady_clock::now();
        inventory::run_counts counts;
        counts.seen = counts.added = static_cast<std::int64_t>(log_.records);
        co_return counts;
    }
    boost::asio::awaitable<void> fail(inventory::run_status status, std::string error) override {
        log_.failed_as = status;
        log_.error = std::move(error);
        log_.ended_at = std::chrono::steady_clock::now();
        co_return;
    }

private:
    run_log& log_; // std::map nodes are stable
};

inline boost::asio::awaitable<std::unique_ptr<inventory::run>>
memory_store::begin(inventory::run_scope scope) {
    ++begins;
    if (begin_delay.count() > 0) {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, begin_delay);
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
    if (fail_begin)
        throw cloudsync::error("database unavailable");
    std::unique_lock lock(mutex_);
    auto& log = runs[next_];
    log.id = next_++;
    lock.unlock();
    log.scope = std::move(scope);
    log.begun_at = std::chrono::steady_clock::now();
    co_return std::make_unique<memory_run>(log);
}

// How collectors behave, and how many ran at once.
struct collector_plan {
    int batches = 2;
    int per_batch = 3;
    std::chrono::milliseconds delay{0}; // before each batch
    bool throws = false;
    bool scoped = false;     // each batch is a scope "sub-<b>"; else all go to scope ""
    bool concurrent = false; // with scoped: every scope is open at once, each on its own coroutine
    int failing_scope = -1;  // with scoped: this batch's scope fails instead of ending
    std::atomic<int> active{0};
    std::atomic<int> peak{0};
};

class test_collector final : public collectors::collector {
public:
    explicit test_collector(std::shared_ptr<collector_plan> plan) : plan_(std::move(plan)) {}

    boost::asio::awaitable<void> collect(std::shared_ptr<inventory::record_sink> sink) override {
        struct active_guard {
            collector_plan& p;
            explicit active_guard(collector_plan& plan) : p(plan) {
                const int now = ++p.active;
                int seen = p.peak;
                while (now > seen && !p.peak.compare_exchange_weak(seen, now)) {
                }
            }
            ~active_guard() { --p.active; }
        } guard(*plan_);
        if (plan_->scoped && plan_->concurrent) {
            co_await all_scopes_at_once(sink);
        } else if (plan_->scoped) {
            for (int b = 0; b < plan_->batches; ++b)
                co_await one_scope(sink, b);
        } else {
            auto whole = co_await sink->open_scope(""); // the whole account
            for (int b = 0; b < plan_->batches; ++b)
                co_await one_batch(*whole, b);
            co_await whole->complete();
        }
        if (plan_->throws)
            throw cloudsync::error("boom: page 3 truncated");
    }

private:
    boost::asio::awaitable<void> pause() {
        if (plan_->delay.count() <= 0)
            co_return;
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, plan_->delay);
        co_await timer.async_wait(boost::asio::use_awaitable);
    }

    std::vector<inventory::record> make_batch(int b) const {
        std::vector<inventory::record> batch(static_cast<std::size_t>(plan_->per_batch));
        for (auto& r : batch)
            r.native_id = "/subscriptions/s/vm" + std::to_string(b);
        return batch;
    }

    boost::asio::awaitable<void> one_batch(inventory::scope_sink& sink, int b) {
        co_await pause();
        co_await sink.write(make_batch(b));
    }

    // Opens scope "sub-<b>", waits, writes one batch, then fails or completes it.
    boost::asio::awaitable<void> one_scope(std::shared_ptr<inventory::record_sink> sink, int b) {
        auto scope = co_await sink->open_scope("sub-" + std::to_string(b));
        co_await one_batch(*scope, b);
        if (b == plan_->failing_scope)
            co_await scope->fail("403 AuthorizationFailed\nsecond line");
        else
            co_await scope->complete();
    }

    // Every scope on its own coroutine on the collector's executor (the job's
    // strand); completes when all have ended, rethrowing the first failure.
    boost::asio::awaitable<void> all_scopes_at_once(std::shared_ptr<inventory::record_sink> sink) {
        const auto executor = co_await boost::asio::this_coro::executor;
        using scope_op =
            decltype(boost::asio::co_spawn(executor, one_scope(sink, 0), boost::asio::deferred));
        std::vector<scope_op> scopes;
        for (int b = 0; b < plan_->batches; ++b)
            scopes.push_back(
                boost::asio::co_spawn(executor, one_scope(sink, b), boost::asio::deferred));
        auto [order, failures] =
            co_await boost::asio::experimental::make_parallel_group(std::move(scopes))
                .async_wait(boost::asio::experimental::wait_for_all(), boost::asio::use_awaitable);
        for (const auto& failure : failures)
            if (failure)
                std::rethrow_exception(failure);
    }

    std::shared_ptr<collector_plan> plan_;
};

} // namespace cloudsync::scheduler::testing
