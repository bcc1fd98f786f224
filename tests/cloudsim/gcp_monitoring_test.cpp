// cloudsim's Cloud Monitoring alert policy list, driven with a Google token:
// the shape of the recorded golden list (same members, same condition shape),
// every policy's values from the estate, paging by pageSize/pageToken to
// completion, an empty project, the bearer check, a missing project, a disabled
// Monitoring API, mutations, and the faults in Google's error envelope.
#include "cloudsim/sim_fixture.hpp"

#include <set>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

options monitoring_options() {
    options o = sim_options(1, 1, 10);
    o.gcp.seed = 5;
    o.gcp.projects = 2;
    o.gcp.instances_per_project = 1;
    o.gcp.alert_policies_per_project = 11;
    return o;
}

class GcpMonitoringTest : public sim_test {
protected:
    GcpMonitoringTest() : sim_test(monitoring_options()) {}

    std::string project(std::uint32_t p) { return sim.gcp_snapshot()->projects()[p].id; }

    // Every policy of project p, paging with pageSize (0: none sent).
    listed list_policies(const std::string& id, std::size_t page_size) {
        listed out;
        std::string token;
        for (;;) {
            std::string target = "/v3/projects/" + id + "/alertPolicies";
            std::string sep = "?";
            if (page_size != 0) {
                target += "?pageSize=" + std::to_string(page_size);
                sep = "&";
            }
            if (!token.empty())
                target += sep + "pageToken=" + token;
            const auto res = client->get(target, google_auth());
            EXPECT_EQ(res.result_int(), 200) << res.body();
            if (res.result_int() != 200)
                return out;
            ++out.pages;
            const auto page = parse_json(res.body()).as_object();
            if (const auto* items = page.if_contains("alertPolicies"))
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

TEST_F(GcpMonitoringTest, PoliciesInGooglesShapePagedToCompletion) {
    const auto estate = sim.gcp_snapshot();
    const auto& p = estate->projects()[0];
    const auto all = list_policies(p.id, 4);
    EXPECT_EQ(all.pages, 3u);
    ASSERT_EQ(all.items.size(), 11u);
    std::set<std::string> names, severities;
    std::size_t disabled = 0, two_conditions = 0;
    for (std::size_t k = 0; k < all.items.size(); ++k) {
        const auto& got = all.items[k].as_object();
        const auto& a = p.alert_policies[k];
        const auto name = gcp_alert_policy_name(p, a);
        names.insert(name);
        EXPECT_EQ(got.at("name"), json::value(name));
        EXPECT_EQ(got.at("displayName"), json::value(gcp_alert_policy_display_name(a)));
        EXPECT_EQ(got.at("enabled"), json::value(gcp_alert_policy_enabled(a)));
        const auto severity = gcp_alert_policy_severity(a);
        EXPECT_EQ(got.contains("severity"), !severity.empty());
        if (!severity.empty())
            EXPECT_EQ(got.at("severity"), json::value(severity));
        severities.insert(severity);
        EXPECT_EQ(got.contains("userLabels"), gcp_alert_policy_labelled(a));
        const auto& conditions = got.at("conditions").as_array();
        ASSERT_EQ(conditions.size(), gcp_alert_policy_conditions(a));
        for (const auto& c : conditions) {
            EXPECT_TRUE(c.at("name").as_string().starts_with(name + "/conditions/"));
            const auto& t = c.at("conditionThreshold");
            EXPECT_EQ(t.at("comparison"), "COMPARISON_GT");
            EXPECT_TRUE(t.at("thresholdValue").is_number());
            EXPECT_TRUE(t.at("filter").as_string().starts_with("metric.type=\"compute.googleapis"));
            EXPECT_EQ(t.at("aggregations").at(0).at("alignmentPeriod"), "60s");
        }
        disabled += gcp_alert_policy_enabled(a) ? 0 : 1;
        two_conditions += conditions.size() == 2 ? 1 : 0;
    }
    EXPECT_EQ(names.size(), 11u);
    EXPECT_EQ(severities, (std::set<std::string>{"", "CRITICAL", "ERROR", "WARNING"}));
    EXPECT_GT(disabled, 0u);
    EXPECT_LT(disabled, 11u);
    EXPECT_GT(two_conditions, 0u);
    EXPECT_EQ(sim.stats().count("gcpAlertPolicies"), 3u);
    // Without pageSize one page holds everything (the sim's page size is 500).
    const auto first = client->get("/v3/projects/" + p.id + "/alertPolicies", google_auth());
    ASSERT_EQ(first.result_int(), 200);
    const auto page = parse_json(first.body()).as_object();
    EXPECT_FALSE(page.contains("nextPageToken"));
    EXPECT_EQ(page.at("alertPolicies").as_array().size(), 11u);
    EXPECT_EQ(page.at("totalSize"), 11);
}

// The sim's policies carry every member of the recorded golden policy, and
// its threshold conditions have the golden condition's members exactly.
TEST_F(GcpMonitoringTest, ShapeMatchesTheGoldenList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto golden = json::parse(
        cloudsync::test::example_text("gcp/monitoring/alertPolicies.list.kcc-golden.json"));
    const auto& want = golden.at("alertPolicies").at(0);
    const auto got = list_policies(project(0), 0);
    ASSERT_FALSE(got.items.empty());
    for (const auto& policy : got.items) {
        const auto keys = keys_of(policy);
        for (const auto& key : keys_of(want))
            if (key != "userLabels") // only some sim policies have labels
                EXPECT_EQ(keys.count(key), 1u) << key;
        const auto& want_condition = want.at("conditions").at(0);
        for (const auto& c : policy.at("conditions").as_array()) {
            EXPECT_EQ(keys_of(c), keys_of(want_condition));
            EXPECT_EQ(keys_of(c.at("conditionThreshold")),
                      keys_of(want_condition.at("conditionThreshold")));
            EXPECT_EQ(keys_of(c.at("conditionThreshold").at("aggregations").at(0)),
                      keys_of(want_condition.at("conditionThreshold").at("aggregations").at(0)));
        }
    }
}

TEST_F(GcpMonitoringTest, AProjectWithoutPoliciesAnswersAnEmptyObject) {
    const std::string id = project(1);
    sim.edit_gcp([&](gcp_estate& e) { e.find(id)->alert_policies.clear(); });
    const auto res = client->get("/v3/projects/" + id + "/alertPolicies", google_auth());
    ASSERT_EQ(res.result_int(), 200);
    EXPECT_EQ(parse_json(res.body()), json::object());
}

TEST_F(GcpMonitoringTest, BadRequestsAreRefused) {
    const auto base = "/v3/projects/" + project(0) + "/alertPolicies";
    EXPECT_EQ(client->get(base).result_int(), 401);
    EXPECT_EQ(client->get("/v3/projects/nope/alertPolicies", google_auth()).result_int(), 404);
    EXPECT_EQ(client->get(base + "?pageToken=x", google_auth()).result_int(), 400);
    EXPECT_EQ(client->get(base + "?pageSize=-1", google_auth()).result_int(), 400);
    EXPECT_EQ(client->get(base + "?filter=enabled", google_auth()).result_int(), 400);
    EXPECT_EQ(client->get(base + "?pageSize=100000", google_auth()).result_int(), 200);
}

TEST_F(GcpMonitoringTest, DisabledMonitoringApiAnswersServiceDisabled) {
    const std::string id = project(1);
    sim.edit_gcp([&](gcp_estate& e) { e.find(id)->monitoring_disabled = true; });
    const auto res = client->get("/v3/projects/" + id + "/alertPolicies", google_auth());
    ASSERT_EQ(res.result_int(), 403);
    const auto error = parse_json(res.body()).at("error");
    EXPECT_EQ(error.at("status"), "PERMISSION_DENIED");
    EXPECT_EQ(error.at("errors").at(0).at("reason"), "accessNotConfigured");
    EXPECT_EQ(error.at("details").at(0).at("reason"), "SERVICE_DISABLED");
    EXPECT_EQ(error.at("details").at(0).at("metadata").at("service"), "monitoring.googleapis.com");
    EXPECT_EQ(
        client->get("/v3/projects/" + project(0) + "/alertPolicies", google_auth()).result_int(),
        200);
    // Compute in the same project is unaffected.
    EXPECT_EQ(
        client->get("/compute/v1/projects/" + id + "/global/networks", google_auth()).result_int(),
        200);
}

TEST_F(GcpMonitoringTest, MutationsAddChangeAndRemovePolicies) {
    const auto before = sim.gcp_snapshot();
    sim.mutate_gcp({3, 2, 4, 1});
    const auto after = sim.gcp_snapshot();
    const auto& was = before->projects()[0].alert_policies;
    const auto& now = after->projects()[0].alert_policies;
    EXPECT_EQ(now.size(), was.size() + 2 - 1);
    EXPECT_EQ(now.back().index, 12u); // added after the 11 generated ones
    std::size_t flipped = 0;
    for (const auto& a : now)
        for (const auto& b : was)
            if (a.index == b.index && gcp_alert_policy_enabled(a) != gcp_alert_policy_enabled(b))
                ++flipped;
    EXPECT_GT(flipped, 0u);
    const auto listed = list_policies(project(0), 0);
    ASSERT_EQ(listed.items.size(), now.size());
    for (std::size_t k = 0; k < now.size(); ++k) {
        const auto& got = listed.items[k];
        EXPECT_EQ(got.at("enabled"), json::value(gcp_alert_policy_enabled(now[k])));
        if (now[k].revision != 0)
            EXPECT_NE(got.at("mutationRecord"), got.at("creationRecord"));
    }
}

TEST_F(GcpMonitoringTest, FaultsAnswerInGooglesEnvelope) {
    const auto base = "/v3/projects/" + project(0) + "/alertPolicies";
    sim.add_fault({fault_kind::throttle, "/alertPolicies", 1, 0, std::chrono::seconds(2)});
    const auto throttled = client->get(base, google_auth());
    ASSERT_EQ(throttled.result_int(), 429);
    EXPECT_EQ(throttled["Retry-After"], "2");
    EXPECT_EQ(parse_json(throttled.body()).at("error").at("status"), "RESOURCE_EXHAUSTED");
    sim.add_fault({fault_kind::forbidden, "/alertPolicies", 1});
    const auto denied = client->get(base, google_auth());
    ASSERT_EQ(denied.result_int(), 403);
    EXPECT_EQ(parse_json(denied.body()).at("error").at("status"), "PERMISSION_DENIED");
    EXPECT_EQ(client->get(base, google_auth()).result_int(), 200);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
