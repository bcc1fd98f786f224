// metrics:getBatch requests: 50 resources a call grouped by region, the regional
// endpoint, the encoded query, the body, and the whole-minute window.
#include "collectors/common/utc_time.hpp"
#include "collectors/azure/detail/metrics_client.hpp"
#include "collectors/azure/metric_batch.hpp"
#include "collectors/errors.hpp"
#include "run_coroutine.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <gtest/gtest.h>

#include <map>

namespace cloudsync::collectors::azure {
namespace {

using namespace std::chrono_literals;
using common::format_utc;
using common::parse_utc;

TEST(MetricBatch, FiftyPerCallGroupedByRegion) {
    region_batcher batcher;
    std::map<std::string, std::size_t> per_region;
    std::vector<metric_batch> calls;
    const std::vector<std::string> regions = {"eastus", "westeurope", "japaneast"};
    // 130 east, 60 west, 7 japan, interleaved as a VM list would be.
    const std::map<std::string, int> wanted = {
        {"eastus", 130}, {"westeurope", 60}, {"japaneast", 7}};
    std::map<std::string, int> added;
    for (int i = 0; added != wanted; ++i) {
        const auto& region = regions[static_cast<std::size_t>(i) % regions.size()];
        if (added[region] == wanted.at(region))
            continue;
        const auto id = region + "/vm" + std::to_string(added[region]++);
        if (auto full = batcher.add(region, id))
            calls.push_back(std::move(*full));
    }
    // Full batches leave as soon as a region has 50.
    ASSERT_EQ(calls.size(), 3u); // east 50, east 50, west 50
    for (auto& rest : batcher.drain())
        calls.push_back(std::move(rest));
    EXPECT_TRUE(batcher.drain().empty());
    std::map<std::string, int> seen;
    std::size_t east_calls = 0;
    for (const auto& call : calls) {
        EXPECT_LE(call.resource_ids.size(), 50u);
        EXPECT_FALSE(call.resource_ids.empty());
        for (const auto& id : call.resource_ids) {
            EXPECT_EQ(id.rfind(call.region + "/", 0), 0u) << "one region per call";
            ++seen[call.region];
        }
        east_calls += call.region == "eastus" ? 1 : 0;
    }
    EXPECT_EQ(seen, wanted);
    // ceil(130/50) + ceil(60/50) + ceil(7/50) = 3 + 2 + 1
    EXPECT_EQ(calls.size(), 6u);
    EXPECT_EQ(east_calls, 3u);
}

TEST(MetricBatch, SmallerBatchesAndLimits) {
    region_batcher two(2);
    EXPECT_FALSE(two.add("a", "1"));
    const auto full = two.add("a", "2");
    ASSERT_TRUE(full);
    EXPECT_EQ(full->resource_ids, (std::vector<std::string>{"1", "2"}));
    EXPECT_THROW(region_batcher(0), options_error);
    EXPECT_THROW(region_batcher(51), options_error);
}

TEST(MetricBatch, RegionsAndEndpoints) {
    EXPECT_EQ(metric_region("eastus"), "eastus");
    EXPECT_EQ(metric_region("WestEurope"), "westeurope");
    EXPECT_FALSE(metric_region("East US"));
    EXPECT_FALSE(metric_region("evil.example/x"));
    EXPECT_FALSE(metric_region(""));
    EXPECT_EQ(regional_endpoint("https://{region}.metrics.monitor.azure.com/", "eastus"),
              "https://eastus.metrics.monitor.azure.com");
    EXPECT_EQ(regional_endpoint("http://127.0.0.1:8080/{region}", "westus2"),
              "http://127.0.0.1:8080/westus2");
}

TEST(MetricBatch, UrlIsEncodedAndComplete) {
    const common::metric_window window{*parse_utc("2024-05-01T10:00:00Z"),
                                       *parse_utc("2024-05-01T10:15:00Z")};
    const auto url = batch_url("https://eastus.metrics.monitor.azure.com",
                               "0b1f6471-1bf0-4dda-aec3-111122223333", window, vm_metric_query());
    EXPECT_EQ(url.rfind("https://eastus.metrics.monitor.azure.com/subscriptions/"
                        "0b1f6471-1bf0-4dda-aec3-111122223333/metrics:getBatch?",
                        0),
              0u);
    EXPECT_EQ(url.find(' '), std::string::npos);
    EXPECT_NE(url.find("metricnames=Percentage%20CPU%2CNetwork%20In%20Total%2C"),
              std::string::npos);
    // Decoded, the query says exactly what the API needs.
    const auto parsed = boost::urls::parse_absolute_uri(url);
    ASSERT_TRUE(parsed);
    std::map<std::string, std::string> query;
    for (const auto& param : parsed->params())
        query[param.key] = param.value;
    EXPECT_EQ(query["api-version"], "2024-02-01");
    EXPECT_EQ(query["starttime"], "2024-05-01T10:00:00Z");
    EXPECT_EQ(query["endtime"], "2024-05-01T10:15:00Z");
    EXPECT_EQ(query["interval"], "PT1M");
    EXPECT_EQ(query["metricnamespace"], "Microsoft.Compute/virtualMachines");
    EXPECT_EQ(query["metricnames"],
              "Percentage CPU,Network In Total,Network Out Total,Disk Read Bytes,Disk Write Bytes");
    EXPECT_EQ(query["aggregation"], "average,total");
    EXPECT_EQ(query.size(), 7u);
}

TEST(MetricBatch, BodyListsTheIds) {
    const auto body = batch_body({"/subscriptions/s/a", "/subscriptions/s/b\"q"});
    EXPECT_EQ(
        boost::json::parse(body),
        boost::json::parse(R"({"resourceids": ["/subscriptions/s/a", "/subscriptions/s/b\"q"]})"));
}

TEST(MetricTime, WindowIsWholeMinutes) {
    const auto now = *parse_utc("2024-05-01T10:17:42.250Z");
    const auto w = common::window_ending(now, 15min);
    EXPECT_EQ(format_utc(w.end), "2024-05-01T10:17:00Z");
    EXPECT_EQ(format_utc(w.start), "2024-05-01T10:02:00Z");
    // A lookback that is not whole minutes is cut to whole minutes, at least one.
    const auto odd = common::window_ending(now, 90s);
    EXPECT_EQ(format_utc(odd.start), "2024-05-01T10:16:00Z");
    const auto tiny = common::window_ending(now, 5s);
    EXPECT_EQ(tiny.end - tiny.start, std::chrono::minutes(1));
    // On a minute boundary, end is that minute; the next run's window overlaps.
    const auto exact = common::window_ending(*parse_utc("2024-05-01T10:20:00Z"), 15min);
    EXPECT_EQ(format_utc(exact.end), "2024-05-01T10:20:00Z");
    EXPECT_LT(exact.start, w.end);
}

TEST(MetricTime, ParsesAndFormatsUtc) {
    EXPECT_EQ(format_utc(*parse_utc("2023-02-01T20:00:00.123Z")), "2023-02-01T20:00:00Z");
    EXPECT_EQ(parse_utc("2023-02-01T20:00:00.5Z").value() - *parse_utc("2023-02-01T20:00:00Z"),
              std::chrono::milliseconds(500));
    EXPECT_EQ(*parse_utc("2024-02-29T01:30:00+01:30"), *parse_utc("2024-02-29T00:00:00Z"));
    EXPECT_EQ(*parse_utc("2024-01-01T00:00:00-02:00"), *parse_utc("2024-01-01T02:00:00Z"));
    EXPECT_EQ(format_utc(*parse_utc("1999-12-31T23:59:59Z")), "1999-12-31T23:59:59Z");
    for (std::string_view bad :
         {"", "2024-02-30T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T25:00:00Z",
          "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zjunk",
          "2024-1-01T00:00:00Z", "2024-01-01T00:00:00+0100"})
        EXPECT_FALSE(parse_utc(bad)) << bad;
}

// Found by fuzz_azure_time (and through pages by fuzz_azure_metric_page and
// fuzz_azure_alert_page): a year the nanosecond clock cannot hold overflowed
// (undefined behaviour) into some other time instead of being refused.
TEST(MetricTime, RefusesYearsTheClockCannotHold) {
    for (std::string_view beyond : {"2919-10-14T21:29:47.923034+00:00", "9999-12-31T23:59:59Z",
                                    "0001-01-01T00:00:00Z", "1677-01-01T00:00:00Z"})
        EXPECT_FALSE(parse_utc(beyond)) << beyond;
    EXPECT_EQ(format_utc(*parse_utc("2261-12-31T23:59:59Z")), "2261-12-31T23:59:59Z");
    EXPECT_EQ(format_utc(*parse_utc("1678-01-01T00:00:00Z")), "1678-01-01T00:00:00Z");
}

// Found by fuzz_azure_time: a sign where a digit belongs was read as a negative
// field, so "T-6:43" was six hours before midnight.
TEST(MetricTime, RefusesSignsInNumericFields) {
    for (std::string_view bad : {"2022-01-14T-6:43:41.683Z", "2022-01-14T06:-3:41Z",
                                 "2022-01-14T06:43:-1Z", "-022-01-14T06:43:41Z",
                                 "2022-01-14T06:43:41+-1:00", "2022-01-14T06:43:41++1:00"})
        EXPECT_FALSE(parse_utc(bad)) << bad;
    EXPECT_TRUE(parse_utc("2022-01-14T06:43:41-01:00"));
}

} // namespace
} // namespace cloudsync::collectors::azure

