// The GCP vms and networks collectors against cloudsim over loopback, with an
// authorized-user credential from cloudsim's Google token endpoint: every
// instance, network and subnetwork of the sim's estate delivered once with the
// columns the sim generated, across pages; projects discovered through
// Resource Manager (DELETE_REQUESTED ones left out); a failing project
// contained; a disabled Compute API read as none; an unreachable zone failing
// only its project's scope (so nothing of it is deleted); a 429 retried.
#include "auth/gcp/authorized_user_credential.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "collectors/gcp/network_collector.hpp"
#include "collectors/gcp/vm_collector.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace cloudsync::collectors::gcp {
namespace {

class GcpCollectorSim : public test::sim_fixture {
protected:
    GcpCollectorSim() : sim_fixture(make_options()), google(google_user_credential()) {}

    static cloudsim::options make_options() {
        auto o = options(7);
        o.gcp.seed = 11;
        o.gcp.projects = 3;
        o.gcp.instances_per_project = 30;
        o.gcp.networks_per_project = 3;
        o.gcp_page_size = 7;
        return o;
    }

    compute_collector_options collector_options(std::vector<std::string> projects = {}) {
        compute_collector_options o;
        o.compute_endpoint = sim.base_url();
        o.resource_manager_endpoint = sim.base_url();
        o.projects = std::move(projects);
        o.batch_size = 16;
        return o;
    }

    template <class Collector> std::shared_ptr<test::recording_sink> collect(Collector collector) {
        auto sink = std::make_shared<test::recording_sink>(16);
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }
    std::shared_ptr<test::recording_sink> collect_vms(std::vector<std::string> projects = {}) {
        return collect(
            vm_collector(common::default_engine(http_client), google, collector_options(projects)));
    }
    std::shared_ptr<test::recording_sink> collect_networks(std::vector<std::string> projects = {}) {
        return collect(network_collector(common::default_engine(http_client), google,
                                         collector_options(projects)));
    }


    std::shared_ptr<auth::gcp::authorized_user_credential> google;
};

inventory::vm_state expected_state(const std::string& status) {
    if (status == "RUNNING")
        return inventory::vm_state::running;
    if (status == "PROVISIONING" || status == "STAGING")
        return inventory::vm_state::starting;
    if (status == "STOPPING" || status == "SUSPENDING")
        return inventory::vm_state::stopping;
    if (status == "TERMINATED" || status == "STOPPED" || status == "SUSPENDED")
        return inventory::vm_state::stopped;
    return inventory::vm_state::unknown;
}

using test::sorted;

TEST_F(GcpCollectorSim, EveryInstanceOfEveryDiscoveredProjectWithItsColumns) {
    const auto sink = collect_vms();
    const auto estate = sim.gcp_snapshot();
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(gcp_active_projects()));
    EXPECT_TRUE(sink->failed_scopes.empty());
    std::size_t expected = 0, pages = 0;
    const auto regions = estate->regions();
    for (const auto& p : estate->projects()) {
        if (!p.active)
            continue;
        expected += p.instances.size();
        pages += (p.instances.size() + 6) / 7;
        for (const auto& i : p.instances) {
            const std::string zone = estate->options().zones[i.zone];
            const std::string region = cloudsim::gcp_zone_region(zone);
            const std::string id = "//compute.googleapis.com/projects/" + p.id + "/zones/" + zone +
                                   "/instances/" + cloudsim::gcp_instance_name(p, i);
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& rec = it->second;
            EXPECT_EQ(sink->scope_of.at(id), p.id);
            EXPECT_EQ(rec.name, cloudsim::gcp_instance_name(p, i));
            EXPECT_EQ(rec.region, region);
            const auto& vm = std::get<inventory::vm_columns>(rec.columns);
            EXPECT_EQ(vm.state, expected_state(i.status)) << i.status;
            EXPECT_EQ(vm.native_state, i.status);
            EXPECT_EQ(vm.size, cloudsim::gcp_machine_type(i));
            EXPECT_EQ(vm.os, i.windows ? "windows" : "linux");
            const auto r = static_cast<std::size_t>(
                std::find(regions.begin(), regions.end(), region) - regions.begin());
            EXPECT_EQ(vm.private_ips, std::vector<std::string>{cloudsim::gcp_private_ip(p, i, r)});
            EXPECT_EQ(vm.public_ips, i.public_ip
                                         ? std::vector<std::string>{cloudsim::gcp_public_ip(i)}
                                         : std::vector<std::string>{});
            EXPECT_NE(rec.tags.find("\"env\""), std::string::npos) << rec.tags;
            EXPECT_EQ(rec.raw.find("echo sim"), std::string::npos); // metadata values never kept
        }
    }
    EXPECT_EQ(sink->records.size(), expected);
    EXPECT_EQ(sim.stats().count("gcpInstances"), pages);
    EXPECT_EQ(sim.stats().count("gcpProjects"), 1u);
}

