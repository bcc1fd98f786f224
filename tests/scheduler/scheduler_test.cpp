#include "scheduler/scheduler.hpp"

#include "core/metrics.hpp"
#include "fakes.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <functional>

namespace cloudsync::scheduler {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using inventory::collector_kind;
using inventory::run_status;
using testing::collector_plan;
using testing::memory_store;
using testing::test_collector;

class SchedulerTest : public ::testing::Test {
protected:
    asio::io_context io;
    std::shared_ptr<memory_store> store = std::make_shared<memory_store>();
    options opts{.max_concurrent_runs = 4,
                 .jitter = 0ms,
                 .max_backoff = 1min,
                 .job_timeout = 10s,
                 .heartbeat = 20ms,
                 .time = std::make_shared<real_clock>(),
                 .seed = 1,
                 .on_change = {}};

    static job_spec job(std::string account, collector_kind kind,
                        std::shared_ptr<collector_plan> plan,
                        std::chrono::milliseconds interval = 1h) {
        job_spec spec;
        spec.scope.tenant = "platform";
        spec.scope.account = std::move(account);
        spec.scope.kind = kind;
        spec.interval = interval;
        spec.make_collector = [plan] { return std::make_unique<test_collector>(plan); };
        return spec;
    }

    std::shared_ptr<scheduler> make(std::vector<job_spec> jobs) {
        return scheduler::create(io.get_executor(), store, opts, std::move(jobs));
    }

    // Runs the io_context until `task` completes (fails the test after 5 s).
    template <class T> T await(asio::awaitable<T> task) {
        std::optional<T> result;
        std::exception_ptr failure;
        asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
            failure = e;
            result = std::move(value);
        });
        run_until([&] { return result.has_value() || failure; });
        if (failure)
            std::rethrow_exception(failure);
        if (!result)
            throw std::runtime_error("timed out awaiting a scheduler call");
        return std::move(*result);
    }

    void run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            if (io.stopped())
                io.restart(); // it stops whenever it runs out of work
            io.run_one_for(5ms);
        }
    }

    void run_for(std::chrono::milliseconds span) {
        const auto deadline = std::chrono::steady_clock::now() + span;
        while (std::chrono::steady_clock::now() < deadline) {
            if (io.stopped())
                io.restart();
            io.run_one_for(5ms);
        }
    }

    bool shut_down(const std::shared_ptr<scheduler>& s, std::chrono::milliseconds limit = 2s) {
        return await(s->shutdown(opts.time->steady() + limit));
    }
};

double runs_total(const std::string& account, const std::string& kind, const std::string& result) {
    return metrics::default_registry()
        .get_counter("cloudsync_runs_total", "",
                     {{"account", account}, {"kind", kind}, {"result", result}})
        .value();
}

TEST_F(SchedulerTest, RunOnceCommitsWhatTheCollectorDelivered) {
    const auto before = runs_total("commit-acct", "vms", "succeeded");
    auto plan = std::make_shared<collector_plan>();
    auto s = make({job("commit-acct", collector_kind::vms, plan)});
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    EXPECT_TRUE(outcome.all_succeeded());
    ASSERT_EQ(store->runs.size(), 1u);
    const auto& log = store->runs.begin()->second;
    EXPECT_TRUE(log.committed);
    EXPECT_FALSE(log.failed_as);
    EXPECT_EQ(log.records, 6u);
    EXPECT_EQ(log.scope.trigger, "once");
    EXPECT_EQ(log.scope.tenant, "platform");
    EXPECT_EQ(runs_total("commit-acct", "vms", "succeeded"), before + 1);

    const auto status = s->status();
    ASSERT_EQ(status.size(), 1u);
    ASSERT_TRUE(status[0].last_run);
    EXPECT_EQ(status[0].last_run->id, log.id);
    EXPECT_EQ(status[0].last_run->status, run_status::succeeded);
    EXPECT_EQ(status[0].last_run->counts.seen, 6);
    EXPECT_EQ(status[0].consecutive_failures, 0);
    EXPECT_FALSE(status[0].running);
    ASSERT_TRUE(status[0].next_due);
    EXPECT_GT(*status[0].next_due, std::chrono::system_clock::now() + 59min);
}

TEST_F(SchedulerTest, AThrowingCollectorFailsTheRun) {
    auto plan = std::make_shared<collector_plan>();
    plan->throws = true;
    auto s = make({job("a", collector_kind::vms, plan)});
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    EXPECT_FALSE(outcome.all_succeeded());
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].second, run_status::failed);
    const auto& log = store->runs.begin()->second;
    EXPECT_FALSE(log.committed);
    EXPECT_EQ(log.failed_as, run_status::failed);
    EXPECT_EQ(log.error, "boom: page 3 truncated");
    EXPECT_EQ(s->status()[0].consecutive_failures, 1);
    EXPECT_EQ(s->status()[0].last_run->error, "boom: page 3 truncated");
}

