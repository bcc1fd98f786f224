// Cloud Monitoring timeSeries.list pages. No complete official response
// exists to test against (shared/fixtures/gcp/monitoring/timeSeries.list.md:
// the shape is the discovery document's), so the pages here are written in
// that documented shape: gce_instance series with their labels, DOUBLE and
// INT64 (a JSON string) values, points newest first, `\/` escapes, paging,
// executionErrors; what is skipped and what makes a page malformed.
#include "collectors/common/utc_time.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/time_series_page.hpp"

#include <gtest/gtest.h>

namespace cloudsync::collectors::gcp {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view url =
    "https://monitoring.googleapis.com/v3/projects/p/timeSeries?filter=x&view=FULL";

const time_series_query& cpu() {
    return vm_metric_queries()[0];
}
const time_series_query& received() {
    return vm_metric_queries()[1];
}

std::string series(std::string_view name, std::string_view points,
                   std::string_view resource_type = "gce_instance") {
    return R"({"metric":{"labels":{"instance_name":")" + std::string(name) +
           R"("},"type":"compute.googleapis.com/instance/cpu/utilization"},"resource":{"type":")" +
           std::string(resource_type) +
           R"(","labels":{"project_id":"proj-1","instance_id":"8123456789012345678","zone":"europe-west4-a"}},"metricKind":"GAUGE","valueType":"DOUBLE","points":[)" +
           std::string(points) + "]}";
}

std::string point(std::string_view end, std::string_view value) {
    return R"({"interval":{"startTime":")" + std::string(end) + R"(","endTime":")" +
           std::string(end) + R"("},"value":)" + std::string(value) + "}";
}

TEST(GcpTimeSeriesPage, QueriesAreTheFiveNormalizedVmMetrics) {
    const auto& q = vm_metric_queries();
    EXPECT_EQ(q[0].metric, "cpu_percent");
    EXPECT_EQ(q[0].metric_type, "compute.googleapis.com/instance/cpu/utilization");
    EXPECT_EQ(q[0].aligner, "ALIGN_MEAN");
    EXPECT_EQ(q[0].scale, 100);
    EXPECT_EQ(q[1].metric, "network_in_bytes");
    EXPECT_EQ(q[2].metric, "network_out_bytes");
    EXPECT_EQ(q[3].metric, "disk_read_bytes");
    EXPECT_EQ(q[4].metric, "disk_write_bytes");
    for (std::size_t i = 1; i < q.size(); ++i) {
        EXPECT_EQ(q[i].aligner, "ALIGN_DELTA");
        EXPECT_EQ(q[i].unit, "bytes");
        EXPECT_EQ(q[i].scale, 1);
    }
}

TEST(GcpTimeSeriesPage, SamplesAreKeyedByTheVmRowIdAtTheMinutesStart) {
    const auto text =
        R"({"timeSeries":[)" +
        series("vm-1", point("2026-03-01T10:05:00Z", R"({"doubleValue":0.25})") + "," +
                           point("2026-03-01T10:04:00.123456789Z", R"({"doubleValue":1})")) +
        R"(],"nextPageToken":"abc","unit":"10^2.%"})";
    const auto page = parse_time_series_page(text, url, cpu(), 60s);
    EXPECT_EQ(page.next_page_token, "abc");
    EXPECT_TRUE(page.execution_errors.empty());
    EXPECT_EQ(page.series, 1u);
    ASSERT_EQ(page.samples.size(), 2u);
    const auto& s = page.samples[0];
    EXPECT_EQ(s.native_id,
              "//compute.googleapis.com/projects/proj-1/zones/europe-west4-a/instances/vm-1");
    EXPECT_EQ(s.metric, "cpu_percent");
    EXPECT_EQ(s.native_metric, "compute.googleapis.com/instance/cpu/utilization");
    EXPECT_EQ(s.unit, "percent");
    EXPECT_DOUBLE_EQ(s.value, 25.0);
    EXPECT_EQ(s.ts, *common::parse_utc("2026-03-01T10:04:00Z"));
    EXPECT_DOUBLE_EQ(page.samples[1].value, 100.0);
    EXPECT_EQ(page.samples[1].ts, *common::parse_utc("2026-03-01T10:03:00.123456789Z"));
}

