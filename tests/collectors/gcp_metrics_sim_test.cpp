// The GCP metrics collector against cloudsim over loopback, with an
// authorized-user credential from cloudsim's Google token endpoint: every
// RUNNING VM's five metrics over the whole-minute window, as cloudsim
// generated them, keyed by the VM's row id, in five timeSeries.list calls per
// project (more only when a page fills); overlapping windows repeat keys; a
// failing project is its own failed scope; throttling is retried. Also prints
// the API-call figure for 10,000 VMs in 20 zones.
#include "auth/gcp/authorized_user_credential.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "cloudsim/gcp_time_series.hpp"
#include "collectors/common/utc_time.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/metrics_collector.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "collectors/gcp/time_series_page.hpp"
#include "collectors/gcp/vm_collector.hpp"
#include "fixed_clock.hpp"
#include "monitor_sim_sink.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <tuple>

namespace cloudsync::collectors::gcp {
namespace {

using namespace std::chrono_literals;
using sample_key = std::tuple<std::string, std::string, std::chrono::system_clock::time_point>;

std::string vm_id(const cloudsim::gcp_estate& estate, const cloudsim::gcp_project& p,
                  const cloudsim::gcp_instance& i) {
    return std::string(compute_name_prefix) + "projects/" + p.id + "/zones/" +
           estate.options().zones[i.zone] + "/instances/" + cloudsim::gcp_instance_name(p, i);
}

std::size_t running(const cloudsim::gcp_project& p) {
    std::size_t n = 0;
    for (const auto& i : p.instances)
        n += i.status == "RUNNING";
    return n;
}

class GcpMetricsSim : public test::sim_fixture {
protected:
    GcpMetricsSim()
        : sim_fixture(make_options(), test::quick_retries(2)), google(google_user_credential()),
          clock(std::make_shared<test::fixed_clock>(*common::parse_utc("2026-03-01T10:17:42Z"))) {}

    static cloudsim::options make_options() {
        auto o = options(7);
        o.gcp.seed = 5;
        o.gcp.projects = 3;
        o.gcp.instances_per_project = 7;
        o.gcp.buckets_per_project = 0;
        return o;
    }

    metrics_collector_options collector_options(std::vector<std::string> projects = {}) {
        metrics_collector_options o;
        o.monitoring_endpoint = sim.base_url();
        o.resource_manager_endpoint = sim.base_url();
        o.projects = std::move(projects);
        o.lookback = 15min;
        o.page_size = 40; // two series of 15 points a page
        o.batch_size = 50;
        return o;
    }

    std::shared_ptr<test::monitor_sink> collect(metrics_collector& collector) {
        auto sink = std::make_shared<test::monitor_sink>(50);
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }

    metrics_collector make(std::vector<std::string> projects = {}) {
        return metrics_collector(common::default_engine(http_client), google,
                                 collector_options(std::move(projects)), clock);
    }


