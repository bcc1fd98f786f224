#include "scheduler/plan.hpp"

#include "fakes.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cloudsync::scheduler {
namespace {

using namespace std::chrono_literals;
using inventory::collector_kind;
using testing::fake_clock;

job_key key(std::string account, collector_kind kind = collector_kind::vms) {
    return {std::move(account), kind};
}

struct PlanTest : ::testing::Test {
    std::shared_ptr<fake_clock> time = std::make_shared<fake_clock>();
    plan make(plan_options opts, std::vector<job_def> jobs, std::uint64_t seed = 42) {
        plan p(opts, time, seed);
        p.replan(jobs);
        return p;
    }
    std::vector<job_key> keys(const std::vector<job_start>& starts) {
        std::vector<job_key> out;
        for (const auto& s : starts)
            out.push_back(s.key);
        return out;
    }
};

TEST_F(PlanTest, FirstRunsAreSpreadWithinJitterAfterStart) {
    std::vector<job_def> jobs;
    for (int i = 0; i < 20; ++i)
        jobs.push_back({key("acct" + std::to_string(i)), 15min});
    auto p = make({.max_concurrent_runs = 100, .jitter = 10s}, jobs);
    const auto start = time->steady();
    std::set<clock::steady_time> distinct;
    for (const auto& job : p.jobs()) {
        EXPECT_GE(job.next_due, start);
        EXPECT_LE(job.next_due, start + 10s);
        distinct.insert(job.next_due);
    }
    EXPECT_GT(distinct.size(), 10u); // not all at once
    time->advance(10s);
    EXPECT_EQ(p.take_due().size(), 20u);
}

TEST_F(PlanTest, IntervalCountsFromTheEndOfARun) {
    auto p = make({.jitter = 0s}, {{key("a"), 60s}});
    const auto start = time->steady();
    ASSERT_EQ(p.take_due().size(), 1u);
    time->advance(25s); // the run takes 25 s
    p.finished(key("a"), true);
    EXPECT_EQ(p.find(key("a"))->next_due, start + 85s);
    EXPECT_EQ(p.next_wakeup(), start + 85s);
    time->advance(59s);
    EXPECT_TRUE(p.take_due().empty());
    time->advance(1s);
    EXPECT_EQ(keys(p.take_due()), std::vector{key("a")});
}

TEST_F(PlanTest, JitterStaysWithinBoundsNeverBeforeTheEndAndIsReproducible) {
    auto run_cycles = [&](std::uint64_t seed, std::chrono::milliseconds interval) {
        auto p = make({.jitter = 5s}, {{key("a"), interval}}, seed);
        std::vector<std::chrono::milliseconds> gaps;
        for (int i = 0; i < 200; ++i) {
            time->advance(1h);
            EXPECT_EQ(p.take_due().size(), 1u);
            time->advance(3s);
            p.finished(key("a"), true);
            gaps.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
                p.find(key("a"))->next_due - time->steady()));
        }
        return gaps;
    };
    const auto gaps = run_cycles(7, 60s);
    bool below = false, above = false;
    for (auto gap : gaps) {
        EXPECT_GE(gap, 55s);
        EXPECT_LE(gap, 65s);
        below |= gap < 60s;
        above |= gap > 60s;
    }
    EXPECT_TRUE(below && above);
    EXPECT_EQ(run_cycles(7, 60s), gaps);
    EXPECT_NE(run_cycles(8, 60s), gaps);
    for (auto gap : run_cycles(9, 2s))
        EXPECT_GE(gap, 0ms); // jitter larger than the interval
}

TEST_F(PlanTest, BackoffDoublesUpToTheMaximumAndASuccessResetsIt) {
    auto p = make({.jitter = 0s, .max_backoff = 10min}, {{key("a"), 15min}});
    const std::vector<std::chrono::milliseconds> expected{1min, 2min, 4min, 8min, 10min, 10min};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(p.take_due().size(), 1u) << i;
        time->advance(5s);
        p.finished(key("a"), false);
        EXPECT_EQ(p.find(key("a"))->consecutive_failures, static_cast<int>(i + 1));
        EXPECT_EQ(p.find(key("a"))->next_due - time->steady(), expected[i]) << i;
        time->advance(expected[i]);
    }
    ASSERT_EQ(p.take_due().size(), 1u);
    p.finished(key("a"), true);
    EXPECT_EQ(p.find(key("a"))->consecutive_failures, 0);
    EXPECT_EQ(p.find(key("a"))->next_due - time->steady(), 15min);
    // A short interval is its own retry base.
    EXPECT_EQ(p.backoff(20s, 1), 20s);
    EXPECT_EQ(p.backoff(20s, 3), 80s);
    EXPECT_EQ(p.backoff(20s, 1000), 10min);
}