TEST(GcpTimeSeriesPage, Int64ValuesAreStringsAndEscapesAreRead) {
    const auto text =
        R"({"timeSeries":[{"metric":{"labels":{"instance_name":"vm\/2"},"type":"x"},)"
        R"("resource":{"type":"gce_instance","labels":{"project_id":"p","zone":"us-east1-b"}},)"
        R"("points":[)" +
        point("2026-03-01T10:05:00Z", R"({"int64Value":"9007199254740993"})") + R"(]},)"
        R"({"metric":{"labels":{"instance_name":"vm-3"}},)"
        R"("resource":{"type":"gce_instance","labels":{"project_id":"p","zone":"us-east1-b"}},)"
        R"("points":[)" +
        point("2026-03-01T10:05:00Z", R"({"int64Value":"4096"})") + "]}]}";
    const auto page = parse_time_series_page(text, url, received(), 60s);
    // "vm/2" cannot be one segment of a row id: that series is skipped.
    EXPECT_EQ(page.skipped_series, 1u);
    ASSERT_EQ(page.samples.size(), 1u);
    EXPECT_EQ(page.samples[0].native_id,
              "//compute.googleapis.com/projects/p/zones/us-east1-b/instances/vm-3");
    EXPECT_DOUBLE_EQ(page.samples[0].value, 4096.0);
    EXPECT_EQ(page.samples[0].metric, "network_in_bytes");
    EXPECT_EQ(page.samples[0].unit, "bytes");
}

TEST(GcpTimeSeriesPage, WhatIsSkippedIsCountedNotFatal) {
    const auto text =
        R"({"timeSeries":[)" +
        series("vm-a", point("2026-03-01T10:05:00Z", R"({"doubleValue":0.5})"), "gce_disk") +
        "," + R"({"metric":{"labels":{}},"resource":{"type":"gce_instance","labels":{}},"points":[]})" +
        "," +
        series("vm-b", point("2026-03-01T10:05:00Z", R"({"doubleValue":0.5})") + "," +
                           point("2026-03-01T10:04:00Z", R"({"boolValue":true})")) +
        "," +
        series("vm-c", point("2026-03-01T10:05:00Z", R"({"doubleValue":1e999})") + "," +
                           point("2026-03-01T10:04:00Z", R"({"doubleValue":0.1})")) +
        "," + series("vm-d", "") + "]}";
    const auto page = parse_time_series_page(text, url, cpu(), 60s);
    EXPECT_EQ(page.series, 5u);
    EXPECT_EQ(page.skipped_series, 3u); // another resource, no labels, a bool value
    EXPECT_EQ(page.skipped_points, 1u); // 1e999
    ASSERT_EQ(page.samples.size(), 1u);
    EXPECT_NE(page.samples[0].native_id.find("/instances/vm-c"), std::string::npos);
    EXPECT_DOUBLE_EQ(page.samples[0].value, 10.0);
}

TEST(GcpTimeSeriesPage, ExecutionErrorsAndEmptyPages) {
    const auto page = parse_time_series_page(
        R"({"executionErrors":[{"code":4,"message":"deadline exceeded"},{"code":13}]})", url,
        cpu(), 60s);
    EXPECT_EQ(page.execution_errors,
              (std::vector<std::string>{"deadline exceeded", "an execution error"}));
    EXPECT_TRUE(page.samples.empty());
    const auto empty = parse_time_series_page(R"({"unit":"By"})", url, cpu(), 60s);
    EXPECT_TRUE(empty.samples.empty());
    EXPECT_FALSE(empty.next_page_token);
    EXPECT_FALSE(parse_time_series_page(R"({"nextPageToken":""})", url, cpu(), 60s).next_page_token);
}

TEST(GcpTimeSeriesPage, MalformedPagesAreRefusedWithThePlaceNamed) {
    const std::vector<std::pair<std::string, std::string>> bad{
        {"not json", "not JSON"},
        {"[]", "not an object"},
        {R"({"timeSeries":{}})", "timeSeries"},
        {R"({"timeSeries":[1]})", "timeSeries[0]"},
        {R"({"nextPageToken":5})", "nextPageToken"},
        {R"({"executionErrors":[3]})", "executionErrors[0]"},
        {"{\"timeSeries\":[" + series("v", R"({"value":{"doubleValue":1}})") + "]}", "endTime"},
        {"{\"timeSeries\":[" + series("v", point("yesterday", R"({"doubleValue":1})")) + "]}",
         "endTime"},
        {"{\"timeSeries\":[" + series("v", point("2026-03-01T10:05:00Z", R"({"doubleValue":"1"})")) +
             "]}",
         "doubleValue"},
        {"{\"timeSeries\":[" +
             series("v", point("2026-03-01T10:05:00Z", R"({"int64Value":"12x"})")) + "]}",
         "int64Value"},
        {"{\"timeSeries\":[" + series("v", R"({"interval":{"endTime":"2026-03-01T10:05:00Z"}})") +
             "]}",
         "value"},
        {R"({"timeSeries":[{"resource":{"type":"gce_instance","labels":[]},"metric":{}}]})",
         "labels"},
    };
    for (const auto& [text, place] : bad) {
        try {
            parse_time_series_page(text, url, cpu(), 60s);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const page_error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("/v3/projects/p/timeSeries"), std::string::npos) << what;
            EXPECT_NE(what.find(place), std::string::npos) << place << " not in: " << what;
        }
    }
}

} // namespace
} // namespace cloudsync::collectors::gcp
