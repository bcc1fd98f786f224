// Cloud Monitoring alert policy pages: the official Config Connector golden
// list (body and recorded exchange), every column of a policy, the documented
// defaults (enabled unknown when absent, severity unset, a nameless policy
// named by its id), paging, and pages that must be refused with the field named.
#include "collectors/gcp/alert_policy_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::string_view url =
    "https://monitoring.googleapis.com/v3/projects/p/alertPolicies?pageSize=1000";

const inventory::alert_columns& al(const inventory::record& rec) {
    return std::get<inventory::alert_columns>(rec.columns);
}

void expect_golden_policy(const compute_page<inventory::record>& page, std::string_view text) {
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    ASSERT_EQ(page.items.size(), 1u);
    const auto& rec = page.items[0];
    const auto policy = boost::json::parse(text).at("alertPolicies").at(0);
    EXPECT_EQ(rec.native_id,
              "//monitoring.googleapis.com/projects/${projectId}/alertPolicies/${alertPolicyID}");
    EXPECT_EQ(rec.name, "Test Policy ${uniqueId}");
    EXPECT_EQ(rec.region, "global");
    EXPECT_EQ(boost::json::parse(rec.tags), boost::json::parse(R"({"kcctestid":"${uniqueId}"})"));
    EXPECT_EQ(boost::json::parse(rec.raw), policy);
    EXPECT_EQ(inventory::table_of(rec), inventory::table::alerts);
    const auto& columns = al(rec);
    EXPECT_EQ(columns.state, inventory::alert_state::unknown);
    EXPECT_FALSE(columns.state_changed_at);
    EXPECT_EQ(columns.enabled, true);
    EXPECT_EQ(columns.severity, ""); // the golden policy sets none
    EXPECT_TRUE(columns.target_ids.empty());
    const auto condition = boost::json::parse(columns.condition);
    EXPECT_EQ(condition, policy.at("conditions"));
    const auto& threshold = condition.at(0).at("conditionThreshold");
    EXPECT_EQ(threshold.at("comparison"), "COMPARISON_GT");
    EXPECT_EQ(threshold.at("thresholdValue"), 0.9);
    EXPECT_EQ(threshold.at("duration"), "900s");
}

TEST(GcpAlertPolicyPage, ParsesTheKccGoldenList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("monitoring/alertPolicies.list.kcc-golden.json");
    expect_golden_policy(parse_alert_policy_page(text, url), text);
}

// The recorded exchange: the request URL gcloud sent and the body it got.
TEST(GcpAlertPolicyPage, ParsesTheKccGoldenExchange) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto exchange = test::gcp_fixture("monitoring/alertPolicies.list.kcc-golden.http.txt");
    ASSERT_EQ(exchange.rfind("GET ", 0), 0u);
    const auto request_url = exchange.substr(4, exchange.find('\n') - 4);
    const auto status = exchange.find("\n200 OK\n");
    ASSERT_NE(status, std::string::npos);
    const auto body_at = exchange.find("\n\n", status);
    ASSERT_NE(body_at, std::string::npos);
    const auto body = exchange.substr(body_at + 2);
    expect_golden_policy(parse_alert_policy_page(body, request_url), body);
}

std::string page_of(std::string_view policy) {
    return R"({"alertPolicies":[)" + std::string(policy) + "]}";
}

inventory::record one(std::string_view policy) {
    const auto page = parse_alert_policy_page(page_of(policy), url);
    EXPECT_EQ(page.items.size(), 1u);
    return page.items.at(0);
}

TEST(GcpAlertPolicyPage, DocumentedDefaults) {
    const auto bare = one(R"({"name":"projects/p/alertPolicies/123"})");
    EXPECT_EQ(bare.name, "123"); // no displayName: the policy id
    EXPECT_EQ(bare.native_id, "//monitoring.googleapis.com/projects/p/alertPolicies/123");
    EXPECT_EQ(bare.tags, "{}");
    EXPECT_FALSE(al(bare).enabled); // absent: unknown, not false
    EXPECT_EQ(al(bare).severity, "");
    EXPECT_EQ(al(bare).condition, "[]");
    EXPECT_EQ(one(R"({"name":"projects/p/alertPolicies/1","displayName":""})").name, "1");
    EXPECT_EQ(al(one(R"({"name":"projects/p/alertPolicies/1","enabled":false})")).enabled, false);
    EXPECT_EQ(al(one(R"({"name":"projects/p/alertPolicies/1","severity":"SEVERITY_UNSPECIFIED"})"))
                  .severity,
              "");
    for (const std::string severity : {"CRITICAL", "ERROR", "WARNING"})
        EXPECT_EQ(al(one(R"({"name":"projects/p/alertPolicies/1","severity":")" + severity + "\"}"))
                      .severity,
                  severity);
}

