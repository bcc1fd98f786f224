// The shared Metric/timeseries parser on the official Azure Monitor examples:
// metrics:getBatch (data plane), Metrics_List (ARM) and its partial-error answer;
// malformed answers fail with page_error.
#include "collectors/common/utc_time.hpp"
#include "collectors/azure/metric_page.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view batch_url =
    "https://eastus.metrics.monitor.azure.com/subscriptions/s/metrics:getBatch?api-version=x";
constexpr std::string_view list_url =
    "https://management.azure.com/r/providers/Microsoft.Insights/metrics?api-version=x";
const std::string storage = "/subscriptions/12345678-abcd-1234-abcd-123456789abc/resourceGroups/"
                            "TestGroup/providers/Microsoft.Storage/storageAccounts/";

common::time_point at(std::string_view text) {
    return *common::parse_utc(text);
}

TEST(MetricPage, ParsesOfficialGetBatch) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto resources =
        parse_metric_batch(test::azure_fixture("monitor.metrics.getBatch.json"), batch_url);
    ASSERT_EQ(resources.size(), 2u);
    EXPECT_EQ(resources[0].resource_id, storage + "TestStorage1");
    EXPECT_EQ(resources[1].resource_id, storage + "TestStorage2");
    EXPECT_EQ(resources[0].region, "eastus");
    ASSERT_EQ(resources[0].metrics.size(), 2u);
    const auto& ingress = resources[0].metrics[0];
    EXPECT_EQ(ingress.name, "Ingress");
    EXPECT_EQ(ingress.unit, "Bytes");
    EXPECT_TRUE(ingress.ok());
    ASSERT_EQ(ingress.series.size(), 2u);
    const auto& sas = ingress.series[0];
    ASSERT_EQ(sas.dimensions.size(), 2u);
    EXPECT_EQ(sas.dimensions[0], (std::pair<std::string, std::string>{"apiname", "GetBlob"}));
    EXPECT_EQ(sas.dimensions[1], (std::pair<std::string, std::string>{"authentication", "SAS"}));
    ASSERT_EQ(sas.points.size(), 12u);
    EXPECT_EQ(sas.points[0].ts, at("2023-02-01T20:00:00Z"));
    EXPECT_EQ(sas.points[0].average, 437.0); // an integer in the JSON
    EXPECT_EQ(sas.points[1].average, 438.0735294117647);
    EXPECT_EQ(sas.points[1].maximum, 583.0);
    EXPECT_FALSE(sas.points[1].total);
    EXPECT_EQ(sas.points[11].ts, at("2023-02-01T22:45:00Z"));
    // Points with only a timeStamp have no aggregate at all (not zero).
    const auto& key = ingress.series[1];
    EXPECT_FALSE(key.points[0].average);
    EXPECT_FALSE(key.points[0].minimum);
    EXPECT_EQ(key.points[8].average, 342.0);
    EXPECT_EQ(resources[1].metrics[1].name, "Egress");
    EXPECT_EQ(resources[1].metrics[1].series[0].points[8].average, 880.0);
}

TEST(MetricPage, ParsesOfficialMetricsList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto resource =
        parse_metric_list(test::azure_fixture("monitor.metrics.list.json"), list_url);
    EXPECT_EQ(resource.resource_id,
              "/subscriptions/1f3fa6d2-851c-4a91-9087-1a050f3a9c38/resourceGroups/todking/"
              "providers/Microsoft.Storage/storageAccounts/tkfileserv/blobServices/default");
    ASSERT_EQ(resource.metrics.size(), 2u);
    const auto& count = resource.metrics[0];
    EXPECT_EQ(count.name, "BlobCount");
    EXPECT_EQ(count.unit, "Count");
    EXPECT_TRUE(count.ok()); // errorCode absent or Success
    ASSERT_EQ(count.series.size(), 5u);
    EXPECT_EQ(count.series[0].dimensions,
              (std::vector<std::pair<std::string, std::string>>{{"tier", "Hot"}}));
    ASSERT_EQ(count.series[0].points.size(), 5u);
    EXPECT_EQ(count.series[0].points[0].ts, at("2021-04-20T09:00:00Z"));
    EXPECT_EQ(count.series[0].points[0].average, 7.0);
    EXPECT_EQ(count.series[1].dimensions[0].second, "Standard");
    EXPECT_EQ(count.series[1].points[4].average, 2.0);
    EXPECT_EQ(resource.metrics[1].name, "BlobCapacity");
    EXPECT_EQ(resource.metrics[1].unit, "Bytes");
}

TEST(MetricPage, ParsesOfficialPartialError) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto resource =
        parse_metric_list(test::azure_fixture("monitor.metrics.list.partialError.json"), list_url);
    EXPECT_EQ(resource.region, "westus2");
    ASSERT_EQ(resource.metrics.size(), 2u);
    const auto& failed = resource.metrics[0];
    EXPECT_EQ(failed.name, "MongoRequestsCount");
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.error_code, "InvalidSamplingType");
    EXPECT_NE(failed.error_message.find("Sampling type is not found"), std::string::npos);
    EXPECT_TRUE(failed.series.empty());
    const auto& good = resource.metrics[1];
    EXPECT_TRUE(good.ok());
    EXPECT_EQ(good.unit, "Count");
    ASSERT_EQ(good.series.size(), 1u);
    EXPECT_TRUE(good.series[0].dimensions.empty());
    ASSERT_EQ(good.series[0].points.size(), 1u);
    EXPECT_EQ(good.series[0].points[0].ts, at("2021-06-07T21:51:00Z"));
    EXPECT_EQ(good.series[0].points[0].average, 0.0);
}

TEST(MetricPage, MalformedAnswersFail) {
    const std::vector<std::string> bad = {
        "",
        "[]",
        "{\"values\": 3}",
        "{}",
        "{\"values\": [1]}",
        "{\"values\": [{\"value\": []}]}",                           // no resourceid
        "{\"values\": [{\"resourceid\": \"/r\"}]}",                  // no value array
        "{\"values\": [{\"resourceid\": \"/r\", \"value\": [{}]}]}", // metric without name
        R"({"values": [{"resourceid": "/r", "value": [{"name": {"value": "m"},
            "timeseries": [{"data": [{"average": 1}]}]}]}]})",       // point without timeStamp
        R"({"values": [{"resourceid": "/r", "value": [{"name": {"value": "m"},
            "timeseries": [{"data": [{"timeStamp": "yesterday"}]}]}]}]})",
        R"({"values": [{"resourceid": "/r", "value": [{"name": {"value": "m"},
            "timeseries": [{"data": [{"timeStamp": "2024-01-01T00:00:00Z", "total": "9"}]}]}]}]})",
        R"({"values": [{"resourceid": "/r", "value": [{"name": {"value": "m"},
            "timeseries": 5}]}]})",
        R"({"values": [{"resourceid": "/r", "value": [{"name": {"value": "m"},)", // truncated
    };
    for (const auto& text : bad) {
        try {
            parse_metric_batch(text, batch_url);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const page_error& e) {
            EXPECT_NE(std::string(e.what()).find("/subscriptions/s/metrics:getBatch"),
                      std::string::npos);
            EXPECT_EQ(std::string(e.what()).find("api-version"), std::string::npos);
        }
    }
    EXPECT_THROW(parse_metric_list("{\"value\": {}}", list_url), page_error);
}

} // namespace
} // namespace cloudsync::collectors::azure
