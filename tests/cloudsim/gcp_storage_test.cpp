// cloudsim's Cloud Storage bucket list, driven with a Google token: Google's
// storage#buckets shape (ACLs, owner and defaultObjectAcl only with
// projection=full), paging to completion with maxResults up to 1000, the
// bearer check, a missing or unknown project, a disabled Storage API, and the
// faults in Google's error envelope.
#include "cloudsim/sim_fixture.hpp"

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

options storage_options() {
    options o = sim_options(1, 1, 10);
    o.gcp.seed = 7;
    o.gcp.projects = 2;
    o.gcp.instances_per_project = 1;
    o.gcp.buckets_per_project = 11;
    return o;
}

class GcpStorageTest : public sim_test {
protected:
    GcpStorageTest() : sim_test(storage_options()) {}

    std::string project(std::uint32_t p) { return sim.gcp_snapshot()->projects()[p].id; }

};

TEST_F(GcpStorageTest, BucketsInGooglesShapePagedToCompletion) {
    const auto estate = sim.gcp_snapshot();
    const auto& p = estate->projects()[0];
    std::vector<json::value> items;
    std::string token;
    std::size_t pages = 0;
    for (;;) {
        std::string target = "/storage/v1/b?project=" + p.id + "&projection=full&maxResults=4";
        if (!token.empty())
            target += "&pageToken=" + token;
        const auto res = client->get(target, google_auth());
        ASSERT_EQ(res.result_int(), 200) << res.body();
        ++pages;
        const auto page = parse_json(res.body()).as_object();
        EXPECT_EQ(page.at("kind"), "storage#buckets");
        for (const auto& item : page.at("items").as_array())
            items.push_back(item);
        const auto* next = page.if_contains("nextPageToken");
        if (next == nullptr)
            break;
        token = std::string(next->as_string());
    }
    EXPECT_EQ(pages, 3u);
    ASSERT_EQ(items.size(), 11u);
    std::set<std::string> names;
    for (std::size_t k = 0; k < items.size(); ++k) {
        const auto& b = items[k].as_object();
        const auto& bucket = p.buckets[k];
        const auto name = gcp_bucket_name(p, bucket);
        names.insert(std::string(b.at("name").as_string()));
        EXPECT_EQ(b.at("kind"), "storage#bucket");
        EXPECT_EQ(b.at("name"), json::value(name));
        EXPECT_EQ(b.at("id"), json::value(name));
        EXPECT_EQ(b.at("projectNumber"), json::value(p.number));
        EXPECT_EQ(b.at("location"), json::value(gcp_bucket_location(*estate, bucket)));
        EXPECT_EQ(b.at("versioning").at("enabled"), json::value(gcp_bucket_versioning(bucket)));
        EXPECT_EQ(b.at("iamConfiguration").at("publicAccessPrevention"),
                  gcp_bucket_prevention_enforced(bucket) ? "enforced" : "inherited");
        bool all_users = false;
        for (const auto& entry : b.at("acl").as_array())
            all_users |= entry.at("entity") == "allUsers";
        EXPECT_EQ(all_users, gcp_bucket_public(bucket)) << name;
        EXPECT_TRUE(b.contains("defaultObjectAcl"));
        EXPECT_TRUE(b.contains("owner"));
        EXPECT_EQ(b.contains("labels"), k % 3 != 2);
    }
    EXPECT_EQ(names.size(), 11u);
    EXPECT_EQ(sim.stats().count("gcpBuckets"), 3u);
}

TEST_F(GcpStorageTest, DefaultProjectionHasNoAclsAndOnePageHoldsAThousand) {
    const auto res = client->get("/storage/v1/b?project=" + project(1), google_auth());
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto page = parse_json(res.body()).as_object();
    EXPECT_FALSE(page.contains("nextPageToken"));
    ASSERT_EQ(page.at("items").as_array().size(), 11u);
    for (const auto& item : page.at("items").as_array()) {
        EXPECT_FALSE(item.as_object().contains("acl"));
        EXPECT_FALSE(item.as_object().contains("owner"));
    }
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(1) + "&maxResults=1000", google_auth())
                  .result_int(),
              200);
}

TEST_F(GcpStorageTest, BadRequestsAreRefused) {
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(0)).result_int(), 401);
    EXPECT_EQ(client->get("/storage/v1/b", google_auth()).result_int(), 400);
    EXPECT_EQ(client->get("/storage/v1/b?project=nope", google_auth()).result_int(), 404);
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(0) + "&maxResults=1001", google_auth())
                  .result_int(),
              400);
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(0) + "&pageToken=x", google_auth())
                  .result_int(),
              400);
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(0) + "&projection=most", google_auth())
                  .result_int(),
              400);
}

TEST_F(GcpStorageTest, DisabledStorageApiAnswersServiceDisabled) {
    const std::string id = project(1);
    sim.edit_gcp([&](gcp_estate& e) { e.find(id)->storage_disabled = true; });
    const auto res = client->get("/storage/v1/b?project=" + id, google_auth());
    ASSERT_EQ(res.result_int(), 403);
    const auto error = parse_json(res.body()).at("error");
    EXPECT_EQ(error.at("status"), "PERMISSION_DENIED");
    EXPECT_EQ(error.at("errors").at(0).at("reason"), "accessNotConfigured");
    EXPECT_EQ(error.at("details").at(0).at("reason"), "SERVICE_DISABLED");
    EXPECT_EQ(error.at("details").at(0).at("metadata").at("service"), "storage-api.googleapis.com");
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(0), google_auth()).result_int(), 200);
    // Compute in the same project is unaffected.
    EXPECT_EQ(
        client->get("/compute/v1/projects/" + id + "/global/networks", google_auth()).result_int(),
        200);
}

TEST_F(GcpStorageTest, FaultsAnswerInGooglesEnvelope) {
    sim.add_fault({fault_kind::throttle, "/storage/v1/b", 1, 0, std::chrono::seconds(2)});
    const auto throttled = client->get("/storage/v1/b?project=" + project(0), google_auth());
    ASSERT_EQ(throttled.result_int(), 429);
    EXPECT_EQ(throttled["Retry-After"], "2");
    EXPECT_EQ(parse_json(throttled.body()).at("error").at("status"), "RESOURCE_EXHAUSTED");
    sim.add_fault({fault_kind::forbidden, "/storage/v1/b", 1});
    const auto denied = client->get("/storage/v1/b?project=" + project(0), google_auth());
    ASSERT_EQ(denied.result_int(), 403);
    EXPECT_EQ(parse_json(denied.body()).at("error").at("status"), "PERMISSION_DENIED");
    EXPECT_EQ(client->get("/storage/v1/b?project=" + project(0), google_auth()).result_int(), 200);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