TEST(GcpAlertPolicyPage, TwoConditionsAndPaging) {
    const auto page = parse_alert_policy_page(
        R"({"alertPolicies":[{"name":"projects/p/alertPolicies/1","displayName":"A","enabled":true,)"
        R"("severity":"WARNING","userLabels":{"env":"prod"},"combiner":"AND","conditions":[)"
        R"({"name":"projects/p/alertPolicies/1/conditions/2","conditionThreshold":{"filter":"f",)"
        R"("comparison":"COMPARISON_LT","thresholdValue":1e999,"duration":"60s"}},)"
        R"({"name":"projects/p/alertPolicies/1/conditions/3","conditionAbsent":{"filter":"g",)"
        R"("duration":"300s"}}]},{"name":"projects/p/alertPolicies/4"}],)"
        R"("nextPageToken":"CgFi","totalSize":7})",
        url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.next_page_token, "CgFi");
    EXPECT_EQ(page.items[0].name, "A");
    EXPECT_EQ(page.items[0].tags, R"({"env":"prod"})");
    EXPECT_EQ(al(page.items[0]).severity, "WARNING");
    const auto condition = boost::json::parse(al(page.items[0]).condition);
    ASSERT_EQ(condition.as_array().size(), 2u);
    EXPECT_EQ(condition.at(1).at("conditionAbsent").at("duration"), "300s");
    // A threshold JSON cannot spell as a number reads as null, as raw writes it.
    EXPECT_TRUE(condition.at(0).at("conditionThreshold").at("thresholdValue").is_null());
    EXPECT_EQ(page.items[1].name, "4");
}

TEST(GcpAlertPolicyPage, EmptyListsHaveNoItems) {
    EXPECT_TRUE(parse_alert_policy_page("{}", url).items.empty());
    EXPECT_TRUE(parse_alert_policy_page(R"({"alertPolicies":null})", url).items.empty());
    const auto last = parse_alert_policy_page(R"({"alertPolicies":[],"nextPageToken":""})", url);
    EXPECT_TRUE(last.items.empty());
    EXPECT_FALSE(last.next_page_token);
    // Compute's `items` is not where Monitoring lists: nothing is read from it.
    EXPECT_TRUE(parse_alert_policy_page(R"({"items":[{"name":"projects/p/alertPolicies/1"}]})", url)
                    .items.empty());
}

void expect_refused(std::string_view text, std::string_view words) {
    try {
        parse_alert_policy_page(text, url);
        ADD_FAILURE() << "accepted " << text;
    } catch (const page_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(words), std::string::npos) << what;
        EXPECT_NE(what.find("GET /v3/projects/p/alertPolicies"), std::string::npos) << what;
        EXPECT_EQ(what.find("pageSize"), std::string::npos) << what; // no query
    }
}

TEST(GcpAlertPolicyPage, RefusesMalformedPagesNamingTheField) {
    expect_refused("", "not JSON");
    expect_refused(R"({"alertPolicies":[)", "not JSON");
    expect_refused("[]", "is not a JSON object");
    expect_refused(R"({"alertPolicies":{"a":{}}})", "alertPolicies is not an array");
    expect_refused(R"({"alertPolicies":"x"})", "alertPolicies is not an array");
    expect_refused(R"({"alertPolicies":[1]})", "alertPolicies[0] is not an object");
    expect_refused(R"({"alertPolicies":[{}]})", "alertPolicies[0] has no name");
    expect_refused(R"({"alertPolicies":[{"name":""}]})", "alertPolicies[0] has no name");
    expect_refused(R"({"alertPolicies":[{"name":7}]})", "alertPolicies[0].name is not a string");
    for (const auto* name : {"projects/p/alertPolicies", "projects/p/alertPolicies/1/conditions/2",
                             "projects//alertPolicies/1", "folders/p/alertPolicies/1",
                             "projects/p/notificationChannels/1", "projects/p/alertPolicies/1?x",
                             "//monitoring.googleapis.com/projects/p/alertPolicies/1"})
        expect_refused(page_of(R"({"name":")" + std::string(name) + "\"}"),
                       "alertPolicies[0].name is not projects/P/alertPolicies/ID");
    const std::string named = R"({"name":"projects/p/alertPolicies/1",)";
    expect_refused(page_of(named + R"("displayName":1})"),
                   "alertPolicies[0].displayName is not a string");
    expect_refused(page_of(named + R"("enabled":"true"})"),
                   "alertPolicies[0].enabled is not a boolean");
    expect_refused(page_of(named + R"("severity":2})"),
                   "alertPolicies[0].severity is not a string");
    expect_refused(page_of(named + R"("userLabels":[]})"),
                   "alertPolicies[0].userLabels is not an object");
    expect_refused(page_of(named + R"("userLabels":{"k":1}})"),
                   "alertPolicies[0].userLabels[\"k\"] is not a string");
    expect_refused(page_of(named + R"("conditions":{}})"),
                   "alertPolicies[0].conditions is not an array");
    expect_refused(R"({"alertPolicies":[],"nextPageToken":5})", "nextPageToken is not a string");
    expect_refused(R"({"alertPolicies":[{"name":"projects/p/alertPolicies/1"},2]})",
                   "alertPolicies[1] is not an object");
}

TEST(GcpAlertPolicyPage, HostileValuesStayData) {
    const auto rec = one(R"({"name":"projects/p/alertPolicies/1","displayName":"a\"b\u0001",)"
                         R"("userLabels":{"x\"y":"\u0000"},"conditions":[{"x":"\u0000"}]})");
    EXPECT_EQ(rec.name, std::string("a\"b\x01"));
    EXPECT_NO_THROW(boost::json::parse(rec.raw));
    EXPECT_NO_THROW(boost::json::parse(rec.tags));
    EXPECT_NO_THROW(boost::json::parse(al(rec).condition));
    std::string many = R"({"alertPolicies":[)";
    for (int i = 0; i < 5000; ++i)
        many += (i ? "," : "") + std::string(R"({"name":"projects/p/alertPolicies/)") +
                std::to_string(i) + "\"}";
    many += "]}";
    EXPECT_EQ(parse_alert_policy_page(many, url).items.size(), 5000u);
}

} // namespace
} // namespace cloudsync::collectors::gcp
