// cloudsim's Compute Engine and Resource Manager routes, driven with a Google
// token: the aggregated pages' shape (every zone scope, NO_RESULTS_ON_PAGE
// where a page has nothing), paging to completion, projects:search, the
// bearer check, a disabled API, an unreachable zone, mutations, and the faults
// in Google's error envelope.
#include "cloudsim/sim_fixture.hpp"

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

options gcp_options() {
    options o = sim_options(1, 1, 10);
    o.gcp.seed = 7;
    o.gcp.projects = 3;
    o.gcp.instances_per_project = 25;
    o.gcp.networks_per_project = 3;
    return o;
}

class GcpComputeTest : public sim_test {
protected:
    GcpComputeTest() : sim_test(gcp_options()) {}

    std::string project(std::uint32_t p) { return sim.gcp_snapshot()->projects()[p].id; }

    // Pages with pageToken until nextPageToken is absent; every page must be 200.
    listed list_all(const std::string& path, const std::string& item_key,
                    const std::string& query = "") {
        listed out;
        std::string token;
        for (;;) {
            std::string target = path + "?maxResults=7" + query;
            if (!token.empty())
                target += "&pageToken=" + token;
            const auto res = client->get(target, google_auth());
            EXPECT_EQ(res.result_int(), 200) << res.body();
            if (res.result_int() != 200)
                return out;
            ++out.pages;
            const auto page = parse_json(res.body()).as_object();
            const auto& items = page.at("items");
            if (items.is_array()) {
                for (const auto& item : items.as_array())
                    out.items.push_back(item);
            } else {
                for (const auto& scope : items.as_object()) {
                    const auto& body = scope.value().as_object();
                    EXPECT_EQ(body.size(), 1u) << scope.key();
                    if (const auto* list = body.if_contains(item_key)) {
                        for (const auto& item : list->as_array())
                            out.items.push_back(item);
                    } else {
                        const auto& warning = body.at("warning").as_object();
                        EXPECT_TRUE(warning.at("code") == "NO_RESULTS_ON_PAGE" ||
                                    warning.at("code") == "UNREACHABLE");
                        EXPECT_EQ(warning.at("data").at(0).at("value"), json::value(scope.key()));
                    }
                }
            }
            const auto* next = page.if_contains("nextPageToken");
            if (next == nullptr)
                return out;
            token = std::string(next->as_string());
        }
    }

};

TEST_F(GcpComputeTest, AggregatedInstancesPageThroughEveryZone) {
    const auto& p = sim.gcp_snapshot()->projects()[0];
    const auto first =
        client->get("/compute/v1/projects/" + p.id +
                        "/aggregated/instances?maxResults=7&returnPartialSuccess=true",
                    google_auth());
    ASSERT_EQ(first.result_int(), 200) << first.body();
    const auto page = parse_json(first.body()).as_object();
    EXPECT_EQ(page.at("kind"), "compute#instanceAggregatedList");
    EXPECT_EQ(page.at("items").as_object().size(), 4u); // every zone, with instances or a warning
    EXPECT_TRUE(page.contains("nextPageToken"));

    const auto all =
        list_all("/compute/v1/projects/" + p.id + "/aggregated/instances", "instances");
    EXPECT_EQ(all.pages, 4u);
    ASSERT_EQ(all.items.size(), p.instances.size());
    std::set<std::string> names;
    for (const auto& item : all.items) {
        const auto& vm = item.as_object();
        names.emplace(vm.at("name").as_string());
        EXPECT_NE(vm.at("selfLink").as_string().find("/projects/" + p.id + "/zones/"),
                  std::string::npos);
        EXPECT_TRUE(vm.at("id").is_string());
        EXPECT_TRUE(vm.at("labels").as_object().contains("env"));
        EXPECT_TRUE(vm.at("networkInterfaces").at(0).as_object().contains("networkIP"));
    }
    EXPECT_EQ(names.size(), p.instances.size());
}

TEST_F(GcpComputeTest, NetworksAndSubnetworksMatchTheEstate) {
    const auto& p = sim.gcp_snapshot()->projects()[1];
    const auto networks = list_all("/compute/v1/projects/" + p.id + "/global/networks", "networks");
    ASSERT_EQ(networks.items.size(), 3u);
    EXPECT_EQ(networks.items[0].at("name"), "default");
    EXPECT_TRUE(networks.items[2].as_object().contains("IPv4Range")); // the legacy one
    EXPECT_FALSE(networks.items[2].as_object().contains("subnetworks"));
    const auto subnets =
        list_all("/compute/v1/projects/" + p.id + "/aggregated/subnetworks", "subnetworks");
    EXPECT_EQ(subnets.items.size(), 2u * sim.gcp_snapshot()->regions().size());
    for (const auto& s : subnets.items) {
        EXPECT_NE(s.at("network").as_string().find("/projects/" + p.id + "/global/networks/"),
                  std::string::npos);
        EXPECT_TRUE(s.as_object().contains("ipCidrRange"));
    }
}

