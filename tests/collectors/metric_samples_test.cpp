// From parsed metric results to samples: the normalization tables, the aggregate
// chosen per metric, skipped points, split series and failed metrics.
#include "collectors/common/utc_time.hpp"
#include "collectors/azure/metric_page.hpp"
#include "collectors/azure/metric_samples.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url = "https://eastus.example/subscriptions/s/metrics:getBatch";

TEST(MetricSamples, NormalizesTheFiveVmMetrics) {
    EXPECT_EQ(normalized_metric("Percentage CPU"), "cpu_percent");
    EXPECT_EQ(normalized_metric("Network In Total"), "network_in_bytes");
    EXPECT_EQ(normalized_metric("Network Out Total"), "network_out_bytes");
    EXPECT_EQ(normalized_metric("Disk Read Bytes"), "disk_read_bytes");
    EXPECT_EQ(normalized_metric("Disk Write Bytes"), "disk_write_bytes");
    EXPECT_EQ(normalized_metric("percentage cpu"), "cpu_percent"); // case-insensitive
    EXPECT_EQ(normalized_metric("Network In"), "");                // the non-Total metric
    EXPECT_EQ(normalized_metric("Ingress"), "");
    // Every normalized name is one the inventory knows, and every VM metric has one.
    for (auto native : vm_metric_names) {
        const auto name = normalized_metric(native);
        EXPECT_NE(std::find(inventory::normalized_metrics.begin(),
                            inventory::normalized_metrics.end(), name),
                  inventory::normalized_metrics.end())
            << native;
    }
}

TEST(MetricSamples, NormalizesUnits) {
    EXPECT_EQ(normalized_unit("Percent"), "percent");
    EXPECT_EQ(normalized_unit("Bytes"), "bytes");
    EXPECT_EQ(normalized_unit("Count"), "count");
    EXPECT_EQ(normalized_unit("CountPerSecond"), "count_per_second");
    EXPECT_EQ(normalized_unit("BytesPerSecond"), "bytes_per_second");
    EXPECT_EQ(normalized_unit("BitsPerSecond"), "bits_per_second");
    EXPECT_EQ(normalized_unit("MilliSeconds"), "milliseconds");
    EXPECT_EQ(normalized_unit("Seconds"), "seconds");
    EXPECT_EQ(normalized_unit("ByteSeconds"), "byte_seconds");
    EXPECT_EQ(normalized_unit("NanoCores"), "nanocores");
    EXPECT_EQ(normalized_unit("bytes"), "bytes");
    EXPECT_EQ(normalized_unit("Unspecified"), "");
    EXPECT_EQ(normalized_unit("Furlongs"), "");
}

TEST(MetricSamples, AverageForPercentTotalForByteCounters) {
    EXPECT_EQ(sample_aggregate("Percentage CPU"), metric_aggregate::average);
    EXPECT_EQ(sample_aggregate("Network In Total"), metric_aggregate::total);
    EXPECT_EQ(sample_aggregate("Network Out Total"), metric_aggregate::total);
    EXPECT_EQ(sample_aggregate("Disk Read Bytes"), metric_aggregate::total);
    EXPECT_EQ(sample_aggregate("Disk Write Bytes"), metric_aggregate::total);
    EXPECT_EQ(sample_aggregate("MongoRequests"), metric_aggregate::average);
}

