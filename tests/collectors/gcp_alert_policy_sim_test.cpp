// The GCP alerts collector against cloudsim over loopback, with an
// authorized-user credential from cloudsim's Google token endpoint: every
// alert policy of every discovered project once, across pages, with the
// columns the sim generated (enabled, severity, conditions, user labels);
// a disabled Monitoring API read as none; a 403 or a malformed page failing
// only its project; a 429 and a 503 retried; policies added, changed and
// removed between runs.
#include "auth/gcp/authorized_user_credential.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/alert_policy_collector.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace cloudsync::collectors::gcp {
namespace {

class GcpAlertPolicySim : public test::sim_fixture {
protected:
    GcpAlertPolicySim() : sim_fixture(make_options()), google(google_user_credential()) {}

    static cloudsim::options make_options() {
        auto o = options(7);
        o.gcp.seed = 13;
        o.gcp.projects = 3;
        o.gcp.instances_per_project = 1;
        o.gcp.alert_policies_per_project = 9;
        o.gcp_page_size = 4;
        return o;
    }

    alert_policy_collector_options collector_options(std::vector<std::string> projects = {}) {
        alert_policy_collector_options o;
        o.monitoring_endpoint = sim.base_url();
        o.resource_manager_endpoint = sim.base_url();
        o.projects = std::move(projects);
        o.batch_size = 5;
        return o;
    }

    std::shared_ptr<test::recording_sink> collect(std::vector<std::string> projects = {}) {
        auto sink = std::make_shared<test::recording_sink>(16);
        alert_policy_collector collector(common::default_engine(http_client), google,
                                         collector_options(std::move(projects)));
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }


    std::shared_ptr<auth::gcp::authorized_user_credential> google;
};

using test::sorted;

std::string native_id(const cloudsim::gcp_project& p, const cloudsim::gcp_alert_policy& a) {
    return std::string(monitoring_name_prefix) + cloudsim::gcp_alert_policy_name(p, a);
}

TEST_F(GcpAlertPolicySim, EveryPolicyOfEveryDiscoveredProjectWithItsColumns) {
    const auto sink = collect();
    const auto estate = sim.gcp_snapshot();
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(gcp_active_projects()));
    EXPECT_TRUE(sink->failed_scopes.empty());
    std::size_t expected = 0, pages = 0, disabled = 0, labelled = 0;
    for (const auto& p : estate->projects()) {
        if (!p.active)
            continue;
        expected += p.alert_policies.size();
        pages += (p.alert_policies.size() + 3) / 4;
        for (const auto& a : p.alert_policies) {
            const auto id = native_id(p, a);
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& rec = it->second;
            EXPECT_EQ(sink->scope_of.at(id), p.id);
            EXPECT_EQ(rec.name, cloudsim::gcp_alert_policy_display_name(a));
            EXPECT_EQ(rec.region, "global");
            EXPECT_EQ(inventory::table_of(rec), inventory::table::alerts);
            const auto& al = std::get<inventory::alert_columns>(rec.columns);
            EXPECT_EQ(al.state, inventory::alert_state::unknown);
            EXPECT_FALSE(al.state_changed_at);
            EXPECT_EQ(al.enabled, cloudsim::gcp_alert_policy_enabled(a)) << id;
            EXPECT_EQ(al.severity, cloudsim::gcp_alert_policy_severity(a)) << id;
            EXPECT_TRUE(al.target_ids.empty());
            const auto raw = boost::json::parse(rec.raw);
            const auto condition = boost::json::parse(al.condition);
            EXPECT_EQ(condition, raw.at("conditions"));
            EXPECT_EQ(condition.as_array().size(), cloudsim::gcp_alert_policy_conditions(a));
            EXPECT_EQ(raw.at("name"), boost::json::value(cloudsim::gcp_alert_policy_name(p, a)));
            if (cloudsim::gcp_alert_policy_labelled(a)) {
                EXPECT_EQ(boost::json::parse(rec.tags), raw.at("userLabels"));
                EXPECT_NE(rec.tags.find("\"env\""), std::string::npos) << rec.tags;
            } else {
                EXPECT_EQ(rec.tags, "{}");
            }
            disabled += cloudsim::gcp_alert_policy_enabled(a) ? 0 : 1;
            labelled += cloudsim::gcp_alert_policy_labelled(a) ? 1 : 0;
        }
    }
    EXPECT_EQ(sink->records.size(), expected);
    EXPECT_EQ(expected, 27u);
    EXPECT_GT(disabled, 0u);
    EXPECT_GT(labelled, 0u);
    EXPECT_LT(labelled, expected);
    EXPECT_EQ(sim.stats().count("gcpAlertPolicies"), pages);
    EXPECT_EQ(sim.stats().count("gcpProjects"), 1u);
}

