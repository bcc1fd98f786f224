// The CloudWatch queries of the AWS metrics collector: which EC2 metrics are
// read per instance (CPUUtilization -> cpu_percent; NetworkIn/Out; the
// instance-store DiskReadBytes/WriteBytes and, for Nitro instances, the EBS
// variants EBSReadBytes/WriteBytes, all -> the normalized disk names, so
// summing a VM's disk_read_bytes gives both), how up to 500 of them are
// written into one GetMetricData request, and how a result's Id leads back to
// its VM and metric. What is not here: requests, parsing answers
// (cloudwatch_pages.hpp).
#pragma once

#include "collectors/aws/detail/query.hpp"
#include "collectors/common/utc_time.hpp"
#include "inventory/record.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::aws {

struct ec2_metric {
    std::string_view name;       // CloudWatch MetricName in AWS/EC2
    std::string_view statistic;  // Average for a level, Sum for a count per period
    std::string_view normalized; // inventory metric name
    std::string_view unit;       // normalized unit
};

// The metrics read for every running instance, in query order.
const std::vector<ec2_metric>& ec2_metrics();

// GetMetricData takes at most this many queries per call.
inline constexpr std::size_t max_queries_per_call = 500;
inline constexpr std::chrono::seconds metric_period{60};

// One query: instance `instance_index` of the batch's instances, metric
// `metric_index` of ec2_metrics(). Its Id is "m<instance>_<metric>".
std::string query_id(std::size_t instance_index, std::size_t metric_index);
struct query_ref {
    std::size_t instance_index = 0;
    std::size_t metric_index = 0;
};
// nullopt for an Id this collector does not write (an answer's invention).
std::optional<query_ref> parse_query_id(std::string_view id);

// The parameters of GetMetricData for the instance ids [first, first + count)
// of instance_ids x every metric (count * metrics <= 500), over window, period
// 60 s, oldest points first.
detail::query_params metric_data_params(const std::vector<std::string>& instance_ids,
                                        std::size_t first, std::size_t count,
                                        const common::metric_window& window);

// How many instances fill one call: 500 / number of metrics.
std::size_t instances_per_call();

} // namespace cloudsync::collectors::aws
