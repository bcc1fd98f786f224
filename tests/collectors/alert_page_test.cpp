// Metric alert rules (both official api-versions) and Alerts Management's fired
// alerts on their official examples; the rule/alert join; malformed pages; the
// :443 nextLink of the alerts list stays on the management origin.
#include "collectors/azure/alert_join.hpp"
#include "collectors/azure/alert_page.hpp"
#include "collectors/common/utc_time.hpp"
#include "collectors/common/url.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view rules_url = "https://management.azure.com/subscriptions/s/providers/"
                                       "Microsoft.Insights/metricAlerts?api-version=2018-03-01";
constexpr std::string_view alerts_url =
    "https://management.azure.com/subscriptions/s/providers/"
    "Microsoft.AlertsManagement/alerts?api-version=2019-03-01&monitorCondition=Fired";
const std::string rule_base = "/subscriptions/14ddf0c5-77c5-4b53-84f6-e1fa43ad68f7/resourceGroups/"
                              "gigtest/providers/providers/microsoft.insights/metricalerts/";
const std::string vm = "/subscriptions/14ddf0c5-77c5-4b53-84f6-e1fa43ad68f7/resourceGroups/"
                       "gigtest/providers/Microsoft.Compute/virtualMachines/gigwadme";

const inventory::alert_columns& columns(const inventory::record& r) {
    return std::get<inventory::alert_columns>(r.columns);
}

void expect_official_rules(const std::string& fixture) {
    SCOPED_TRACE(fixture);
    const auto text = test::azure_fixture(fixture);
    const auto page = parse_metric_alert_page(text, rules_url);
    EXPECT_FALSE(page.next_link);
    ASSERT_EQ(page.items.size(), 2u);
    const auto& high = page.items[0];
    EXPECT_EQ(high.native_id, rule_base + "highcpu");
    EXPECT_EQ(high.name, "highcpu"); // no "name" in the body: the id's last segment
    EXPECT_EQ(high.region, "global");
    EXPECT_EQ(inventory::table_of(high), inventory::table::alerts);
    EXPECT_EQ(boost::json::parse(high.tags).as_object().size(), 1u);
    EXPECT_EQ(columns(high).state, inventory::alert_state::ok);
    EXPECT_EQ(columns(high).severity, "Sev3");
    EXPECT_EQ(columns(high).enabled, true);
    EXPECT_EQ(columns(high).target_ids, std::vector<std::string>{vm});
    EXPECT_FALSE(columns(high).state_changed_at);
    const auto condition = boost::json::parse(columns(high).condition);
    EXPECT_EQ(condition.at("odata.type"),
              "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria");
    const auto& criterion = condition.at("allOf").at(0);
    EXPECT_EQ(criterion.at("name"), "High_CPU_80");
    EXPECT_EQ(criterion.at("metricName"), "CustomMetric_\\Processor(_Total)\\% Processor Time");
    EXPECT_EQ(criterion.at("threshold").to_number<double>(), 80.5);
    EXPECT_EQ(boost::json::parse(high.raw), boost::json::parse(text).at("value").at(0));
    const auto& medium = page.items[1];
    EXPECT_EQ(medium.name, "mediumcpu");
    EXPECT_EQ(columns(medium).severity, "Sev4");
    EXPECT_EQ(boost::json::parse(columns(medium).condition)
                  .at("allOf")
                  .at(0)
                  .at("threshold")
                  .to_number<double>(),
              50.5);
}

TEST(AlertPage, ParsesOfficialMetricAlerts20260601) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    expect_official_rules("monitor.metricAlerts.listBySubscription.json");
}

TEST(AlertPage, ParsesOfficialMetricAlerts20180301) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    expect_official_rules("monitor.metricAlerts.listBySubscription.2018-03-01.json");
}

