// metrics:getBatch on the regional endpoint: shape, limits, determinism.
#include "cloudsim/metrics_batch.hpp"
#include "cloudsim/sim_fixture.hpp"

#include <map>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

class MetricsBatchTest : public sim_test {
protected:
    MetricsBatchTest() : sim_test(sim_options(2, 300, 1000)) {}

    // VM ids of subscription s by region.
    std::map<std::string, std::vector<std::string>> vms_by_region(std::uint32_t s) {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& vm : list_all(list_path(s, "Microsoft.Compute/virtualMachines")).items) {
            out[std::string(vm.at("location").as_string())].emplace_back(vm.at("id").as_string());
        }
        return out;
    }

    static std::string body(const std::vector<std::string>& ids) {
        json::array a;
        for (const auto& id : ids) a.emplace_back(id);
        return json::serialize(json::object{{"resourceids", std::move(a)}});
    }

    response batch(const std::string& region, std::uint32_t s, const std::vector<std::string>& ids,
                   const std::string& start = "2024-03-01T10:00:00Z", const std::string& end = "2024-03-01T10:10:00Z",
                   const std::string& names = "Percentage%20CPU,Network%20In%20Total",
                   const std::string& extra = "&interval=PT1M&aggregation=average,maximum") {
        const std::string target = "/" + region + "/subscriptions/" + subscription(s) +
                                   "/metrics:getBatch?api-version=2024-02-01&starttime=" + start + "&endtime=" + end +
                                   "&metricnamespace=Microsoft.Compute/virtualMachines&metricnames=" + names + extra;
        return client->post(target, body(ids), "application/json", auth());
    }
};

void expect_arm_400(const response& res) {
    EXPECT_EQ(res.result_int(), 400) << res.body();
    const auto error = parse_json(res.body()).at("error");
    EXPECT_FALSE(error.at("code").as_string().empty());
    EXPECT_FALSE(error.at("message").as_string().empty());
}

TEST_F(MetricsBatchTest, AnswersInOfficialShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("monitor.metrics.getBatch.json").at("values").at(0);
    const auto regions = vms_by_region(0);
    const auto& [region, ids] = *regions.begin();
    const std::vector<std::string> some(ids.begin(), ids.begin() + std::min<std::size_t>(ids.size(), 5));
    const auto res = batch(region, 0, some);
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto values = parse_json(res.body()).at("values").as_array();
    ASSERT_EQ(values.size(), some.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& v = values[i];
        EXPECT_EQ(keys_of(v), keys_of(official));
        EXPECT_EQ(v.at("resourceid").as_string(), some[i]);
        EXPECT_EQ(v.at("resourceregion").as_string(), region);
        EXPECT_EQ(v.at("namespace").as_string(), "microsoft.compute/virtualmachines");
        ASSERT_EQ(v.at("value").as_array().size(), 2u);
        const auto& metric = v.at("value").at(0);
        EXPECT_EQ(keys_of(metric), keys_of(official.at("value").at(0)));
        EXPECT_EQ(metric.at("name").at("value").as_string(), "Percentage CPU");
        EXPECT_EQ(metric.at("unit").as_string(), "Percent");
        EXPECT_EQ(metric.at("errorCode").as_string(), "Success");
        const auto& data = metric.at("timeseries").at(0).at("data").as_array();
        ASSERT_EQ(data.size(), 10u);
        EXPECT_EQ(data[0].at("timeStamp").as_string(), "2024-03-01T10:00:00Z");
        for (const auto& point : data) {
            for (const auto& kv : point.as_object()) {
                EXPECT_TRUE(kv.key() == "timeStamp" || kv.key() == "average" || kv.key() == "maximum") << kv.key();
            }
        }
    }
    EXPECT_EQ(sim.stats().count("metricsBatch"), 1u);
}

