// The Azure metrics collector against cloudsim over loopback: every VM's five
// metrics over the whole-minute window, as cloudsim generated them, in
// metrics:getBatch calls of at most 50 VMs of one region; overlapping windows
// repeat keys, never invent new ones; a subscription whose metrics fail is its
// own failed scope. Also prints the API-call figure for 10,000 VMs.
#include "auth/error.hpp"
#include "cloudsim/inventory.hpp"
#include "cloudsim/metrics_batch.hpp"
#include "collectors/common/utc_time.hpp"
#include "collectors/azure/metric_samples.hpp"
#include "collectors/azure/metrics_collector.hpp"
#include "collectors/errors.hpp"
#include "fixed_clock.hpp"
#include "monitor_sim_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace cloudsync::collectors::azure {
namespace {

using namespace std::chrono_literals;

const std::string metrics_audience = "https://metrics.monitor.azure.com";

using test::fixed_clock;

class MetricsCollectorSim : public test::sim_fixture {
protected:
    MetricsCollectorSim() : sim_fixture(make_options(), test::quick_retries(2)) {
        metrics_credential = make_credential(metrics_audience + "/.default");
        clock = std::make_shared<fixed_clock>(*common::parse_utc("2026-03-01T10:17:42Z"));
    }

    static cloudsim::options make_options() {
        auto o = options(11);
        o.inventory.subscriptions = 2;
        o.inventory.vms_per_subscription = 140;
        o.page_size = 30;
        o.metrics_audience = metrics_audience;
        return o;
    }

    metrics_collector make_collector(std::size_t batch_size = 700) {
        metrics_collector_options o;
        o.management_endpoint = sim.base_url();
        o.metrics_endpoint = sim.base_url() + "/{region}";
        o.lookback = 15min;
        o.batch_size = batch_size;
        return metrics_collector(common::default_engine(http_client), credential,
                                 metrics_credential, o, clock);
    }

    std::shared_ptr<test::monitor_sink> collect(metrics_collector& collector,
                                                std::size_t batch_size = 700, bool keep = true) {
        auto sink = std::make_shared<test::monitor_sink>(batch_size, keep);
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }

    // Live VMs per (subscription, region).
    std::map<std::pair<std::uint32_t, std::string>, std::uint64_t> vms_by_region() const {
        std::map<std::pair<std::uint32_t, std::string>, std::uint64_t> out;
        const auto inv = sim.inventory_snapshot();
        for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
            for (std::uint64_t i = 0; i < inv->index_space(); ++i)
                if (const auto vm = inv->vm(s, i))
                    ++out[{s, std::string(vm->region)}];
        return out;
    }

    std::shared_ptr<auth::azure::client_secret_credential> metrics_credential;
    std::shared_ptr<fixed_clock> clock;
};

using sample_key = std::tuple<std::string, std::string, std::chrono::system_clock::time_point>;

TEST_F(MetricsCollectorSim, SamplesEveryVmMetricOverTheWindow) {
    auto collector = make_collector();
    const auto sink = collect(collector);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 2u);

    const auto inv = sim.inventory_snapshot();
    const auto start = *common::parse_utc("2026-03-01T10:02:00Z");
    std::map<sample_key, double> expected;
    std::map<std::string, std::string> metric_of; // native -> normalized
    for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
        for (std::uint64_t i = 0; i < inv->index_space(); ++i) {
            const auto vm = inv->vm(s, i);
            if (!vm)
                continue;
            const auto id = cloudsim::vm_id(*inv, *vm);
            for (auto native : vm_metric_names)
                for (int minute = 0; minute < 15; ++minute) {
                    const auto ts = start + std::chrono::minutes(minute);
                    const auto epoch_minute =
                        std::chrono::duration_cast<std::chrono::minutes>(ts.time_since_epoch());
                    const auto v =
                        cloudsim::vm_metric_value(id, native, epoch_minute.count(),
                                                  vm->power == cloudsim::power_state::running);
                    if (v)
                        expected[{id, std::string(native), ts}] = *v;
                }
        }
    ASSERT_FALSE(expected.empty());
    std::map<sample_key, double> got;
    for (const auto& s : sink->samples) {
        EXPECT_TRUE(got.emplace(sample_key{s.native_id, s.native_metric, s.ts}, s.value).second)
            << "duplicate sample " << s.native_id << " " << s.native_metric;
        EXPECT_EQ(s.metric, normalized_metric(s.native_metric));
        EXPECT_EQ(s.unit, s.native_metric == "Percentage CPU" ? "percent" : "bytes");
    }
    EXPECT_EQ(got, expected);

