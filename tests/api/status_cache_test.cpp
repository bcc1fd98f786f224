// The cached /status body is always the rendering of the view it is asked for:
// reused only for an equal view, rendered again for any change the body shows.
#include "api/detail/status_cache.hpp"
#include "api/render.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using cloudsync::api::instance_status;
using cloudsync::api::job_status;
using cloudsync::api::status_body;
using cloudsync::api::detail::status_cache;
using namespace std::chrono_literals;

const std::chrono::system_clock::time_point at{std::chrono::seconds(1'700'000'000)};

std::vector<job_status> jobs_with_last_run() {
    job_status job;
    job.tenant = "platform";
    job.account = "azure-prod";
    job.next_due = at + 900s;
    cloudsync::inventory::run_record run;
    run.id = 7;
    run.scope = {"platform", "azure-prod", cloudsync::inventory::provider::azure,
                 cloudsync::inventory::collector_kind::vms, "schedule"};
    run.status = cloudsync::inventory::run_status::succeeded;
    run.started_at = at;
    run.finished_at = at + 2500ms;
    run.counts = {10, 3, 2, 1};
    job.last_run = run;
    return {job};
}

std::vector<instance_status> one_instance() {
    instance_status self;
    self.id = "host-a:1";
    self.started_at = at;
    self.heartbeat_at = at + 1s;
    self.live = self.self = true;
    return {self};
}

TEST(StatusCache, AnEqualViewReusesTheBodyRenderedLast) {
    status_cache cache("1.2.3");
    const auto first = cache.body(5, jobs_with_last_run(), one_instance());
    EXPECT_EQ(first, status_body("1.2.3", 5, jobs_with_last_run(), one_instance()));
    EXPECT_EQ(cache.body(5, jobs_with_last_run(), one_instance()), first);
    EXPECT_EQ(cache.renders(), 1u);
}

TEST(StatusCache, ANextDueThatMovedLessThanTheRenderedMillisecondReusesTheBody) {
    status_cache cache("1.2.3");
    auto jobs = jobs_with_last_run();
    jobs[0].next_due = at + 900s + 100us;
    const auto first = cache.body(5, jobs, {});
    jobs[0].next_due = at + 900s + 700us;
    EXPECT_EQ(cache.body(5, jobs, {}), first);
    EXPECT_EQ(cache.renders(), 1u);
    jobs[0].next_due = at + 900s + 1200us;
    EXPECT_EQ(cache.body(5, jobs, {}), status_body("1.2.3", 5, jobs, {}));
    EXPECT_NE(cache.body(5, jobs, {}), first);
    EXPECT_EQ(cache.renders(), 2u);
}

TEST(StatusCache, EveryChangeTheBodyShowsIsRenderedAgain) {
    status_cache cache("1.2.3");
    const auto base_jobs = jobs_with_last_run();
    const auto base_instances = one_instance();
    const auto expect_rendered = [&](std::int64_t uptime, const std::vector<job_status>& jobs,
                                     const std::vector<instance_status>& instances) {
        cache.body(5, base_jobs, base_instances); // the view before the change
        EXPECT_EQ(cache.body(uptime, jobs, instances),
                  status_body("1.2.3", uptime, jobs, instances));
    };
    expect_rendered(6, base_jobs, base_instances);
    auto jobs = base_jobs;
    jobs[0].running = true;
    expect_rendered(5, jobs, base_instances);
    jobs = base_jobs;
    jobs[0].last_run->counts.removed = 2;
    expect_rendered(5, jobs, base_instances);
    jobs = base_jobs;
    jobs[0].last_run->failed_scopes = {{"sub-2", "azure: 429 throttled"}};
    expect_rendered(5, jobs, base_instances);
    jobs = base_jobs;
    jobs[0].instance = "host-b:2";
    expect_rendered(5, jobs, base_instances);
    auto instances = base_instances;
    instances[0].heartbeat_at += 1ms;
    expect_rendered(5, base_jobs, instances);
    instances = base_instances;
    instances[0].config_differs = true;
    expect_rendered(5, base_jobs, instances);
    expect_rendered(5, base_jobs, {});
    EXPECT_EQ(cache.renders(), 2u * 8u);
}

} // namespace
