// cloudsim's Cloud Run lists, driven with a Google token: the v1 region list
// (names without "projects/", as the real one), the v2 services list in
// Google's shape paged to completion (newest first, `services` absent in an
// empty region, nextPageToken absent on the last page), the bearer check, bad
// requests, a disabled Cloud Run API, the faults in Google's error envelope,
// and mutations.
#include "cloudsim/sim_fixture.hpp"

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

options run_options() {
    options o = sim_options(1, 1, 10);
    o.gcp.seed = 5;
    o.gcp.projects = 2;
    o.gcp.instances_per_project = 1;
    o.gcp.services_per_project = 14;
    return o;
}

class GcpRunTest : public sim_test {
protected:
    GcpRunTest() : sim_test(run_options()) {}

    std::string project(std::uint32_t p) { return sim.gcp_snapshot()->projects()[p].id; }

    std::string services_path(const std::string& project, const std::string& location) {
        return "/v2/projects/" + project + "/locations/" + location + "/services";
    }

    // Every item of a list, following nextPageToken; every page must be 200.
    listed list_all(const std::string& path, const std::string& key, std::size_t page_size) {
        listed out;
        std::string token;
        for (;;) {
            std::string target = path + "?pageSize=" + std::to_string(page_size);
            if (!token.empty())
                target += "&pageToken=" + token;
            const auto res = client->get(target, google_auth());
            EXPECT_EQ(res.result_int(), 200) << res.body();
            if (res.result_int() != 200)
                return out;
            ++out.pages;
            const auto page = parse_json(res.body()).as_object();
            if (const auto* items = page.if_contains(key))
                for (const auto& item : items->as_array())
                    out.items.push_back(item);
            const auto* next = page.if_contains("nextPageToken");
            if (next == nullptr)
                return out;
            EXPECT_FALSE(next->as_string().empty());
            token = std::string(next->as_string());
        }
    }
};

TEST_F(GcpRunTest, LocationsListEveryRegionById) {
    const auto estate = sim.gcp_snapshot();
    const auto all = list_all("/v1/projects/" + project(0) + "/locations", "locations", 2);
    const auto expected = gcp_run_locations(*estate);
    ASSERT_EQ(all.items.size(), expected.size());
    EXPECT_EQ(all.pages, (expected.size() + 1) / 2);
    EXPECT_GT(expected.size(), estate->regions().size()); // regions without services too
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const auto& location = all.items[k].as_object();
        EXPECT_EQ(location.at("locationId"), json::value(expected[k]));
        // The real list's name has no "projects/" prefix.
        EXPECT_EQ(location.at("name"), json::value(project(0) + "/locations/" + expected[k]));
        EXPECT_TRUE(location.contains("displayName"));
    }
    EXPECT_EQ(sim.stats().count("gcpRunLocations"), all.pages);
}

TEST_F(GcpRunTest, ServicesInGooglesShapePagedToCompletion) {
    const auto estate = sim.gcp_snapshot();
    const auto& p = estate->projects()[0];
    std::size_t seen = 0, ready = 0, two_containers = 0, pages = 0;
    for (const auto& location : gcp_run_locations(*estate)) {
        const auto all = list_all(services_path(p.id, location), "services", 2);
        pages += all.pages;
        std::vector<const gcp_service*> expected; // newest first
        for (auto it = p.services.rbegin(); it != p.services.rend(); ++it)
            if (gcp_service_location(*estate, *it) == location)
                expected.push_back(&*it);
        ASSERT_EQ(all.items.size(), expected.size()) << location;
        for (std::size_t k = 0; k < expected.size(); ++k) {
            const auto& s = *expected[k];
            const auto& service = all.items[k].as_object();
            EXPECT_EQ(service.at("name"),
                      json::value("projects/" + p.id + "/locations/" + location + "/services/" +
                                  gcp_service_name(s)));
            EXPECT_EQ(service.at("terminalCondition").at("type"), "Ready");
            EXPECT_EQ(service.at("terminalCondition").at("state"),
                      gcp_service_ready(s) ? "CONDITION_SUCCEEDED" : "CONDITION_FAILED");
            EXPECT_EQ(service.contains("uri"), gcp_service_ready(s));
            const auto& containers = service.at("template").at("containers").as_array();
            const auto images = gcp_service_images(*estate, p, s);
            ASSERT_EQ(containers.size(), images.size());
            for (std::size_t c = 0; c < images.size(); ++c)
                EXPECT_EQ(containers[c].at("image"), json::value(images[c]));
            EXPECT_EQ(service.contains("labels"), gcp_service_labelled(s));
            ready += gcp_service_ready(s) ? 1 : 0;
            two_containers += images.size() == 2 ? 1 : 0;
        }
        seen += expected.size();
    }
    EXPECT_EQ(seen, 14u);
    EXPECT_GT(ready, 0u);
    EXPECT_LT(ready, 14u);
    EXPECT_GT(two_containers, 0u);
    EXPECT_EQ(sim.stats().count("gcpRunServices"), pages);
}