    std::shared_ptr<auth::gcp::authorized_user_credential> google;
    std::shared_ptr<test::fixed_clock> clock;
};

TEST_F(GcpMetricsSim, EveryRunningVmsFiveMetricsOverTheWindowKeyedByItsRowId) {
    auto collector = make();
    const auto sink = collect(collector);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(test::sorted(sink->completed_scopes), test::sorted(gcp_active_projects()));

    // Window 10:02..10:17 (now 10:17:42 in whole minutes): minutes ending
    // 10:03..10:17, each sample stamped with its minute's start.
    const auto estate = sim.gcp_snapshot();
    const auto end = *common::parse_utc("2026-03-01T10:17:00Z");
    const auto& queries = vm_metric_queries();
    std::map<sample_key, double> expected;
    std::size_t calls = 0;
    for (const auto& p : estate->projects()) {
        if (!p.active)
            continue;
        calls += 5 * std::max<std::size_t>((running(p) + 1) / 2, 1); // an empty list is a call too
        for (const auto& i : p.instances) {
            if (i.status != "RUNNING")
                continue;
            for (std::size_t m = 0; m < queries.size(); ++m)
                for (int k = 0; k < 15; ++k) {
                    const auto minute_end = end - std::chrono::minutes(k);
                    const auto seconds =
                        std::chrono::duration_cast<std::chrono::seconds>(minute_end.time_since_epoch());
                    expected[{vm_id(*estate, p, i), std::string(queries[m].metric_type),
                              minute_end - 60s}] =
                        cloudsim::gcp_metric_value(i, m, seconds.count()) * queries[m].scale;
                }
        }
    }
    ASSERT_FALSE(expected.empty());
    ASSERT_EQ(sink->samples.size(), expected.size());
    std::size_t by_name = 0;
    for (const auto& s : sink->samples) {
        const auto it = expected.find({s.native_id, s.native_metric, s.ts});
        ASSERT_NE(it, expected.end()) << s.native_id << " " << s.native_metric;
        EXPECT_DOUBLE_EQ(s.value, it->second) << s.native_id << " " << s.native_metric;
        for (const auto& q : queries)
            if (q.metric_type == s.native_metric) {
                EXPECT_EQ(s.metric, q.metric);
                EXPECT_EQ(s.unit, q.unit);
                ++by_name;
            }
        if (s.metric == "cpu_percent") {
            EXPECT_GE(s.value, 0.0);
            EXPECT_LT(s.value, 100.0);
        }
    }
    EXPECT_EQ(by_name, expected.size());
    EXPECT_EQ(collector.calls(), calls);
    EXPECT_EQ(sim.stats().count("gcpTimeSeries"), calls);
    EXPECT_EQ(sim.stats().count("gcpProjects"), 1u);
}

TEST_F(GcpMetricsSim, SamplesJoinTheVmsCollectorsRows) {
    auto sink = std::make_shared<test::recording_sink>(1000);
    compute_collector_options vo;
    vo.compute_endpoint = sim.base_url();
    vo.resource_manager_endpoint = sim.base_url();
    vm_collector vms(common::default_engine(http_client), google, vo);
    test::run_coroutine(io, vms.collect(sink));
    auto collector = make();
    const auto samples = collect(collector);
    ASSERT_FALSE(samples->samples.empty());
    for (const auto& s : samples->samples)
        EXPECT_EQ(sink->records.count(s.native_id), 1u) << s.native_id;
}

TEST_F(GcpMetricsSim, OverlappingWindowsRepeatKeysNeverNewOnes) {
    auto collector = make();
    const auto first = collect(collector);
    clock->advance(5min);
    const auto second = collect(collector);
    std::map<sample_key, double> before;
    for (const auto& s : first->samples)
        before[{s.native_id, s.native_metric, s.ts}] = s.value;
    std::size_t repeated = 0;
    for (const auto& s : second->samples) {
        const auto it = before.find({s.native_id, s.native_metric, s.ts});
        if (it == before.end())
            continue;
        ++repeated;
        EXPECT_DOUBLE_EQ(it->second, s.value);
    }
    EXPECT_EQ(repeated * 15, first->samples.size() * 10); // 10 of 15 minutes overlap
}

TEST_F(GcpMetricsSim, AFailingProjectFailsOnlyItsScope) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::forbidden, "/v3/projects/" + projects[1] + "/", 1});
    sim.add_fault({cloudsim::fault_kind::malformed_json, "/v3/projects/" + projects[2] + "/", 1});
    auto collector = make(projects);
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 2u);
    std::map<std::string, std::string> failed(sink->failed_scopes.begin(),
                                              sink->failed_scopes.end());
    EXPECT_NE(failed.at(projects[1]).find("403"), std::string::npos) << failed.at(projects[1]);
    EXPECT_NE(failed.at(projects[2]).find("malformed"), std::string::npos)
        << failed.at(projects[2]);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{projects[0]});
    for (const auto& s : sink->samples)
        EXPECT_NE(s.native_id.find("/projects/" + projects[0] + "/"), std::string::npos);
}