TEST_F(GcpComputeTest, ProjectsSearchListsActiveAndDeletedProjects) {
    std::vector<std::string> states;
    std::string token;
    for (int pages = 0; pages < 10; ++pages) {
        const auto res = client->get("/v3/projects:search?pageSize=2" +
                                         (token.empty() ? "" : "&pageToken=" + token),
                                     google_auth());
        ASSERT_EQ(res.result_int(), 200) << res.body();
        const auto page = parse_json(res.body()).as_object();
        for (const auto& p : page.at("projects").as_array()) {
            states.emplace_back(p.at("state").as_string());
            EXPECT_EQ(p.at("name").as_string().rfind("projects/", 0), 0u);
        }
        if (!page.contains("nextPageToken"))
            break;
        token = std::string(page.at("nextPageToken").as_string());
    }
    EXPECT_EQ(states, (std::vector<std::string>{"ACTIVE", "ACTIVE", "ACTIVE", "DELETE_REQUESTED"}));
    const auto active = client->get("/v3/projects:search?query=state%3AACTIVE", google_auth());
    EXPECT_EQ(parse_json(active.body()).at("projects").as_array().size(), 3u);
}

TEST_F(GcpComputeTest, EveryRouteNeedsAGoogleToken) {
    const auto res = client->get("/compute/v1/projects/" + project(0) + "/global/networks");
    EXPECT_EQ(res.result_int(), 401);
    EXPECT_EQ(parse_json(res.body()).at("error").at("status"), "UNAUTHENTICATED");
    EXPECT_EQ(client->get("/v3/projects:search", {{"Authorization", "Bearer nope"}}).result_int(),
              401);
    const auto missing = client->get("/compute/v1/projects/nope/global/networks", google_auth());
    EXPECT_EQ(missing.result_int(), 404);
    EXPECT_EQ(client
                  ->get("/compute/v1/projects/" + project(0) + "/aggregated/instances?pageToken=x",
                        google_auth())
                  .result_int(),
              400);
}

TEST_F(GcpComputeTest, DisabledComputeApiAnswersServiceDisabled) {
    const std::string id = project(2);
    sim.edit_gcp([&](gcp_estate& e) { e.find(id)->compute_disabled = true; });
    const auto res =
        client->get("/compute/v1/projects/" + id + "/aggregated/instances", google_auth());
    ASSERT_EQ(res.result_int(), 403);
    const auto error = parse_json(res.body()).at("error");
    EXPECT_EQ(error.at("status"), "PERMISSION_DENIED");
    EXPECT_EQ(error.at("errors").at(0).at("reason"), "accessNotConfigured");
    EXPECT_EQ(error.at("details").at(0).at("reason"), "SERVICE_DISABLED");
    EXPECT_EQ(client->get("/compute/v1/projects/" + project(1) + "/global/networks", google_auth())
                  .result_int(),
              200);
}

TEST_F(GcpComputeTest, UnreachableZoneIsAPartialSuccess) {
    const std::string id = project(0);
    const std::string zone = sim.gcp_snapshot()->options().zones[1];
    sim.edit_gcp([&](gcp_estate& e) { e.find(id)->unreachable_zones.insert(zone); });
    const std::string path = "/compute/v1/projects/" + id + "/aggregated/instances";
    EXPECT_EQ(client->get(path, google_auth()).result_int(), 503);
    const auto res = client->get(path + "?returnPartialSuccess=true", google_auth());
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto page = parse_json(res.body());
    EXPECT_EQ(page.at("unreachables").at(0), json::value("zones/" + zone));
    EXPECT_EQ(page.at("items").at("zones/" + zone).at("warning").at("code"), "UNREACHABLE");
    const auto all = list_all(path, "instances", "&returnPartialSuccess=true");
    std::size_t reachable = 0;
    for (const auto& i : sim.gcp_snapshot()->find(id)->instances)
        reachable += i.zone != 1;
    EXPECT_EQ(all.items.size(), reachable);
}

TEST_F(GcpComputeTest, MutationsAddChangeAndRemoveInstances) {
    const auto before = sim.gcp_snapshot();
    sim.mutate_gcp({11, 2, 3, 4});
    const auto after = sim.gcp_snapshot();
    EXPECT_EQ(after->projects()[0].instances.size(),
              before->projects()[0].instances.size() + 2 - 4);
    const auto all =
        list_all("/compute/v1/projects/" + project(0) + "/aggregated/instances", "instances");
    EXPECT_EQ(all.items.size(), after->projects()[0].instances.size());
    std::size_t revised = 0;
    for (const auto& i : after->projects()[0].instances)
        revised += i.revision > 0;
    EXPECT_GE(revised, 1u);
}

TEST_F(GcpComputeTest, FaultsAnswerInGooglesShape) {
    const std::string path = "/compute/v1/projects/" + project(0) + "/global/networks";
    sim.add_fault({fault_kind::throttle, "/global/networks", 1, 0, std::chrono::seconds(3)});
    const auto throttled = client->get(path, google_auth());
    ASSERT_EQ(throttled.result_int(), 429);
    EXPECT_EQ(throttled["Retry-After"], "3");
    EXPECT_EQ(parse_json(throttled.body()).at("error").at("status"), "RESOURCE_EXHAUSTED");
    sim.add_fault({fault_kind::server_error, "/global/networks", 1, 503});
    const auto unavailable = client->get(path, google_auth());
    EXPECT_EQ(unavailable.result_int(), 503);
    EXPECT_EQ(parse_json(unavailable.body()).at("error").at("status"), "UNAVAILABLE");
    sim.add_fault({fault_kind::forbidden, project(0), 1});
    const auto denied = client->get(path, google_auth());
    EXPECT_EQ(denied.result_int(), 403);
    EXPECT_EQ(parse_json(denied.body()).at("error").at("status"), "PERMISSION_DENIED");
    sim.add_fault({fault_kind::malformed_json, "/global/networks", 1});
    EXPECT_THROW(parse_json(client->get(path, google_auth()).body()), std::exception);
    EXPECT_EQ(sim.stats().count("gcpNetworks"), 4u);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
