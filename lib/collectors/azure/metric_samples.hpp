// From parsed Azure Monitor results to inventory::metric_samples: the tables that
// normalize metric names and units, the choice of one aggregate per metric, and
// the conversion itself. Parsing is metric_page.hpp's; requests are
// metric_batch.hpp's.
#pragma once

#include "collectors/azure/metric_page.hpp"
#include "inventory/record.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

// The VM metrics the metrics collector asks for, in request order.
inline constexpr std::array<std::string_view, 5> vm_metric_names{
    "Percentage CPU", "Network In Total", "Network Out Total", "Disk Read Bytes",
    "Disk Write Bytes"};

// Percentage CPU -> cpu_percent, Network In Total -> network_in_bytes, Network Out
// Total -> network_out_bytes, Disk Read Bytes -> disk_read_bytes, Disk Write Bytes
// -> disk_write_bytes (case-insensitive); "" for any other metric.
std::string normalized_metric(std::string_view native_name);

// Azure's unit words in snake case: Percent -> percent, Bytes -> bytes, Count ->
// count, Seconds -> seconds, MilliSeconds -> milliseconds, BytesPerSecond ->
// bytes_per_second, CountPerSecond -> count_per_second, BitsPerSecond ->
// bits_per_second, ByteSeconds -> byte_seconds, Cores -> cores, MilliCores ->
// millicores, NanoCores -> nanocores (case-insensitive); "" for Unspecified and
// anything unknown.
std::string normalized_unit(std::string_view native_unit);

// Which aggregate becomes a sample's value. A percentage is a level, so its
// per-minute average is the value (a total of percentages means nothing); the
// byte counters (Network In/Out Total, Disk Read/Write Bytes) count what moved in
// the grain, so their total is the value (average would be per-collection-
// interval and depend on Azure's internal sampling). Any other metric: average.
enum class metric_aggregate { average, total };
metric_aggregate sample_aggregate(std::string_view native_name);

// What to_samples() left out, for logs and tests.
struct sample_report {
    std::size_t samples = 0;              // appended to out
    std::size_t points_without_value = 0; // data points lacking the chosen aggregate
    std::size_t split_series = 0;         // series with dimensions (a sample has none)
    std::vector<std::string> failed;      // "name: errorCode: errorMessage" per failed metric
};

// Appends one sample per data point of each successful metric's unsplit series
// (dimension-split series are skipped: a sample is keyed by resource, metric and
// time only, and the collector never asks for a split). native_id is
// resources.resource_id; a metric whose errorCode is not Success is skipped and
// reported, not fatal.
sample_report to_samples(const resource_metrics& resource,
                         std::vector<inventory::metric_sample>& out);

} // namespace cloudsync::collectors::azure