TEST_F(SchedulerTest, AFailedScopeMakesThePartialRunCommitAndReportIt) {
    auto plan = std::make_shared<collector_plan>();
    plan->batches = 3;
    plan->scoped = true;
    plan->failing_scope = 1;
    auto s = make({job("partial-acct", collector_kind::vms, plan)});
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    EXPECT_FALSE(outcome.all_succeeded()) << "--once exits non-zero for a partial run";
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].second, run_status::partial);
    const auto& log = store->runs.begin()->second;
    EXPECT_TRUE(log.committed) << "the healthy scopes are committed";
    EXPECT_FALSE(log.failed_as);

    const auto job_status = s->status().at(0);
    ASSERT_TRUE(job_status.last_run);
    EXPECT_EQ(job_status.last_run->status, run_status::partial);
    EXPECT_EQ(job_status.last_run->error,
              "1 of 3 subscriptions failed: sub-1: 403 AuthorizationFailed");
    ASSERT_EQ(job_status.last_run->failed_scopes.size(), 1u);
    EXPECT_EQ(job_status.last_run->failed_scopes[0].first, "sub-1");
    // Scheduled like a success: no backoff holds the healthy scopes back.
    EXPECT_EQ(job_status.consecutive_failures, 0);
    ASSERT_TRUE(job_status.next_due);
    EXPECT_GT(*job_status.next_due, std::chrono::system_clock::now() + 59min);
}

TEST_F(SchedulerTest, ConcurrentScopesOneFailingEndPartialNamingIt) {
    auto plan = std::make_shared<collector_plan>();
    plan->batches = 2;
    plan->scoped = true;
    plan->concurrent = true;
    plan->failing_scope = 0;
    plan->delay = 20ms; // both scopes are open while each waits for its page
    auto s = make({job("concurrent-acct", collector_kind::vms, plan)});
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].second, run_status::partial);
    const auto& log = store->runs.begin()->second;
    EXPECT_EQ(log.peak_scopes_open, 2) << "the two scopes were open at the same time";
    EXPECT_TRUE(log.committed);
    EXPECT_EQ(log.records, 6u);
    EXPECT_EQ(log.scopes_completed, std::vector<std::string>{"sub-1"});
    ASSERT_EQ(log.scopes_failed.size(), 1u);
    EXPECT_EQ(log.scopes_failed[0].first, "sub-0");

    const auto last = s->status().at(0).last_run;
    ASSERT_TRUE(last);
    EXPECT_EQ(last->status, run_status::partial);
    // "of 2": each scope counted once (begun() == 2).
    EXPECT_EQ(last->error, "1 of 2 subscriptions failed: sub-0: 403 AuthorizationFailed");
    ASSERT_EQ(last->failed_scopes.size(), 1u);
    EXPECT_EQ(last->failed_scopes[0].first, "sub-0");
}

TEST_F(SchedulerTest, ConcurrentScopesAllFailingFailTheRun) {
    auto plan = std::make_shared<collector_plan>();
    plan->batches = 1;
    plan->scoped = true;
    plan->concurrent = true;
    plan->failing_scope = 0;
    auto s = make({job("all-fail-acct", collector_kind::vms, plan)});
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].second, run_status::failed);
    EXPECT_EQ(s->status().at(0).last_run->error,
              "1 of 1 subscriptions failed: sub-0: 403 AuthorizationFailed");
}

TEST_F(SchedulerTest, ARunOverItsTimeoutFails) {
    opts.job_timeout = 50ms;
    auto plan = std::make_shared<collector_plan>();
    plan->delay = 10s;
    auto s = make({job("a", collector_kind::vms, plan)});
    const auto started = std::chrono::steady_clock::now();
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_FALSE(outcome.all_succeeded());
    const auto& log = store->runs.begin()->second;
    EXPECT_EQ(log.failed_as, run_status::failed);
    EXPECT_EQ(log.error, "timed out after 50ms");
}

TEST_F(SchedulerTest, AFailedBeginIsAFailedRun) {
    store->fail_begin = true;
    auto s = make({job("a", collector_kind::vms, std::make_shared<collector_plan>())});
    const auto outcome = await(s->run_once(std::nullopt, std::nullopt));
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].second, run_status::failed);
    EXPECT_EQ(s->status()[0].last_run->error, "begin: database unavailable");
}