TEST_F(GcpRunTest, AnEmptyRegionHasNoServicesMember) {
    const auto res = client->get(services_path(project(0), "asia-northeast1"), google_auth());
    ASSERT_EQ(res.result_int(), 200) << res.body();
    EXPECT_EQ(res.body(), "{}");
    // One page holds every service of a region by default.
    const auto estate = sim.gcp_snapshot();
    const auto region = estate->regions()[0];
    const auto full = client->get(services_path(project(0), region), google_auth());
    ASSERT_EQ(full.result_int(), 200);
    EXPECT_FALSE(parse_json(full.body()).as_object().contains("nextPageToken"));
}

TEST_F(GcpRunTest, BadRequestsAreRefused) {
    const auto path = services_path(project(0), "us-central1");
    EXPECT_EQ(client->get(path).result_int(), 401);
    EXPECT_EQ(client->get("/v1/projects/" + project(0) + "/locations").result_int(), 401);
    EXPECT_EQ(client->get(services_path("nope", "us-central1"), google_auth()).result_int(), 404);
    const auto region = client->get(services_path(project(0), "mars-north1"), google_auth());
    ASSERT_EQ(region.result_int(), 404);
    EXPECT_EQ(parse_json(region.body()).at("error").at("status"), "NOT_FOUND");
    EXPECT_EQ(client->get(path + "?pageToken=x", google_auth()).result_int(), 400);
    EXPECT_EQ(client->get(path + "?pageSize=-1", google_auth()).result_int(), 400);
    EXPECT_EQ(
        client->request(boost::beast::http::verb::post, path, "{}", google_auth()).result_int(),
        405);
}

TEST_F(GcpRunTest, DisabledRunApiAnswersServiceDisabled) {
    const std::string id = project(1);
    sim.edit_gcp([&](gcp_estate& e) { e.find(id)->run_disabled = true; });
    for (const auto& target :
         {"/v1/projects/" + id + "/locations", services_path(id, "us-central1")}) {
        const auto res = client->get(target, google_auth());
        ASSERT_EQ(res.result_int(), 403) << target;
        const auto error = parse_json(res.body()).at("error");
        EXPECT_EQ(error.at("status"), "PERMISSION_DENIED");
        EXPECT_EQ(error.at("details").at(0).at("reason"), "SERVICE_DISABLED");
        EXPECT_EQ(error.at("details").at(0).at("metadata").at("service"), "run.googleapis.com");
    }
    EXPECT_EQ(client->get("/v1/projects/" + project(0) + "/locations", google_auth()).result_int(),
              200);
    // Storage in the same project is unaffected.
    EXPECT_EQ(client->get("/storage/v1/b?project=" + id, google_auth()).result_int(), 200);
}

TEST_F(GcpRunTest, FaultsAnswerInGooglesEnvelope) {
    const auto path = services_path(project(0), "us-central1");
    sim.add_fault({fault_kind::throttle, "/services", 1, 0, std::chrono::seconds(2)});
    const auto throttled = client->get(path, google_auth());
    ASSERT_EQ(throttled.result_int(), 429);
    EXPECT_EQ(throttled["Retry-After"], "2");
    EXPECT_EQ(parse_json(throttled.body()).at("error").at("status"), "RESOURCE_EXHAUSTED");
    sim.add_fault({fault_kind::forbidden, "/locations", 1});
    const auto denied = client->get("/v1/projects/" + project(0) + "/locations", google_auth());
    ASSERT_EQ(denied.result_int(), 403);
    EXPECT_EQ(parse_json(denied.body()).at("error").at("status"), "PERMISSION_DENIED");
    EXPECT_EQ(client->get(path, google_auth()).result_int(), 200);
}

TEST_F(GcpRunTest, MutationsAddChangeAndRemoveServices) {
    const auto before = sim.gcp_snapshot();
    sim.mutate_gcp({3, 4, 2, 1});
    const auto after = sim.gcp_snapshot();
    for (std::size_t k = 0; k < 2; ++k) {
        const auto& was = before->projects()[k];
        const auto& now = after->projects()[k];
        EXPECT_EQ(now.services.size(), was.services.size() + 4 - 1);
        std::set<std::uint64_t> changed;
        for (const auto& s : now.services)
            if (s.revision > 0)
                changed.insert(s.index);
        EXPECT_GE(changed.size(), 1u);
        for (const auto& s : now.services) {
            if (s.revision % 2 == 0)
                continue;
            const auto old = std::find_if(was.services.begin(), was.services.end(),
                                          [&](const gcp_service& o) { return o.index == s.index; });
            ASSERT_NE(old, was.services.end());
            EXPECT_NE(gcp_service_ready(s), gcp_service_ready(*old)); // a change flips it
            EXPECT_NE(gcp_service_images(*after, now, s)[0],
                      gcp_service_images(*before, was, *old)[0]);
        }
    }
}

} // namespace
} // namespace cloudsync::cloudsim::testing
