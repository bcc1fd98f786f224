// Parse of Azure Monitor metric results: the `Metric` object (name, unit,
// per-metric errorCode, timeseries of data points) that both the ARM
// Metrics_List response (`{"value": [Metric...]}` for one resource) and the data
// plane's metrics:getBatch response (`{"values": [{"resourceid", "value":
// [Metric...]}]}`) carry, with one shared parser. Turning results into samples
// (name/unit normalization, which aggregate) is metric_samples.hpp's.
#pragma once

#include "collectors/errors.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudsync::collectors::azure {

// One data point; an aggregate the API did not return (no data in that grain,
// or not requested) is nullopt, never 0.
struct metric_point {
    std::chrono::system_clock::time_point ts;
    std::optional<double> average;
    std::optional<double> total;
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::optional<double> count;
};

// One time series: its dimension values (metadatavalues, name.value -> value;
// empty for the unsplit series) and its points in API order.
struct metric_series {
    std::vector<std::pair<std::string, std::string>> dimensions;
    std::vector<metric_point> points;
};

struct metric_result {
    std::string name;          // name.value, e.g. "Percentage CPU"
    std::string unit;          // as the API wrote it, e.g. "Percent"
    std::string error_code;    // "Success" (also when absent) or why this metric failed
    std::string error_message; // the API's errorMessage, "" when none
    std::vector<metric_series> series;
    bool ok() const noexcept { return error_code == "Success"; }
};

// The metrics of one resource.
struct resource_metrics {
    std::string resource_id; // ARM id as the API returned it
    std::string region;      // resourceregion, "" when absent
    std::vector<metric_result> metrics;
};

// One Metric object. Throws page_error naming url when it is not an object, lacks
// name.value, or has a malformed timeseries/data point (no or bad timeStamp, a
// non-numeric aggregate). `index` is its position, for the message.
metric_result parse_metric(const boost::json::value& metric, std::size_t index,
                           std::string_view url);

// The metrics:getBatch response. Throws page_error when it is not JSON, has no
// `values` array, an entry lacks resourceid or a `value` array, or a Metric is bad.
std::vector<resource_metrics> parse_metric_batch(std::string_view text, std::string_view url);

// The ARM Metrics_List response (one resource, not paged). Its body names no
// resource: resource_id is taken from the first metric id, which is
// "{resourceUri}/providers/Microsoft.Insights/metrics/{name}" ("" when there is
// no metric). Throws page_error like parse_metric_batch.
resource_metrics parse_metric_list(std::string_view text, std::string_view url);

} // namespace cloudsync::collectors::azure