TEST_F(SchedulerTest, RunOnceSelectsJobsAndRespectsTheConcurrencyLimit) {
    opts.max_concurrent_runs = 2;
    auto plan = std::make_shared<collector_plan>();
    plan->delay = 20ms;
    std::vector<job_spec> jobs;
    for (auto account : {"a", "b", "c"})
        for (auto kind : {collector_kind::vms, collector_kind::storage})
            jobs.push_back(job(account, kind, plan));
    auto s = make(jobs);

    EXPECT_EQ(await(s->run_once("nope", std::nullopt)).error, filter_error::unknown_account);
    EXPECT_EQ(await(s->run_once("a", collector_kind::alerts)).error, filter_error::unknown_kind);
    EXPECT_TRUE(store->runs.empty());

    const auto one = await(s->run_once("b", collector_kind::storage));
    ASSERT_EQ(one.results.size(), 1u);
    EXPECT_EQ(one.results[0].first, (job_key{"b", collector_kind::storage}));

    const auto all = await(s->run_once(std::nullopt, std::nullopt));
    EXPECT_TRUE(all.all_succeeded());
    EXPECT_EQ(all.results.size(), 6u);
    EXPECT_EQ(store->runs.size(), 7u);
    EXPECT_EQ(plan->peak, 2);
}

TEST_F(SchedulerTest, StopCancelsRunningJobsPromptly) {
    auto plan = std::make_shared<collector_plan>();
    plan->delay = 10s;
    std::vector<run_event> events;
    opts.on_change = [&](const run_event& e) { events.push_back(e); };
    auto s = make({job("a", collector_kind::vms, plan), job("b", collector_kind::vms, plan)});
    s->start();
    run_until([&] { return plan->active == 2; });
    ASSERT_EQ(plan->active, 2);
    EXPECT_TRUE(s->status()[0].running);
    EXPECT_FALSE(s->status()[0].next_due);

    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(shut_down(s));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
    ASSERT_EQ(store->runs.size(), 2u);
    for (const auto& [id, log] : store->runs) {
        EXPECT_EQ(log.failed_as, run_status::cancelled);
        EXPECT_EQ(log.error, "cancelled");
        EXPECT_FALSE(log.abandoned);
    }
    ASSERT_EQ(events.size(), 4u); // two started, two finished
    EXPECT_EQ(events[0].type, run_event_type::started);
    EXPECT_EQ(events[3].type, run_event_type::finished);
    EXPECT_EQ(events[3].run.status, run_status::cancelled);
    EXPECT_FALSE(s->alive(1h));
}

TEST_F(SchedulerTest, StopDuringBeginCancelsTheJob) {
    store->begin_delay = 10s;
    std::vector<run_event> events;
    opts.on_change = [&](const run_event& e) { events.push_back(e); };
    auto s = make({job("a", collector_kind::vms, std::make_shared<collector_plan>())});
    s->start();
    run_until([&] { return store->begins == 1; });
    ASSERT_EQ(store->begins, 1);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(shut_down(s));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
    EXPECT_TRUE(store->runs.empty());
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, run_event_type::finished);
    EXPECT_EQ(events[0].run.status, run_status::cancelled);
    EXPECT_EQ(s->status()[0].last_run->status, run_status::cancelled);
}