TEST(MetricSamples, VmBatchBecomesNormalizedSamples) {
    const std::string vm = "/subscriptions/s/resourceGroups/g/providers/"
                           "Microsoft.Compute/virtualMachines/vm1";
    const std::string text = R"({"values": [{"resourceid": ")" + vm + R"(",
      "resourceregion": "eastus", "value": [
        {"name": {"value": "Percentage CPU"}, "unit": "Percent", "errorCode": "Success",
         "timeseries": [{"metadatavalues": [], "data": [
            {"timeStamp": "2024-05-01T10:00:00Z", "average": 12.5, "total": 25},
            {"timeStamp": "2024-05-01T10:01:00Z"},
            {"timeStamp": "2024-05-01T10:02:00Z", "average": 3}]}]},
        {"name": {"value": "Network In Total"}, "unit": "Bytes", "errorCode": "Success",
         "timeseries": [{"data": [
            {"timeStamp": "2024-05-01T10:00:00Z", "average": 100, "total": 600},
            {"timeStamp": "2024-05-01T10:01:00Z", "average": 7}]}]},
        {"name": {"value": "Disk Read Bytes"}, "unit": "Bytes", "errorCode": "Throttled",
         "errorMessage": "try later", "timeseries": []},
        {"name": {"value": "Disk Write Bytes"}, "unit": "Bytes",
         "timeseries": [{"metadatavalues": [{"name": {"value": "lun"}, "value": "0"}],
            "data": [{"timeStamp": "2024-05-01T10:00:00Z", "total": 1}]}]}
      ]}]})";
    const auto resources = parse_metric_batch(text, url);
    ASSERT_EQ(resources.size(), 1u);
    std::vector<inventory::metric_sample> samples;
    const auto report = to_samples(resources[0], samples);
    ASSERT_EQ(samples.size(), 3u);
    EXPECT_EQ(report.samples, 3u);
    EXPECT_EQ(report.points_without_value, 2u); // CPU 10:01 (no average), Net 10:01 (no total)
    EXPECT_EQ(report.split_series, 1u);         // the lun-split disk write series
    ASSERT_EQ(report.failed.size(), 1u);
    EXPECT_EQ(report.failed[0], "Disk Read Bytes: Throttled: try later");

    EXPECT_EQ(samples[0].native_id, vm);
    EXPECT_EQ(samples[0].metric, "cpu_percent");
    EXPECT_EQ(samples[0].native_metric, "Percentage CPU");
    EXPECT_EQ(samples[0].unit, "percent");
    EXPECT_EQ(samples[0].value, 12.5); // the average, not the total
    EXPECT_EQ(samples[0].ts, *common::parse_utc("2024-05-01T10:00:00Z"));
    EXPECT_EQ(samples[1].value, 3.0);
    EXPECT_EQ(samples[1].ts, *common::parse_utc("2024-05-01T10:02:00Z"));
    EXPECT_EQ(samples[2].metric, "network_in_bytes");
    EXPECT_EQ(samples[2].unit, "bytes");
    EXPECT_EQ(samples[2].value, 600.0); // the total, not the average
}

TEST(MetricSamples, OfficialExamplesBecomeSamples) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    // getBatch: every series is split by apiname/authentication: no sample fits the
    // (resource, metric, ts) key, so none is made and each split is reported.
    const auto batch =
        parse_metric_batch(test::azure_fixture("monitor.metrics.getBatch.json"), url);
    std::vector<inventory::metric_sample> samples;
    std::size_t split = 0;
    for (const auto& resource : batch)
        split += to_samples(resource, samples).split_series;
    EXPECT_TRUE(samples.empty());
    EXPECT_EQ(split, 6u);
    // Metrics_List partial error: the failed metric is reported, the other one kept.
    const auto list =
        parse_metric_list(test::azure_fixture("monitor.metrics.list.partialError.json"), url);
    const auto report = to_samples(list, samples);
    ASSERT_EQ(samples.size(), 1u);
    ASSERT_EQ(report.failed.size(), 1u);
    EXPECT_EQ(report.failed[0].rfind("MongoRequestsCount: InvalidSamplingType: Sampling", 0), 0u);
    EXPECT_EQ(samples[0].native_id, "/subscriptions/ac41e21f-afd6-4a79-8070-f01eba278f97/"
                                    "resourceGroups/todking/providers/Microsoft.DocumentDb/"
                                    "databaseAccounts/tk-cosmos-mongo");
    EXPECT_EQ(samples[0].native_metric, "MongoRequests");
    EXPECT_EQ(samples[0].metric, "");
    EXPECT_EQ(samples[0].unit, "count");
    EXPECT_EQ(samples[0].value, 0.0);
}

} // namespace
} // namespace cloudsync::collectors::azure