    // One call per started 50 VMs of each (subscription, region), never more.
    std::uint64_t calls = 0;
    for (const auto& [key, n] : vms_by_region())
        calls += (n + 49) / 50;
    EXPECT_EQ(collector.metrics_calls(), calls);
    EXPECT_EQ(sim.stats().count("metricsBatch"), calls);
    EXPECT_LE(sink->samples.size(), sink->sample_batches * 700);
}

TEST_F(MetricsCollectorSim, OverlappingWindowsRepeatKeysAndValues) {
    auto collector = make_collector();
    const auto first = collect(collector);
    clock->advance(5min); // window 10:07..10:22 overlaps 10:02..10:17 by ten minutes
    const auto second = collect(collector);
    std::map<sample_key, double> earlier;
    for (const auto& s : first->samples)
        earlier[{s.native_id, s.native_metric, s.ts}] = s.value;
    const auto overlap_start = *common::parse_utc("2026-03-01T10:07:00Z");
    const auto overlap_end = *common::parse_utc("2026-03-01T10:17:00Z");
    std::size_t repeated = 0;
    for (const auto& s : second->samples) {
        EXPECT_GE(s.ts, overlap_start);
        EXPECT_LT(s.ts, *common::parse_utc("2026-03-01T10:22:00Z"));
        const auto it = earlier.find({s.native_id, s.native_metric, s.ts});
        if (s.ts < overlap_end) {
            ASSERT_NE(it, earlier.end()) << "a key the first window did not have";
            EXPECT_EQ(it->second, s.value);
            ++repeated;
        } else {
            EXPECT_EQ(it, earlier.end());
        }
    }
    EXPECT_GT(repeated, 0u);
}

TEST_F(MetricsCollectorSim, ForbiddenMetricsFailOnlyThatSubscription) {
    const auto inv = sim.inventory_snapshot();
    const auto denied = inv->subscription_id(1);
    cloudsim::fault f;
    f.kind = cloudsim::fault_kind::forbidden;
    f.match = denied + "/metrics:getBatch";
    f.count = 1000;
    sim.add_fault(f);
    auto collector = make_collector();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, denied);
    EXPECT_NE(sink->failed_scopes[0].second.find("HTTP 403"), std::string::npos);
    EXPECT_NE(sink->failed_scopes[0].second.find("metrics:getBatch"), std::string::npos);
    EXPECT_EQ(sink->failed_scopes[0].second.find("api-version"), std::string::npos);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{inv->subscription_id(0)});
    ASSERT_FALSE(sink->samples.empty());
    for (const auto& s : sink->samples)
        EXPECT_EQ(s.native_id.find(denied), std::string::npos);
}

TEST_F(MetricsCollectorSim, MalformedAnswerFailsTheScope) {
    const auto inv = sim.inventory_snapshot();
    cloudsim::fault f;
    f.kind = cloudsim::fault_kind::malformed_json;
    f.match = inv->subscription_id(0) + "/metrics:getBatch";
    sim.add_fault(f);
    auto collector = make_collector();
    const auto sink = collect(collector);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, inv->subscription_id(0));
    EXPECT_NE(sink->failed_scopes[0].second.find("malformed metrics response"), std::string::npos);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{inv->subscription_id(1)});
}