TEST_F(SchedulerTest, RunsOnAThreadPoolWithinTheLimit) {
    asio::thread_pool pool(2);
    opts.max_concurrent_runs = 3;
    auto plan = std::make_shared<collector_plan>();
    plan->delay = 5ms;
    std::vector<job_spec> jobs;
    for (int i = 0; i < 8; ++i)
        jobs.push_back(job("acct" + std::to_string(i), collector_kind::vms, plan));
    auto s = scheduler::create(pool.get_executor(), store, opts, jobs);
    auto outcome = asio::co_spawn(pool, s->run_once(std::nullopt, std::nullopt), asio::use_future);
    ASSERT_EQ(outcome.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(outcome.get().all_succeeded());
    EXPECT_LE(plan->peak, 3);
    EXPECT_EQ(store->runs.size(), 8u);
    for (const auto& status : s->status()) {
        ASSERT_TRUE(status.last_run);
        EXPECT_EQ(status.last_run->status, run_status::succeeded);
    }
    auto ended =
        asio::co_spawn(pool, s->shutdown(std::chrono::steady_clock::now() + 2s), asio::use_future);
    ASSERT_EQ(ended.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(ended.get());
    pool.join();
}

TEST_F(SchedulerTest, PeriodicRunsNeverOverlapAndCountFromTheEnd) {
    auto plan = std::make_shared<collector_plan>();
    plan->batches = 1;
    plan->delay = 40ms;
    auto s = make({job("a", collector_kind::vms, plan, 100ms)});
    EXPECT_FALSE(s->alive(1h));
    s->start();
    run_for(600ms);
    EXPECT_TRUE(s->alive(200ms));
    EXPECT_TRUE(shut_down(s));
    // Each run takes >= 40 ms and the next starts >= 100 ms after the previous end:
    // in 600 ms at most 5 runs (at least 2 even on a loaded machine).
    EXPECT_GE(store->runs.size(), 2u);
    EXPECT_LE(store->runs.size(), 5u);
    EXPECT_EQ(plan->peak, 1);
    const testing::run_log* previous = nullptr;
    for (const auto& [id, log] : store->runs) {
        if (previous && previous->committed) {
            EXPECT_GE(log.begun_at - previous->ended_at, 99ms);
        }
        previous = &log;
    }
}

TEST_F(SchedulerTest, TriggerStartsMergesAndReportsAlreadyRunning) {
    opts.max_concurrent_runs = 1;
    opts.jitter = 1h; // first scheduled runs are far away (fixed seed)
    auto slow = std::make_shared<collector_plan>();
    slow->delay = 10s;
    auto s = make({job("a", collector_kind::vms, slow), job("a", collector_kind::storage, slow),
                   job("b", collector_kind::vms, slow)});
    s->start();

    EXPECT_EQ(await(s->trigger("zz", std::nullopt, "api")).error, filter_error::unknown_account);
    EXPECT_EQ(await(s->trigger("b", collector_kind::alerts, "api")).error,
              filter_error::unknown_kind);

    const auto first = await(s->trigger("a", collector_kind::vms, "api"));
    ASSERT_FALSE(first.error);
    ASSERT_EQ(first.jobs.size(), 1u);
    EXPECT_EQ(first.jobs[0].state, trigger_state::started);
    ASSERT_TRUE(first.jobs[0].run_id);
    ASSERT_TRUE(store->runs.contains(*first.jobs[0].run_id));
    EXPECT_EQ(store->runs.at(*first.jobs[0].run_id).scope.trigger, "api");

    const auto again = await(s->trigger("a", collector_kind::vms, "api"));
    EXPECT_TRUE(again.all_already_running());

    const auto all_of_a = await(s->trigger("a", std::nullopt, "api"));
    ASSERT_EQ(all_of_a.jobs.size(), 2u); // ordered by key: vms, storage
    EXPECT_EQ(all_of_a.jobs[0].state, trigger_state::already_running);
    EXPECT_EQ(all_of_a.jobs[1].state, trigger_state::queued); // the only slot is taken
    EXPECT_FALSE(all_of_a.jobs[1].run_id);
    EXPECT_FALSE(all_of_a.all_already_running());
    EXPECT_EQ(await(s->trigger("a", collector_kind::storage, "api")).jobs[0].state,
              trigger_state::queued);
    EXPECT_EQ(store->runs.size(), 1u);
    EXPECT_TRUE(shut_down(s));
}

TEST_F(SchedulerTest, ReplanCancelsARemovedRunningJobAndAddsNewOnes) {
    opts.jitter = 1h;
    auto slow = std::make_shared<collector_plan>();
    slow->delay = 10s;
    auto s = make({job("a", collector_kind::vms, slow)});
    s->start();
    ASSERT_EQ(await(s->trigger("a", std::nullopt, "api")).jobs[0].state, trigger_state::started);
    s->replan({job("b", collector_kind::vms, slow)});
    run_until([&] { return store->runs.begin()->second.failed_as.has_value(); });
    EXPECT_EQ(store->runs.begin()->second.failed_as, run_status::cancelled);
    const auto status = s->status();
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].job.account, "b");
    EXPECT_THROW(
        s->replan({job("b", collector_kind::vms, slow), job("b", collector_kind::vms, slow)}),
        scheduler_error);
    EXPECT_EQ(s->status().size(), 1u);
    EXPECT_TRUE(shut_down(s));
}

TEST_F(SchedulerTest, RunOnceRefusesAStartedScheduler) {
    auto s = make({job("a", collector_kind::vms, std::make_shared<collector_plan>())});
    s->start();
    EXPECT_THROW(await(s->run_once(std::nullopt, std::nullopt)), scheduler_error);
    EXPECT_TRUE(shut_down(s));
}

} // namespace
} // namespace cloudsync::scheduler
