// The GCP containers collector (Cloud Run services) against cloudsim over
// loopback, with an authorized-user credential from cloudsim's Google token
// endpoint: every service of every discovered project once, across location
// and services pages, with the columns the sim generated (region, state,
// images, labels); a failing region or location list failing only its project;
// a disabled Cloud Run API read as none, unless it was switched off after the
// location list; a 429 and a 503 retried; services added, changed and removed
// between runs.
#include "auth/gcp/authorized_user_credential.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/run_collector.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::size_t page_size = 2; // the sim's cap: every list spans pages

class GcpRunSim : public test::sim_fixture {
protected:
    GcpRunSim() : sim_fixture(make_options()), google(google_user_credential()) {}

    static cloudsim::options make_options() {
        auto o = options(7);
        o.gcp.seed = 13;
        o.gcp.projects = 3;
        o.gcp.instances_per_project = 1;
        o.gcp.services_per_project = 7;
        o.gcp_page_size = page_size;
        return o;
    }

    run_collector_options collector_options(std::vector<std::string> projects = {}) {
        run_collector_options o;
        o.run_endpoint = sim.base_url();
        o.resource_manager_endpoint = sim.base_url();
        o.projects = std::move(projects);
        o.batch_size = 3;
        o.regions_at_once = 2;
        return o;
    }

    std::shared_ptr<test::recording_sink> collect(std::vector<std::string> projects = {}) {
        auto sink = std::make_shared<test::recording_sink>(16);
        run_collector collector(common::default_engine(http_client), google,
                                collector_options(std::move(projects)));
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }


    std::string native_id(const cloudsim::gcp_project& p, const cloudsim::gcp_service& s) {
        return "//run.googleapis.com/projects/" + p.id + "/locations/" +
               cloudsim::gcp_service_location(*sim.gcp_snapshot(), s) + "/services/" +
               cloudsim::gcp_service_name(s);
    }

    std::shared_ptr<auth::gcp::authorized_user_credential> google;
};

using test::sorted;

std::size_t pages_of(std::size_t items) {
    return items == 0 ? 1 : (items + page_size - 1) / page_size;
}

TEST_F(GcpRunSim, EveryServiceOfEveryDiscoveredProjectWithItsColumns) {
    const auto sink = collect();
    const auto estate = sim.gcp_snapshot();
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(gcp_active_projects()));
    EXPECT_TRUE(sink->failed_scopes.empty());
    const auto locations = cloudsim::gcp_run_locations(*estate);
    std::size_t expected = 0, service_pages = 0, location_pages = 0, running = 0, two = 0;
    for (const auto& p : estate->projects()) {
        if (!p.active)
            continue;
        expected += p.services.size();
        location_pages += pages_of(locations.size());
        for (const auto& location : locations)
            service_pages += pages_of(static_cast<std::size_t>(
                std::count_if(p.services.begin(), p.services.end(), [&](const auto& s) {
                    return cloudsim::gcp_service_location(*estate, s) == location;
                })));
        for (const auto& s : p.services) {
            const auto id = native_id(p, s);
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& rec = it->second;
            EXPECT_EQ(sink->scope_of.at(id), p.id);
            EXPECT_EQ(rec.name, cloudsim::gcp_service_name(s));
            EXPECT_EQ(rec.region, cloudsim::gcp_service_location(*estate, s));
            EXPECT_EQ(inventory::table_of(rec), inventory::table::containers);
            const auto& ct = std::get<inventory::container_columns>(rec.columns);
            EXPECT_EQ(ct.state, cloudsim::gcp_service_ready(s) ? "running" : "failed") << id;
            EXPECT_EQ(ct.images, cloudsim::gcp_service_images(*estate, p, s)) << id;
            if (cloudsim::gcp_service_labelled(s))
                EXPECT_NE(rec.tags.find("\"env\""), std::string::npos) << rec.tags;
            else
                EXPECT_EQ(rec.tags, "{}");
            EXPECT_NE(rec.raw.find("\"terminalCondition\""), std::string::npos);
            running += ct.state == "running" ? 1 : 0;
            two += ct.images.size() == 2 ? 1 : 0;
        }
    }
    EXPECT_EQ(sink->records.size(), expected);
    EXPECT_EQ(expected, 21u);
    EXPECT_GT(running, 0u);
    EXPECT_LT(running, expected);
    EXPECT_GT(two, 0u);
    EXPECT_EQ(sim.stats().count("gcpRunLocations"), location_pages);
    EXPECT_EQ(sim.stats().count("gcpRunServices"), service_pages);
    EXPECT_EQ(sim.stats().count("gcpProjects"), pages_of(3)); // projects:search, paged too
}