TEST_F(GcpCollectorSim, NetworksCarryTheirSubnetworksRangesAndSubnetsJoinThem) {
    const auto sink = collect_networks({gcp_active_projects()[1]});
    const auto* p = sim.gcp_snapshot()->find(gcp_active_projects()[1]);
    EXPECT_EQ(sim.stats().count("gcpProjects"), 0u); // configured: no discovery
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{p->id});
    std::size_t subnets = 0;
    for (const auto& n : p->networks) {
        const std::string network_id =
            "//compute.googleapis.com/projects/" + p->id + "/global/networks/" + n.name;
        const auto it = sink->records.find(network_id);
        ASSERT_NE(it, sink->records.end()) << network_id;
        EXPECT_EQ(it->second.region, "global");
        std::vector<std::string> cidrs;
        if (!n.legacy_range.empty())
            cidrs.push_back(n.legacy_range);
        for (const auto& s : n.subnetworks) {
            cidrs.push_back(s.cidr);
            ++subnets;
            const std::string subnet_id = "//compute.googleapis.com/projects/" + p->id +
                                          "/regions/" + s.region + "/subnetworks/" + s.name;
            const auto sub = sink->records.find(subnet_id);
            ASSERT_NE(sub, sink->records.end()) << subnet_id;
            const auto& columns = std::get<inventory::subnet_columns>(sub->second.columns);
            EXPECT_EQ(columns.cidr, s.cidr);
            EXPECT_EQ(columns.network_id, network_id);
            EXPECT_EQ(sub->second.region, s.region);
        }
        EXPECT_EQ(std::get<inventory::network_columns>(it->second.columns).cidrs, sorted(cidrs))
            << n.name;
    }
    EXPECT_EQ(sink->count(inventory::table::subnets), subnets);
    EXPECT_EQ(sink->count(inventory::table::networks), p->networks.size());
}

TEST_F(GcpCollectorSim, AFailingProjectFailsOnlyItsScope) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::forbidden, "/projects/" + projects[1] + "/", 1});
    const auto sink = collect_vms(projects);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, projects[1]);
    EXPECT_NE(sink->failed_scopes[0].second.find("403"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sorted(sink->completed_scopes), sorted({projects[0], projects[2]}));

    sim.add_fault(
        {cloudsim::fault_kind::malformed_json, "/projects/" + projects[0] + "/global/networks", 1});
    const auto networks = collect_networks(projects);
    ASSERT_EQ(networks->failed_scopes.size(), 1u);
    EXPECT_EQ(networks->failed_scopes[0].first, projects[0]);
    EXPECT_EQ(networks->completed_scopes.size(), 2u);
}

TEST_F(GcpCollectorSim, ADisabledComputeApiReadsAsNone) {
    const auto projects = gcp_active_projects();
    sim.edit_gcp([&](cloudsim::gcp_estate& e) { e.find(projects[2])->compute_disabled = true; });
    const auto sink = collect_vms();
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(projects));
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_NE(scope, projects[2]) << id;
    const auto networks = collect_networks();
    EXPECT_TRUE(networks->failed_scopes.empty());
    EXPECT_EQ(networks->completed_scopes.size(), 3u);
}

TEST_F(GcpCollectorSim, AnUnreachableZoneLeavesTheProjectIncomplete) {
    const auto projects = gcp_active_projects();
    const std::string zone = sim.gcp_snapshot()->options().zones[2];
    sim.edit_gcp(
        [&](cloudsim::gcp_estate& e) { e.find(projects[0])->unreachable_zones.insert(zone); });
    const auto sink = collect_vms();
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, projects[0]);
    EXPECT_NE(sink->failed_scopes[0].second.find("zones/" + zone), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sorted(sink->completed_scopes), sorted({projects[1], projects[2]}));
}

TEST_F(GcpCollectorSim, ThrottledAndUnavailablePagesAreRetriedByTheClient) {
    const auto projects = gcp_active_projects();
    sim.add_fault(
        {cloudsim::fault_kind::throttle, "/aggregated/instances", 1, 0, std::chrono::seconds(0)});
    sim.add_fault(
        {cloudsim::fault_kind::server_error, "pageToken", 1, 503, std::chrono::seconds(0)});
    const auto sink = collect_vms(projects);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    EXPECT_EQ(sim.pending_faults(), 0u);
}

// Compute's per-user rate limit comes as 403 rateLimitExceeded: waited out
// (about a second) and sent again, not taken for a denial.
TEST_F(GcpCollectorSim, AForbiddenRateLimitIsRetriedNotAFailure) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::rate_limited_403, "/aggregated/instances", 1});
    const auto sink = collect_vms(projects);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    EXPECT_EQ(sim.pending_faults(), 0u);
    std::size_t expected = 0;
    for (const auto& p : sim.gcp_snapshot()->projects())
        expected += p.active ? p.instances.size() : 0;
    EXPECT_EQ(sink->records.size(), expected);
}

TEST_F(GcpCollectorSim, MutationsShowInTheNextRun) {
    const auto before = collect_vms();
    sim.mutate_gcp({5, 2, 3, 4});
    const auto after = collect_vms();
    std::size_t live = 0;
    for (const auto& p : sim.gcp_snapshot()->projects())
        live += p.instances.size();
    EXPECT_EQ(after->records.size(), live);
    EXPECT_EQ(after->records.size() + 3 * 2, before->records.size()); // 3 projects: +2 -4 each
}

} // namespace
} // namespace cloudsync::collectors::gcp