TEST_F(MetricsCollectorSim, MetricsAudienceRefusedFailsTheCollection) {
    // The sim issues no token for this scope: the metrics credential is unusable,
    // which concerns every subscription, so no scope opens and collect() throws.
    metrics_credential = make_credential("https://metrics.example.invalid/.default");
    auto collector = make_collector();
    auto sink = std::make_shared<test::monitor_sink>(700);
    EXPECT_THROW(test::run_coroutine(io, collector.collect(sink)), auth::auth_error);
    EXPECT_TRUE(sink->completed_scopes.empty());
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(collector.metrics_calls(), 0u);
}

TEST_F(MetricsCollectorSim, TokenStaysOnTheMetricsEndpoint) {
    metrics_collector_options o;
    o.management_endpoint = sim.base_url();
    o.metrics_endpoint = "not a url {region}";
    EXPECT_THROW(metrics_collector(common::default_engine(http_client), credential,
                                   metrics_credential, o, clock),
                 options_error);
    o.metrics_endpoint = "https://metrics.example"; // no {region}
    EXPECT_THROW(metrics_collector(common::default_engine(http_client), credential,
                                   metrics_credential, o, clock),
                 options_error);
    o.metrics_endpoint = sim.base_url() + "/{region}";
    o.resources_per_call = 51;
    EXPECT_THROW(metrics_collector(common::default_engine(http_client), credential,
                                   metrics_credential, o, clock),
                 options_error);
    o.resources_per_call = 50;
    EXPECT_THROW(
        metrics_collector(common::default_engine(http_client), credential, nullptr, o, clock),
        options_error);
}

// The figure for the lead: one full sync of 10,000 VMs in one subscription across
// cloudsim's 4 regions, against one Metrics_List call per VM.
// The client's default retries, as the daemon has them.
class MetricsCallFigure : public test::sim_fixture {
protected:
    MetricsCallFigure() : sim_fixture(make_options(), http::client_options{}) {}

    static cloudsim::options make_options() {
        auto o = options(3);
        o.inventory.subscriptions = 1;
        o.inventory.vms_per_subscription = 10'000;
        o.metrics_audience = metrics_audience;
        o.page_size = 1000;
        return o;
    }
};

TEST_F(MetricsCallFigure, TenThousandVmsFourRegions) {
    metrics_collector_options mo;
    mo.management_endpoint = sim.base_url();
    mo.metrics_endpoint = sim.base_url() + "/{region}";
    mo.lookback = 1min;
    metrics_collector collector(common::default_engine(http_client), credential,
                                make_credential(metrics_audience + "/.default"), mo);
    auto sink = std::make_shared<test::monitor_sink>(mo.batch_size, false);
    test::run_coroutine(io, collector.collect(sink));
    ASSERT_TRUE(sink->failed_scopes.empty());
    std::map<std::string, std::uint64_t> per_region;
    const auto inv = sim.inventory_snapshot();
    for (std::uint64_t i = 0; i < inv->index_space(); ++i)
        if (const auto vm = inv->vm(0, i))
            ++per_region[std::string(vm->region)];
    ASSERT_EQ(per_region.size(), 4u);
    std::uint64_t expected = 0;
    for (const auto& [region, n] : per_region)
        expected += (n + 49) / 50;
    const auto stats = sim.stats();
    EXPECT_EQ(collector.metrics_calls(), expected);
    EXPECT_LE(expected, 10'000u / 50 + 4);
    EXPECT_EQ(stats.count("virtualMachines"), 10u);
    std::printf("[figure] 10,000 VMs / 4 regions: %llu VM list pages + %llu metrics:getBatch "
                "calls + %llu token requests = %llu calls (one Metrics_List per VM: %llu + pages); "
                "%zu samples\n",
                static_cast<unsigned long long>(stats.count("virtualMachines")),
                static_cast<unsigned long long>(collector.metrics_calls()),
                static_cast<unsigned long long>(stats.count("token")),
                static_cast<unsigned long long>(stats.requests_total),
                static_cast<unsigned long long>(inv->live_vms_total()), sink->sample_count);
}

} // namespace
} // namespace cloudsync::collectors::azure