TEST_F(GcpRunSim, ConfiguredProjectsAreReadWithoutDiscovery) {
    const auto projects = gcp_active_projects();
    const auto sink = collect({projects[1], projects[1]});
    EXPECT_EQ(sim.stats().count("gcpProjects"), 0u);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{projects[1]});
    EXPECT_EQ(sink->records.size(), 7u);
}

TEST_F(GcpRunSim, AFailingRegionFailsOnlyItsProject) {
    const auto projects = gcp_active_projects();
    const auto region = sim.gcp_snapshot()->regions()[0];
    sim.add_fault({cloudsim::fault_kind::forbidden,
                   "/v2/projects/" + projects[1] + "/locations/" + region + "/services", 1});
    const auto sink = collect(projects);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, projects[1]);
    EXPECT_NE(sink->failed_scopes[0].second.find("403"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sorted(sink->completed_scopes), sorted({projects[0], projects[2]}));

    // A malformed location page and a malformed services page, in two projects.
    sim.add_fault({cloudsim::fault_kind::malformed_json, "/v1/projects/" + projects[0], 1});
    sim.add_fault({cloudsim::fault_kind::malformed_json,
                   "/v2/projects/" + projects[2] + "/locations/" + region, 1});
    const auto again = collect(projects);
    ASSERT_EQ(again->failed_scopes.size(), 2u);
    std::vector<std::string> failed;
    for (const auto& [scope, why] : again->failed_scopes) {
        failed.push_back(scope);
        EXPECT_NE(why.find("malformed page"), std::string::npos) << why;
    }
    EXPECT_EQ(sorted(failed), sorted({projects[0], projects[2]}));
    EXPECT_EQ(again->completed_scopes, std::vector<std::string>{projects[1]});
}

TEST_F(GcpRunSim, ADisabledRunApiReadsAsNone) {
    const auto projects = gcp_active_projects();
    sim.edit_gcp([&](cloudsim::gcp_estate& e) { e.find(projects[2])->run_disabled = true; });
    const auto sink = collect();
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(projects));
    EXPECT_EQ(sink->records.size(), 14u);
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_NE(scope, projects[2]) << id;
}

TEST_F(GcpRunSim, AnApiDisabledAfterTheLocationListFailsItsProject) {
    const auto projects = gcp_active_projects();
    sim.edit_gcp(
        [&](cloudsim::gcp_estate& e) { e.find(projects[0])->run_services_disabled = true; });
    const auto sink = collect(projects);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, projects[0]);
    EXPECT_NE(sink->failed_scopes[0].second.find("SERVICE_DISABLED"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sorted(sink->completed_scopes), sorted({projects[1], projects[2]}));
}

TEST_F(GcpRunSim, ThrottledAndUnavailablePagesAreRetriedByTheClient) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::throttle, "/services", 2, 0, std::chrono::seconds(0)});
    sim.add_fault(
        {cloudsim::fault_kind::server_error, "/locations?", 1, 503, std::chrono::seconds(0)});
    const auto sink = collect(projects);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    EXPECT_EQ(sink->records.size(), 21u);
    EXPECT_EQ(sim.pending_faults(), 0u);
}

TEST_F(GcpRunSim, MutationsShowInTheNextRun) {
    const auto before = collect();
    sim.mutate_gcp({5, 3, 2, 1});
    const auto after = collect();
    const auto estate = sim.gcp_snapshot();
    std::size_t live = 0;
    for (const auto& p : estate->projects()) {
        live += p.services.size();
        for (const auto& s : p.services) {
            const auto id = native_id(p, s);
            ASSERT_EQ(after->records.count(id), 1u) << id;
            const auto& ct = std::get<inventory::container_columns>(after->records.at(id).columns);
            EXPECT_EQ(ct.state, cloudsim::gcp_service_ready(s) ? "running" : "failed") << id;
            EXPECT_EQ(ct.images, cloudsim::gcp_service_images(*estate, p, s)) << id;
        }
    }
    EXPECT_EQ(after->records.size(), live);
    EXPECT_EQ(after->records.size(), before->records.size() + 3 * 2); // 3 projects: +3 -1 each
}

TEST_F(GcpRunSim, BadOptionsAreRefused) {
    auto o = collector_options();
    o.page_size = 1001;
    EXPECT_THROW(run_collector(common::default_engine(http_client), google, o), options_error);
    o = collector_options();
    o.page_size = 0;
    EXPECT_THROW(run_collector(common::default_engine(http_client), google, o), options_error);
    o = collector_options();
    o.regions_at_once = 0;
    EXPECT_THROW(run_collector(common::default_engine(http_client), google, o), options_error);
    o = collector_options({"Not_A_Project"});
    EXPECT_THROW(run_collector(common::default_engine(http_client), google, o), options_error);
    o = collector_options();
    o.run_endpoint = "run.googleapis.com";
    EXPECT_THROW(run_collector(common::default_engine(http_client), google, o), options_error);
}

} // namespace
} // namespace cloudsync::collectors::gcp