TEST_F(GcpAlertPolicySim, ConfiguredProjectsAreReadWithoutDiscovery) {
    const auto projects = gcp_active_projects();
    const auto sink = collect({projects[1], projects[1]});
    EXPECT_EQ(sim.stats().count("gcpProjects"), 0u);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{projects[1]});
    EXPECT_EQ(sink->records.size(), 9u);
}

TEST_F(GcpAlertPolicySim, AFailingProjectFailsOnlyItsScope) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::forbidden, "/v3/projects/" + projects[1] + "/", 1});
    const auto sink = collect(projects);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, projects[1]);
    EXPECT_NE(sink->failed_scopes[0].second.find("403"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sorted(sink->completed_scopes), sorted({projects[0], projects[2]}));

    // A malformed second page: the first page's policies were pushed, yet the
    // scope fails, so the store deletes none of that project's rows.
    sim.add_fault({cloudsim::fault_kind::malformed_json,
                   projects[0] + "/alertPolicies?pageSize=1000&pageToken", 1});
    const auto again = collect(projects);
    ASSERT_EQ(again->failed_scopes.size(), 1u);
    EXPECT_EQ(again->failed_scopes[0].first, projects[0]);
    EXPECT_NE(again->failed_scopes[0].second.find("malformed page"), std::string::npos)
        << again->failed_scopes[0].second;
    EXPECT_EQ(sorted(again->completed_scopes), sorted({projects[1], projects[2]}));
    EXPECT_EQ(sim.pending_faults(), 0u);
}

TEST_F(GcpAlertPolicySim, ADisabledMonitoringApiReadsAsNone) {
    const auto projects = gcp_active_projects();
    sim.edit_gcp([&](cloudsim::gcp_estate& e) { e.find(projects[2])->monitoring_disabled = true; });
    const auto sink = collect();
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(projects));
    EXPECT_EQ(sink->records.size(), 18u);
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_NE(scope, projects[2]) << id;
}

TEST_F(GcpAlertPolicySim, AProjectWithoutPoliciesCompletesEmpty) {
    const auto projects = gcp_active_projects();
    sim.edit_gcp([&](cloudsim::gcp_estate& e) { e.find(projects[0])->alert_policies.clear(); });
    const auto sink = collect(projects);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(projects));
    EXPECT_EQ(sink->records.size(), 18u);
}

TEST_F(GcpAlertPolicySim, ThrottledAndUnavailablePagesAreRetriedByTheClient) {
    const auto projects = gcp_active_projects();
    sim.add_fault(
        {cloudsim::fault_kind::throttle, "/alertPolicies", 1, 0, std::chrono::seconds(0)});
    sim.add_fault(
        {cloudsim::fault_kind::server_error, "pageToken", 1, 503, std::chrono::seconds(0)});
    const auto sink = collect(projects);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    EXPECT_EQ(sink->records.size(), 27u);
    EXPECT_EQ(sim.pending_faults(), 0u);
}

TEST_F(GcpAlertPolicySim, MutationsShowInTheNextRun) {
    const auto before = collect();
    sim.mutate_gcp({5, 2, 3, 3});
    const auto after = collect();
    const auto estate = sim.gcp_snapshot();
    std::size_t live = 0, flipped = 0;
    for (const auto& p : estate->projects()) {
        live += p.alert_policies.size();
        for (const auto& a : p.alert_policies) {
            const auto id = native_id(p, a);
            ASSERT_EQ(after->records.count(id), 1u) << id;
            const auto& al = std::get<inventory::alert_columns>(after->records.at(id).columns);
            EXPECT_EQ(al.enabled, cloudsim::gcp_alert_policy_enabled(a)) << id;
            if (const auto old = before->records.find(id); old != before->records.end())
                flipped +=
                    std::get<inventory::alert_columns>(old->second.columns).enabled != al.enabled
                        ? 1
                        : 0;
        }
    }
    EXPECT_EQ(after->records.size(), live);
    EXPECT_EQ(after->records.size() + 3 * 1, before->records.size()); // 3 projects: +2 -3 each
    EXPECT_GT(flipped, 0u);
}

TEST_F(GcpAlertPolicySim, BadOptionsAreRefused) {
    auto o = collector_options();
    o.page_size = 0;
    EXPECT_THROW(alert_policy_collector(common::default_engine(http_client), google, o),
                 options_error);
    o.page_size = 1001;
    EXPECT_THROW(alert_policy_collector(common::default_engine(http_client), google, o),
                 options_error);
    o = collector_options({"Not_A_Project"});
    EXPECT_THROW(alert_policy_collector(common::default_engine(http_client), google, o),
                 options_error);
    o = collector_options();
    o.monitoring_endpoint = "monitoring.googleapis.com";
    EXPECT_THROW(alert_policy_collector(common::default_engine(http_client), google, o),
                 options_error);
}

} // namespace
} // namespace cloudsync::collectors::gcp
