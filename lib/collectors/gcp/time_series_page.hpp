// Cloud Monitoring's VM metrics: the five metric types the metrics collector
// asks for, and the parse of one page of `projects.timeSeries.list`
// (`{"timeSeries": [TimeSeries...], "nextPageToken", "executionErrors",
// "unit"}`) into normalized samples. Requests and paging are not here.
//
// One call lists one metric type for every VM of a project (the filter must
// name a single type, Monitoring answers one series per VM), so a sync costs
// five lists per project, whatever the number of VMs: the series are matched
// to `vms` rows by their labels, never by a VM list.
//
// A sample:
// - native_id: the VM's row id, "//compute.googleapis.com/projects/P/zones/Z/
//   instances/NAME", from the series' resource.labels.project_id and zone and
//   its metric.labels.instance_name (what a gce_instance series carries;
//   instance_id, the number, is not in the row id).
// - metric / native_metric / unit: the query's (vm_metric_queries()).
// - ts: the start of the aligned minute, the point's interval.endTime minus
//   the alignment period: the same instant Azure's samples carry, so a minute
//   is one key on both clouds.
// - value: doubleValue, or int64Value (a JSON string), times the query's scale.
//
// What is skipped, counted, not fatal: a series of another resource type, one
// without the labels of an id (or with a '/' in one), one whose values are not
// numbers (bool, string, distribution), and a point whose number is not finite.
// What makes the page malformed (page_error naming the URL path and the place):
// not JSON, members of the wrong type, a point without a valid endTime.
// executionErrors: the API says the data may be incomplete; the page keeps
// their messages and the caller decides.
#pragma once

#include "inventory/record.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::gcp {

// One metric type the collector lists, and how its points become samples.
struct time_series_query {
    std::string_view metric_type; // filter metric.type, the sample's native_metric
    std::string_view aligner;     // aggregation.perSeriesAligner over the alignment period
    std::string_view metric;      // normalized name
    std::string_view unit;        // normalized unit
    double scale = 1;             // value = point value * scale
};

// cpu_percent (cpu/utilization, a fraction, ALIGN_MEAN, x100), network_in_bytes
// and network_out_bytes (network/received_bytes_count, sent_bytes_count),
// disk_read_bytes and disk_write_bytes (disk/read_bytes_count,
// write_bytes_count): the byte counts with ALIGN_DELTA, bytes per aligned
// minute, as Azure's "Total" per minute.
const std::array<time_series_query, 5>& vm_metric_queries();

struct time_series_page {
    std::vector<inventory::metric_sample> samples;
    std::optional<std::string> next_page_token; // absent (or empty) on the last page
    std::vector<std::string> execution_errors;  // their messages; non-empty: maybe incomplete
    std::size_t series = 0;                     // series on the page
    std::size_t skipped_series = 0;
    std::size_t skipped_points = 0;
};

// alignment: the request's aggregation.alignmentPeriod.
time_series_page parse_time_series_page(std::string_view text, std::string_view url,
                                        const time_series_query& query,
                                        std::chrono::seconds alignment);

} // namespace cloudsync::collectors::gcp
