// The GCP storage collector against cloudsim over loopback, with an
// authorized-user credential from cloudsim's Google token endpoint: every
// bucket of every discovered project once, across pages, with the columns the
// sim generated (location, labels, versioning, a public ACL, prevention
// enforced); a failing project contained; a disabled Storage API read as none;
// a 429 and a 503 retried; a malformed page failing only its project;
// buckets added, changed and removed between runs.
#include "auth/gcp/authorized_user_credential.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/bucket_page.hpp"
#include "collectors/gcp/storage_collector.hpp"
#include "recording_sink.hpp"
#include "run_coroutine.hpp"
#include "sim_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cloudsync::collectors::gcp {
namespace {

class GcpStorageSim : public test::sim_fixture {
protected:
    GcpStorageSim() : sim_fixture(make_options()), google(google_user_credential()) {}

    static cloudsim::options make_options() {
        auto o = options(7);
        o.gcp.seed = 11;
        o.gcp.projects = 3;
        o.gcp.instances_per_project = 2;
        o.gcp.buckets_per_project = 9;
        o.gcp_page_size = 4;
        return o;
    }

    storage_collector_options collector_options(std::vector<std::string> projects = {}) {
        storage_collector_options o;
        o.storage_endpoint = sim.base_url();
        o.resource_manager_endpoint = sim.base_url();
        o.projects = std::move(projects);
        o.batch_size = 5;
        return o;
    }

    std::shared_ptr<test::recording_sink> collect(std::vector<std::string> projects = {}) {
        auto sink = std::make_shared<test::recording_sink>(16);
        storage_collector collector(common::default_engine(http_client), google,
                                    collector_options(std::move(projects)));
        test::run_coroutine(io, collector.collect(sink));
        return sink;
    }


    std::shared_ptr<auth::gcp::authorized_user_credential> google;
};

using test::sorted;

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

TEST_F(GcpStorageSim, EveryBucketOfEveryDiscoveredProjectWithItsColumns) {
    const auto sink = collect();
    const auto estate = sim.gcp_snapshot();
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(gcp_active_projects()));
    EXPECT_TRUE(sink->failed_scopes.empty());
    std::size_t expected = 0, pages = 0, public_ones = 0, versioned = 0;
    for (const auto& p : estate->projects()) {
        if (!p.active)
            continue;
        expected += p.buckets.size();
        pages += (p.buckets.size() + 3) / 4;
        for (const auto& b : p.buckets) {
            const auto name = cloudsim::gcp_bucket_name(p, b);
            const auto id = "//storage.googleapis.com/projects/_/buckets/" + name;
            const auto it = sink->records.find(id);
            ASSERT_NE(it, sink->records.end()) << id;
            const auto& rec = it->second;
            EXPECT_EQ(sink->scope_of.at(id), p.id);
            EXPECT_EQ(rec.name, name);
            EXPECT_EQ(rec.region, lower(cloudsim::gcp_bucket_location(*estate, b)));
            EXPECT_EQ(inventory::table_of(rec), inventory::table::storage);
            const auto& st = std::get<inventory::storage_columns>(rec.columns);
            EXPECT_EQ(st.type, "bucket");
            EXPECT_EQ(st.encrypted, true);
            EXPECT_EQ(st.versioning, cloudsim::gcp_bucket_versioning(b)) << name;
            EXPECT_EQ(st.public_access, cloudsim::gcp_bucket_public(b)) << name;
            public_ones += cloudsim::gcp_bucket_public(b) ? 1 : 0;
            versioned += cloudsim::gcp_bucket_versioning(b) ? 1 : 0;
            if (b.index % 3 != 2)
                EXPECT_NE(rec.tags.find("\"env\""), std::string::npos) << rec.tags;
            else
                EXPECT_EQ(rec.tags, "{}");
            EXPECT_NE(rec.raw.find("\"acl\""), std::string::npos); // projection=full
        }
    }
    EXPECT_EQ(sink->records.size(), expected);
    EXPECT_EQ(expected, 27u);
    EXPECT_GT(public_ones, 0u);
    EXPECT_GT(versioned, 0u);
    EXPECT_LT(versioned, expected);
    EXPECT_EQ(sim.stats().count("gcpBuckets"), pages);
    EXPECT_EQ(sim.stats().count("gcpProjects"), 1u);
}