TEST_F(GcpMetricsSim, ThrottledAndUnavailablePagesAreRetried) {
    sim.add_fault({cloudsim::fault_kind::throttle, "/timeSeries", 1, 0, 0s});
    sim.add_fault({cloudsim::fault_kind::server_error, "pageToken", 1, 503, 0s});
    auto collector = make(gcp_active_projects());
    const auto sink = collect(collector);
    for (const auto& [scope, error] : sink->failed_scopes)
        ADD_FAILURE() << scope << ": " << error;
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    EXPECT_EQ(sim.pending_faults(), 0u);
}

TEST_F(GcpMetricsSim, BadOptionsAreRefused) {
    const auto engine = common::default_engine(http_client);
    auto o = collector_options();
    o.page_size = 100001;
    EXPECT_THROW(metrics_collector(engine, google, o), options_error);
    o = collector_options();
    o.lookback = 30s;
    EXPECT_THROW(metrics_collector(engine, google, o), options_error);
    o = collector_options({"Bad_Project"});
    EXPECT_THROW(metrics_collector(engine, google, o), options_error);
    o = collector_options();
    o.monitoring_endpoint = "monitoring.googleapis.com";
    EXPECT_THROW(metrics_collector(engine, google, o), options_error);
}

// The figure of the issue: one sync of 10,000 VMs in 20 zones of one project,
// with metrics over a 15-minute window, against one call per VM and metric.
// The client's default retries, as the daemon has them.
class GcpMetricsCallFigure : public test::sim_fixture {
protected:
    GcpMetricsCallFigure() : sim_fixture(make_options(), http::client_options{}) {}

    static cloudsim::options make_options() {
        auto o = options(3);
        o.gcp.seed = 3;
        o.gcp.projects = 1;
        o.gcp.deleted_projects = 0;
        o.gcp.instances_per_project = 10'000;
        o.gcp.networks_per_project = 1;
        o.gcp.buckets_per_project = 0;
        o.gcp.zones.clear();
        for (const auto* region : {"us-central1", "europe-west4", "asia-east1", "us-east1",
                                   "europe-west1"})
            for (const auto* suffix : {"-a", "-b", "-c", "-d"})
                o.gcp.zones.push_back(std::string(region) + suffix);
        return o;
    }
};

TEST_F(GcpMetricsCallFigure, TenThousandVmsTwentyZones) {
    const auto estate = sim.gcp_snapshot();
    ASSERT_EQ(estate->options().zones.size(), 20u);
    const auto& p = estate->projects().at(0);
    auto google = google_user_credential();
    const auto engine = common::default_engine(http_client);

    compute_collector_options vo;
    vo.compute_endpoint = sim.base_url();
    vo.projects = {p.id};
    vm_collector vms(engine, google, vo);
    auto records = std::make_shared<test::recording_sink>(vo.batch_size);
    test::run_coroutine(io, vms.collect(records));
    ASSERT_EQ(records->records.size(), 10'000u);
    const auto vm_pages = sim.stats().count("gcpInstances");

    metrics_collector_options mo;
    mo.monitoring_endpoint = sim.base_url();
    mo.projects = {p.id};
    metrics_collector metrics(engine, google, mo);
    auto sink = std::make_shared<test::monitor_sink>(mo.batch_size, false);
    test::run_coroutine(io, metrics.collect(sink));
    ASSERT_TRUE(sink->failed_scopes.empty());
    const auto points = running(p) * 15;
    EXPECT_EQ(metrics.calls(), 5 * ((points + 99'999) / 100'000));
    EXPECT_EQ(sink->sample_count, 5 * points);
    const auto stats = sim.stats();
    std::printf("[figure] GCP 10,000 VMs / 20 zones, 15-minute window: %llu instance pages + %llu "
                "timeSeries.list calls + %llu token requests = %llu calls; one call per VM and "
                "metric: %llu + pages; %zu samples of %zu running VMs\n",
                static_cast<unsigned long long>(vm_pages),
                static_cast<unsigned long long>(metrics.calls()),
                static_cast<unsigned long long>(stats.count("googleToken")),
                static_cast<unsigned long long>(stats.requests_total),
                static_cast<unsigned long long>(5 * p.instances.size()), sink->sample_count,
                running(p));
}

} // namespace
} // namespace cloudsync::collectors::gcp
