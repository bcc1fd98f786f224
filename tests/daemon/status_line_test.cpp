#include "status_line.hpp"

#include <gtest/gtest.h>

namespace cloudsync::daemon {
namespace {

scheduler::job_status job(std::string account, int failures, std::string error, int minute) {
    scheduler::job_status s;
    s.job = {std::move(account), inventory::collector_kind::vms};
    s.consecutive_failures = failures;
    inventory::run_record run;
    run.status = failures ? inventory::run_status::failed : inventory::run_status::succeeded;
    run.error = std::move(error);
    run.counts = {100, 2, 3, 1};
    run.finished_at = std::chrono::system_clock::time_point(std::chrono::minutes(minute));
    s.last_run = run;
    return s;
}

TEST(StatusLine, SummarizesJobsFailuresAndTheLatestRun) {
    const auto line = status_line({job("a", 0, "", 5), job("b", 2, "403 forbidden\nmore", 3)});
    EXPECT_EQ(line, "2 jobs, 0 running, 1 failing (b/vms: 403 forbidden); last: a/vms "
                    "succeeded, 100 seen, 6 changed");
}

TEST(StatusLine, APartialRunCountsAsFailingAndNamesTheScope) {
    auto partial = job("a", 0, "1 of 2 scopes failed: sub-1: 403", 5);
    partial.last_run->status = inventory::run_status::partial;
    EXPECT_EQ(status_line({partial}), "1 job, 0 running, 1 failing (a/vms: 1 of 2 scopes failed: "
                                      "sub-1: 403); last: a/vms partial, 100 seen, 6 changed");
}

TEST(StatusLine, NoRunsYet) {
    EXPECT_EQ(status_line({}), "0 jobs, 0 running, 0 failing");
}

} // namespace
} // namespace cloudsync::daemon