TEST_F(GcpStorageSim, ConfiguredProjectsAreReadWithoutDiscovery) {
    const auto projects = gcp_active_projects();
    const auto sink = collect({projects[1], projects[1]});
    EXPECT_EQ(sim.stats().count("gcpProjects"), 0u);
    EXPECT_EQ(sink->completed_scopes, std::vector<std::string>{projects[1]});
    EXPECT_EQ(sink->records.size(), 9u);
}

TEST_F(GcpStorageSim, AFailingProjectFailsOnlyItsScope) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::forbidden, "project=" + projects[1], 1});
    const auto sink = collect(projects);
    ASSERT_EQ(sink->failed_scopes.size(), 1u);
    EXPECT_EQ(sink->failed_scopes[0].first, projects[1]);
    EXPECT_NE(sink->failed_scopes[0].second.find("403"), std::string::npos)
        << sink->failed_scopes[0].second;
    EXPECT_EQ(sorted(sink->completed_scopes), sorted({projects[0], projects[2]}));

    sim.add_fault({cloudsim::fault_kind::malformed_json, "project=" + projects[0], 1});
    const auto again = collect(projects);
    ASSERT_EQ(again->failed_scopes.size(), 1u);
    EXPECT_EQ(again->failed_scopes[0].first, projects[0]);
    EXPECT_EQ(again->completed_scopes.size(), 2u);
}

TEST_F(GcpStorageSim, ADisabledStorageApiReadsAsNone) {
    const auto projects = gcp_active_projects();
    sim.edit_gcp([&](cloudsim::gcp_estate& e) { e.find(projects[2])->storage_disabled = true; });
    const auto sink = collect();
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sorted(sink->completed_scopes), sorted(projects));
    EXPECT_EQ(sink->records.size(), 18u);
    for (const auto& [id, scope] : sink->scope_of)
        EXPECT_NE(scope, projects[2]) << id;
    // The run is told why that project is empty (for /status).
    ASSERT_EQ(sink->empty_scopes.size(), 1u);
    EXPECT_EQ(sink->empty_scopes[0].first, projects[2]);
    EXPECT_NE(sink->empty_scopes[0].second.find("storage-api.googleapis.com"), std::string::npos)
        << sink->empty_scopes[0].second;
}

TEST_F(GcpStorageSim, ThrottledAndUnavailablePagesAreRetriedByTheClient) {
    const auto projects = gcp_active_projects();
    sim.add_fault({cloudsim::fault_kind::throttle, "/storage/v1/b", 1, 0, std::chrono::seconds(0)});
    sim.add_fault(
        {cloudsim::fault_kind::server_error, "pageToken", 1, 503, std::chrono::seconds(0)});
    const auto sink = collect(projects);
    EXPECT_TRUE(sink->failed_scopes.empty());
    EXPECT_EQ(sink->completed_scopes.size(), 3u);
    EXPECT_EQ(sink->records.size(), 27u);
    EXPECT_EQ(sim.pending_faults(), 0u);
}

TEST_F(GcpStorageSim, MutationsShowInTheNextRun) {
    const auto before = collect();
    sim.mutate_gcp({5, 2, 1, 3});
    const auto after = collect();
    const auto estate = sim.gcp_snapshot();
    std::size_t live = 0;
    for (const auto& p : estate->projects()) {
        live += p.buckets.size();
        for (const auto& b : p.buckets) {
            const auto id = std::string(bucket_name_prefix) + cloudsim::gcp_bucket_name(p, b);
            ASSERT_EQ(after->records.count(id), 1u) << id;
            const auto& st = std::get<inventory::storage_columns>(after->records.at(id).columns);
            EXPECT_EQ(st.versioning, cloudsim::gcp_bucket_versioning(b)) << id;
        }
    }
    EXPECT_EQ(after->records.size(), live);
    EXPECT_EQ(after->records.size() + 3 * 1, before->records.size()); // 3 projects: +2 -3 each
}

TEST_F(GcpStorageSim, BadOptionsAreRefused) {
    auto o = collector_options();
    o.max_results = 1001;
    EXPECT_THROW(storage_collector(common::default_engine(http_client), google, o), options_error);
    o = collector_options({"Not_A_Project"});
    EXPECT_THROW(storage_collector(common::default_engine(http_client), google, o), options_error);
    o = collector_options();
    o.storage_endpoint = "storage.googleapis.com";
    EXPECT_THROW(storage_collector(common::default_engine(http_client), google, o), options_error);
}

} // namespace
} // namespace cloudsync::collectors::gcp
