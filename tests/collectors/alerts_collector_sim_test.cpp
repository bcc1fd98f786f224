// The Azure alerts collector against cloudsim over loopback: every metric alert
// rule once with its columns, the rules of fired alerts firing since the
// earliest start, fired alerts of missing rules as rows of their own, paging of
// both lists, and a forbidden subscription failing only its own scope.
#include "cloudsim/estate_pages.hpp"
#include "cloudsim/inventory.hpp"
#include "collectors/azure/alerts_collector.hpp"
#include "collectors/errors.hpp"
#include "core/text.hpp"
#include "monitor_sim_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <set>

namespace cloudsync::collectors::azure {
namespace {

using namespace std::chrono_literals;
using cloudsim::estate_kind;

const inventory::alert_columns& columns(const inventory::record& r) {
    return std::get<inventory::alert_columns>(r.columns);
}

class AlertsCollectorSim : public test::sim_fixture {
protected:
    AlertsCollectorSim() : sim_fixture(make_options(), test::quick_retries(2)) {}

    static cloudsim::options make_options() {
        auto o = options(5);
        o.inventory.subscriptions = 3;
        o.inventory.vms_per_subscription = 10;
        o.inventory.metric_alerts_per_subscription = 8;
        o.inventory.fired_alerts_per_subscription = 12;
        o.page_size = 3; // both lists take several pages
        return o;
    }

    std::shared_ptr<test::monitor_sink> collect(std::size_t batch_size = 4) {
        alerts_collector_options o;
        o.management_endpoint = sim.base_url();
        o.batch_size = batch_size;
        alerts_collector collector(common::default_engine(http_client), credential, o);
        auto sink = std::make_shared<test::monitor_sink>(batch_size);
        test::run_coroutine(io, collector.collect(sink));
        calls = collector.calls();
        return sink;
    }

    std::uint64_t calls = 0;
};

// What the inventory says: rule ids -> firing?, orphan alert ids.
struct expectation {
    std::map<std::string, bool> rules; // lower-case id -> firing
    std::set<std::string> orphans;     // alert ids
};

expectation expected(const cloudsim::inventory& inv, std::uint32_t skip = ~0u) {
    expectation out;
    for (std::uint32_t s = 0; s < inv.subscription_count(); ++s) {
        if (s == skip)
            continue;
        for (std::uint64_t i = 0; i < inv.estate_space(estate_kind::metric_alert); ++i)
            if (const auto rule = inv.item(estate_kind::metric_alert, s, i))
                out.rules.emplace(to_lower(cloudsim::estate_id(inv, *rule)), false);
        for (std::uint64_t i = 0; i < inv.estate_space(estate_kind::fired_alert); ++i) {
            const auto alert = inv.item(estate_kind::fired_alert, s, i);
            if (!alert || alert->revision % 2 == 1)
                continue; // removed, or resolved
            const auto rule_index = cloudsim::fired_alert_rule_index(inv, *alert);
            const auto rule = inv.item(estate_kind::metric_alert, s, rule_index);
            if (rule)
                out.rules[to_lower(cloudsim::estate_id(inv, *rule))] = true;
            else
                out.orphans.insert(cloudsim::estate_id(inv, *alert));
        }
    }
    return out;
}

TEST_F(AlertsCollectorSim, RulesWithStateAndOrphanAlerts) {
    const auto sink = collect();
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    const auto inv = sim.inventory_snapshot();
    const auto want = expected(*inv);
    ASSERT_FALSE(want.orphans.empty());
    ASSERT_EQ(sink->records.size(), want.rules.size() + want.orphans.size());
    std::size_t firing = 0;
    std::size_t unnamed = 0;
    for (const auto& [id, rec] : sink->records) {
        const auto& c = columns(rec);
        EXPECT_EQ(inventory::table_of(rec), inventory::table::alerts);
        if (want.orphans.count(id) != 0) {
            EXPECT_EQ(c.state, inventory::alert_state::firing) << id;
            EXPECT_TRUE(c.state_changed_at) << id;
            EXPECT_EQ(c.target_ids.size(), 1u);
            EXPECT_EQ(c.severity.rfind("Sev", 0), 0u);
            continue;
        }
        const auto rule = want.rules.find(to_lower(id));
        ASSERT_NE(rule, want.rules.end()) << "unexpected row " << id;
        EXPECT_EQ(rec.name, id.substr(id.rfind('/') + 1)); // cloudsim names rules like their id
        const auto raw = boost::json::parse(rec.raw);
        unnamed += raw.as_object().contains("name") ? 0 : 1;
        EXPECT_EQ(c.state,
                  rule->second ? inventory::alert_state::firing : inventory::alert_state::ok)
            << id;
        EXPECT_EQ(c.state_changed_at.has_value(), rule->second) << id;
        firing += rule->second ? 1 : 0;
        EXPECT_EQ(c.severity.rfind("Sev", 0), 0u);
        EXPECT_TRUE(c.enabled);
        ASSERT_EQ(c.target_ids.size(), 1u);
        EXPECT_EQ(boost::json::parse(c.condition).at("allOf").as_array().size(), 1u);
    }
    EXPECT_GT(firing, 0u);
    EXPECT_GT(unnamed, 0u); // some bodies carry no name: named from the id
    EXPECT_EQ(sim.stats().count("metricAlerts") + sim.stats().count("alerts") +
                  sim.stats().count("subscriptions"),
              calls);
    EXPECT_GT(sim.stats().count("alerts"), 3u); // paged
}

TEST_F(AlertsCollectorSim, ForbiddenSubscriptionFailsOnlyItsScope) {
    const auto inv = sim.inventory_snapshot();
    const auto denied = inv->subscription_id(2);
    cloudsim::fault f;
    f.kind = cloudsim::fault_kind::forbidden;
    f.match = denied + "/providers/Microsoft.AlertsManagement";
    f.count = 10;
    sim.add_fault(f);
    const auto sink = collect();
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, denied);
    EXPECT_NE(sink->failed_scopes[0].second.find("HTTP 403"), std::string::npos);
    EXPECT_EQ(sink->completed_scopes.size(), 2u);
    const auto want = expected(*inv, 2);
    EXPECT_EQ(sink->records.size(), want.rules.size() + want.orphans.size());
    for (const auto& [id, rec] : sink->records)
        EXPECT_EQ(to_lower(id).find(to_lower(denied)), std::string::npos) << id;
}

TEST_F(AlertsCollectorSim, TruncatedPageFailsTheScope) {
    const auto inv = sim.inventory_snapshot();
    cloudsim::fault f;
    f.kind = cloudsim::fault_kind::malformed_json;
    f.match = inv->subscription_id(0) + "/providers/Microsoft.Insights/metricAlerts";
    sim.add_fault(f);
    const auto sink = collect();
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, inv->subscription_id(0));
    EXPECT_NE(sink->failed_scopes[0].second.find("malformed page"), std::string::npos);
    EXPECT_EQ(sink->completed_scopes.size(), 2u);
}

} // namespace
} // namespace cloudsync::collectors::azure