namespace cloudsync::collectors::azure {
namespace {

// Counts authorize() calls: the origin check must refuse before any token is added.
class counting_authorizer final : public auth::authorizer {
public:
    boost::asio::awaitable<http::request> authorize(http::request req) override {
        ++calls;
        co_return req;
    }
    void invalidate() noexcept override {}
    int calls = 0;
};

TEST(MetricsClient, RefusesUrlsOutsideTheRegionalEndpoint) {
    boost::asio::io_context io;
    auto client = std::make_shared<http::client>(io.get_executor(), http::client_options{});
    auto credentials = std::make_shared<counting_authorizer>();
    detail::metrics_client metrics(client, credentials,
                                   "https://{region}.metrics.monitor.azure.com");
    EXPECT_EQ(metrics.endpoint("eastus"), "https://eastus.metrics.monitor.azure.com");
    for (const std::string url :
         {"https://evil.example/subscriptions/s/metrics:getBatch",
          "https://westus.metrics.monitor.azure.com/subscriptions/s/metrics:getBatch",
          "https://eastus.metrics.monitor.azure.com.evil.example/subscriptions/s/metrics:getBatch",
          "http://eastus.metrics.monitor.azure.com/subscriptions/s/metrics:getBatch",
          "https://eastus.metrics.monitor.azure.com:8443/subscriptions/s/metrics:getBatch",
          "https://management.azure.com/subscriptions/s/metrics:getBatch"}) {
        EXPECT_THROW(test::run_coroutine(io, metrics.post("eastus", url, "{}")), page_error) << url;
    }
    EXPECT_EQ(credentials->calls, 0);
    EXPECT_EQ(metrics.calls(), 0u);
    EXPECT_THROW(detail::metrics_client(client, credentials, "https://metrics.example"),
                 options_error);
    EXPECT_THROW(detail::metrics_client(client, credentials, "ftp://{region}.example"),
                 options_error);
    EXPECT_THROW(detail::metrics_client(client, nullptr, "https://{region}.example"),
                 options_error);
}

} // namespace
} // namespace cloudsync::collectors::azure