TEST_F(PlanTest, ARunningJobNeverStartsAgain) {
    auto p = make({.jitter = 0s}, {{key("a"), 10s}});
    ASSERT_EQ(p.take_due().size(), 1u);
    time->advance(1h); // far past its interval, still running
    EXPECT_TRUE(p.take_due().empty());
    EXPECT_EQ(p.next_wakeup(), std::nullopt);
    EXPECT_EQ(p.trigger(key("a"), "api"), trigger_result::already_running);
    EXPECT_TRUE(p.take_due().empty());
    p.finished(key("a"), true);
    EXPECT_TRUE(p.take_due().empty()); // next due is 10 s after the end
}

TEST_F(PlanTest, TriggersAreMerged) {
    auto p = make({.jitter = 0s}, {{key("a"), 1h}, {key("b"), 1h}});
    ASSERT_EQ(p.take_due().size(), 2u);
    p.finished(key("a"), true);
    p.finished(key("b"), true);
    EXPECT_TRUE(p.take_due().empty());

    EXPECT_EQ(p.trigger(key("a"), "api"), trigger_result::queued);
    EXPECT_EQ(p.trigger(key("a"), "api"), trigger_result::already_queued);
    EXPECT_EQ(p.trigger(key("zz"), "api"), trigger_result::unknown_job);
    const auto started = p.take_due();
    ASSERT_EQ(started.size(), 1u); // one run for two triggers
    EXPECT_EQ(started[0].key, key("a"));
    EXPECT_EQ(started[0].trigger, "api");
    EXPECT_EQ(p.trigger(key("a"), "api"), trigger_result::already_running);
    // Triggers only: run-once mode starts nothing that is merely due on schedule.
    time->advance(2h);
    EXPECT_TRUE(p.take_due(true).empty());
    EXPECT_EQ(p.trigger(key("b"), "once"), trigger_result::already_queued); // due already
    EXPECT_EQ(keys(p.take_due(true)), std::vector{key("b")});
}

TEST_F(PlanTest, ConcurrencyLimitStartsOldestDueFirst) {
    auto p = make({.max_concurrent_runs = 2, .jitter = 0s},
                  {{key("a"), 10s}, {key("b"), 10s}, {key("c"), 10s}});
    const auto start = time->steady();
    EXPECT_EQ(keys(p.take_due()), (std::vector{key("a"), key("b")})); // equal due: by key
    EXPECT_EQ(p.next_wakeup(), std::nullopt);                         // every slot taken
    time->advance(1s);
    p.finished(key("b"), true); // b due at +11 s
    time->advance(1s);
    p.finished(key("a"), true);                           // a due at +12 s
    EXPECT_EQ(keys(p.take_due()), std::vector{key("c")}); // waited since +0 s
    time->advance(11s);                                   // +13 s: a and b both due, one slot
    EXPECT_EQ(keys(p.take_due()), std::vector{key("b")});
    EXPECT_EQ(p.running(), 2u);
    p.finished(key("c"), true);
    EXPECT_EQ(keys(p.take_due()), std::vector{key("a")});
    EXPECT_EQ(p.find(key("c"))->next_due, start + 23s);
}

TEST_F(PlanTest, ReplanKeepsTheStateOfJobsThatStillExist) {
    auto p = make({.jitter = 0s}, {{key("a"), 10min}, {key("b"), 10min}, {key("d"), 10min}});
    ASSERT_EQ(p.take_due().size(), 3u);
    p.finished(key("a"), false);
    p.finished(key("d"), true);
    const auto a_due = p.find(key("a"))->next_due;
    const auto d_end = *p.find(key("d"))->last_end;

    const auto changes = p.replan({{key("a"), 10min}, {key("c"), 10min}, {key("d"), 20min}});
    EXPECT_EQ(changes.added, std::vector{key("c")});
    EXPECT_EQ(changes.removed, std::vector{key("b")});
    EXPECT_EQ(changes.cancel, std::vector{key("b")}); // b was running
    EXPECT_EQ(p.find(key("a"))->consecutive_failures, 1);
    EXPECT_EQ(p.find(key("a"))->next_due, a_due);
    EXPECT_EQ(p.find(key("d"))->next_due, d_end + 20min); // new interval from its last end
    EXPECT_EQ(p.find(key("b")), nullptr);
    EXPECT_EQ(p.trigger(key("b"), "api"), trigger_result::unknown_job);
    EXPECT_EQ(p.jobs().size(), 3u);
    EXPECT_EQ(p.running(), 1u); // b holds its slot until it ends
    p.finished(key("b"), false);
    EXPECT_EQ(p.running(), 0u);
    EXPECT_EQ(keys(p.take_due()), std::vector{key("c")});
    EXPECT_TRUE(p.replan({}).cancel.size() == 1u); // c is running
    EXPECT_TRUE(p.jobs().empty());
}

} // namespace
} // namespace cloudsync::scheduler