TEST_F(MetricsBatchTest, OverlappingWindowsReturnIdenticalPoints) {
    const auto regions = vms_by_region(1);
    const auto& [region, ids] = *regions.begin();
    const std::vector<std::string> one{ids.front()};
    const auto a = parse_json(batch(region, 1, one, "2024-03-01T10:00:00Z", "2024-03-01T10:30:00Z").body());
    const auto b = parse_json(batch(region, 1, one, "2024-03-01T10:15:00.500Z", "2024-03-01T10:45:00Z").body());
    std::map<std::string, json::value> first;
    for (const auto& p : a.at("values").at(0).at("value").at(0).at("timeseries").at(0).at("data").as_array()) {
        first.emplace(std::string(p.at("timeStamp").as_string()), p);
    }
    std::size_t overlap = 0;
    for (const auto& p : b.at("values").at(0).at("value").at(0).at("timeseries").at(0).at("data").as_array()) {
        const auto it = first.find(std::string(p.at("timeStamp").as_string()));
        if (it == first.end()) continue;
        ++overlap;
        EXPECT_EQ(it->second, p);
    }
    EXPECT_EQ(overlap, 15u);
    // Values vary across resources and minutes.
    EXPECT_NE(vm_metric_value(ids.front(), "Percentage CPU", 100, true), vm_metric_value(ids.front(), "Percentage CPU", 101, true));
}

TEST_F(MetricsBatchTest, EnforcesTheServiceLimits) {
    const auto regions = vms_by_region(0);
    ASSERT_GE(regions.size(), 2u);
    auto it = regions.begin();
    const auto& [region, ids] = *it;
    const auto& [other_region, other_ids] = *++it;
    ASSERT_GE(ids.size(), 51u);
    const std::vector<std::string> fifty(ids.begin(), ids.begin() + 50);
    EXPECT_EQ(batch(region, 0, fifty).result_int(), 200);
    expect_arm_400(batch(region, 0, std::vector<std::string>(ids.begin(), ids.begin() + 51)));
    expect_arm_400(batch(region, 0, {ids.front(), other_ids.front()}));   // mixed regions
    expect_arm_400(batch(other_region, 0, {ids.front()}));                // URL region differs
    const auto foreign = vms_by_region(1).at(region).front();
    expect_arm_400(batch(region, 0, {ids.front(), foreign}));             // other subscription
    std::string nic = ids.front();
    nic.replace(nic.find("Microsoft.Compute/virtualMachines/vm-"), 37, "Microsoft.Network/networkInterfaces/nic-");
    expect_arm_400(batch(region, 0, {nic}));                              // other type
    expect_arm_400(batch(region, 0, {}));
    expect_arm_400(batch(region, 0, {ids.front()}, "yesterday"));
    expect_arm_400(batch(region, 0, {ids.front()}, "2024-03-01T10:00:00Z", "2024-03-01T10:10:00Z",
                         "Percentage%20CPU", "&interval=PT7M"));
    const auto no_token = client->post("/" + region + "/subscriptions/" + subscription(0) +
                                           "/metrics:getBatch?api-version=2024-02-01",
                                       body({ids.front()}), "application/json");
    EXPECT_EQ(no_token.result_int(), 401);
}

TEST_F(MetricsBatchTest, UnknownMetricIsAPartialErrorIn200) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("monitor.metrics.list.partialError.json").at("value").at(0);
    const auto regions = vms_by_region(0);
    const auto& [region, ids] = *regions.begin();
    const auto res = batch(region, 0, {ids.front()}, "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z",
                           "Percentage%20CPU,Bogus%20Metric,Disk%20Write%20Bytes", "&interval=PT5M&aggregation=average");
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const auto metrics = parse_json(res.body()).at("values").at(0).at("value").as_array();
    ASSERT_EQ(metrics.size(), 3u);
    EXPECT_EQ(keys_of(metrics[1]), keys_of(official));
    EXPECT_EQ(metrics[1].at("errorCode").as_string(), "MetricNotFound");
    EXPECT_TRUE(metrics[1].at("timeseries").as_array().empty());
    EXPECT_EQ(metrics[2].at("errorCode").as_string(), "Success");
    EXPECT_EQ(metrics[2].at("timeseries").at(0).at("data").as_array().size(), 12u);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