TEST(AlertPage, ParsesOfficialFiredAlerts) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("alertsmanagement.alerts.getAll.json");
    const auto page = parse_fired_alert_page(text, alerts_url);
    ASSERT_TRUE(page.next_link);
    EXPECT_EQ(
        page.next_link->rfind("https://management.azure.com:443/subscriptions/"
                              "1e3ff1c0-771a-4119-a03b-be82a51e232d/providers/"
                              "Microsoft.AlertsManagement/alerts?api-version=2018-05-05-preview",
                              0),
        0u);
    // Followed verbatim: the explicit default port is the management endpoint's origin.
    EXPECT_EQ(common::origin_of(*page.next_link),
              common::origin_of("https://management.azure.com"));
    EXPECT_NE(common::origin_of("https://management.azure.com:444/x"),
              common::origin_of("https://management.azure.com"));
    ASSERT_EQ(page.items.size(), 2u);
    const auto& first = page.items[0];
    EXPECT_EQ(first.id, "/subscriptions/3b540246-808d-4331-99aa-917b808a9166/resourcegroups/"
                        "servicedeskresourcegroup/providers/microsoft.insights/components/"
                        "servicedeskappinsight/providers/Microsoft.AlertsManagement/alerts/"
                        "66114d64-d9d9-478b-95c9-b789d6502100");
    EXPECT_EQ(first.name, "cpu alert");
    EXPECT_EQ(first.severity, "Sev3");
    EXPECT_EQ(first.monitor_condition, "Fired");
    EXPECT_EQ(first.target_resource,
              "/subscriptions/3b540246-808d-4331-99aa-917b808a9166/resourcegroups/"
              "servicedeskresourcegroup/providers/microsoft.insights/components/"
              "servicedeskappinsight");
    EXPECT_EQ(first.rule_id.rfind("https://servisdffsdf.portal.mms.microsoft.com/", 0), 0u);
    EXPECT_EQ(first.started_at, common::parse_utc("2018-09-13T15:51:02Z"));
    EXPECT_EQ(first.last_modified_at, common::parse_utc("2018-09-13T15:51:02Z"));
    EXPECT_EQ(boost::json::parse(first.raw), boost::json::parse(text).at("value").at(0));
    EXPECT_NE(page.items[1].id, first.id); // same GUID, different scope
    EXPECT_EQ(page.items[1].target_resource.rfind("/subscriptions/3b540246-808d-4331-99aa-"
                                                  "917b808a9166/resourcegroups/cind/",
                                                  0),
              0u);
}

TEST(AlertJoin, OfficialAlertsOfUnknownRulesAreRowsOfTheirOwn) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    alert_join join;
    for (auto& rule :
         parse_metric_alert_page(
             test::azure_fixture("monitor.metricAlerts.listBySubscription.json"), rules_url)
             .items)
        join.add_rule(std::move(rule));
    const auto alerts = parse_fired_alert_page(
        test::azure_fixture("alertsmanagement.alerts.getAll.json"), alerts_url);
    std::vector<inventory::record> rows;
    for (const auto& alert : alerts.items)
        if (auto row = join.apply(alert))
            rows.push_back(std::move(*row));
    ASSERT_EQ(rows.size(), 2u); // log alerts: their alertRule is a portal URL
    EXPECT_EQ(rows[0].native_id, alerts.items[0].id);
    EXPECT_EQ(rows[0].name, "cpu alert");
    EXPECT_EQ(columns(rows[0]).state, inventory::alert_state::firing);
    EXPECT_EQ(columns(rows[0]).severity, "Sev3");
    EXPECT_EQ(columns(rows[0]).target_ids,
              std::vector<std::string>{alerts.items[0].target_resource});
    EXPECT_EQ(columns(rows[0]).state_changed_at, common::parse_utc("2018-09-13T15:51:02Z"));
    EXPECT_EQ(boost::json::parse(columns(rows[0]).condition).at("alertRule"),
              alerts.items[0].rule_id.c_str());
    EXPECT_FALSE(columns(rows[0]).enabled);
    const auto rules = join.take_rules();
    ASSERT_EQ(rules.size(), 2u);
    for (const auto& rule : rules)
        EXPECT_EQ(columns(rule).state, inventory::alert_state::ok);
}

fired_alert alert(std::string id, std::string rule, std::string start,
                  std::string condition = "Fired") {
    fired_alert a;
    a.id = std::move(id);
    a.name = "a";
    a.rule_id = std::move(rule);
    a.monitor_condition = std::move(condition);
    a.started_at = common::parse_utc(start);
    return a;
}

TEST(AlertJoin, FiredAlertMarksItsRuleCaseInsensitively) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    alert_join join;
    for (auto& rule :
         parse_metric_alert_page(
             test::azure_fixture("monitor.metricAlerts.listBySubscription.json"), rules_url)
             .items)
        join.add_rule(std::move(rule));
    // Alerts Management writes rule ids in its own case.
    std::string upper = rule_base + "HighCPU";
    EXPECT_FALSE(join.apply(alert("/x/alerts/2", upper, "2024-05-01T10:05:00Z")));
    EXPECT_FALSE(join.apply(alert("/x/alerts/1", upper, "2024-05-01T10:00:00Z")));
    EXPECT_FALSE(join.apply(alert("/x/alerts/3", upper, "2024-05-01T10:09:00Z")));
    // Resolved alerts change nothing, even of an unknown rule.
    EXPECT_FALSE(join.apply(
        alert("/x/alerts/4", rule_base + "mediumcpu", "2024-05-01T09:00:00Z", "Resolved")));
    EXPECT_FALSE(
        join.apply(alert("/x/alerts/5", "/other/rule", "2024-05-01T09:00:00Z", "Resolved")));
    // An orphan alert is one row however often it is listed.
    EXPECT_TRUE(join.apply(alert("/x/alerts/6", "/other/rule", "2024-05-01T09:00:00Z")));
    EXPECT_FALSE(join.apply(alert("/X/ALERTS/6", "/other/rule", "2024-05-01T09:00:00Z")));
    // A rule listed twice (overlapping pages) is held once.
    join.add_rule(
        parse_metric_alert_page(test::azure_fixture("monitor.metricAlerts.listBySubscription.json"),
                                rules_url)
            .items[0]);
    const auto rules = join.take_rules();
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(columns(rules[0]).state, inventory::alert_state::firing);
    EXPECT_EQ(columns(rules[0]).state_changed_at, common::parse_utc("2024-05-01T10:00:00Z"));
    EXPECT_EQ(columns(rules[1]).state, inventory::alert_state::ok);
    EXPECT_FALSE(columns(rules[1]).state_changed_at);
}

TEST(AlertPage, SeverityAsText) {
    const auto v = boost::json::parse(R"([0, 4, "Sev2", 1.5, null])").as_array();
    EXPECT_EQ(alert_severity(&v[0]), "Sev0");
    EXPECT_EQ(alert_severity(&v[1]), "Sev4");
    EXPECT_EQ(alert_severity(&v[2]), "Sev2");
    EXPECT_EQ(alert_severity(&v[3]), "");
    EXPECT_EQ(alert_severity(nullptr), "");
}

TEST(AlertPage, MalformedPagesFail) {
    for (std::string_view text : {"", "{", "[]", "{\"value\": {}}", "{\"value\": [{}]}",
                                  "{\"value\": [5]}", "{\"value\": [], \"nextLink\": 7}"}) {
        EXPECT_THROW(parse_metric_alert_page(text, rules_url), page_error) << text;
        EXPECT_THROW(parse_fired_alert_page(text, alerts_url), page_error) << text;
    }
    EXPECT_THROW(parse_fired_alert_page(
                     R"({"value": [{"id": "/a", "properties": {"essentials":
                         {"startDateTime": "13/09/2018"}}}]})",
                     alerts_url),
                 page_error);
    // A minimal alert and a minimal rule are fine.
    const auto alerts = parse_fired_alert_page(R"({"value": [{"id": "/s/alerts/x"}]})", alerts_url);
    ASSERT_EQ(alerts.items.size(), 1u);
    EXPECT_EQ(alerts.items[0].name, "x");
    EXPECT_FALSE(alerts.items[0].started_at);
    const auto rules =
        parse_metric_alert_page(R"({"value": [{"id": "/s/metricAlerts/r"}]})", rules_url);
    ASSERT_EQ(rules.items.size(), 1u);
    EXPECT_EQ(columns(rules.items[0]).condition, "{}");
    EXPECT_FALSE(columns(rules.items[0]).enabled);
}

} // namespace
} // namespace cloudsync::collectors::azure
