#include "collectors/aws/metric_queries.hpp"

#include <charconv>

namespace cloudsync::collectors::aws {

const std::vector<ec2_metric>& ec2_metrics() {
    static const std::vector<ec2_metric> metrics{
        {"CPUUtilization", "Average", "cpu_percent", "percent"},
        {"NetworkIn", "Sum", "network_in_bytes", "bytes"},
        {"NetworkOut", "Sum", "network_out_bytes", "bytes"},
        {"DiskReadBytes", "Sum", "disk_read_bytes", "bytes"},
        {"DiskWriteBytes", "Sum", "disk_write_bytes", "bytes"},
        {"EBSReadBytes", "Sum", "disk_read_bytes", "bytes"},
        {"EBSWriteBytes", "Sum", "disk_write_bytes", "bytes"},
    };
    return metrics;
}

std::size_t instances_per_call() {
    return max_queries_per_call / ec2_metrics().size();
}

std::string query_id(std::size_t instance_index, std::size_t metric_index) {
    // An Id starts with a lower-case letter and holds letters, digits and '_'.
    return "m" + std::to_string(instance_index) + "_" + std::to_string(metric_index);
}

std::optional<query_ref> parse_query_id(std::string_view id) {
    if (id.size() < 4 || id.front() != 'm')
        return std::nullopt;
    const auto underscore = id.find('_');
    if (underscore == std::string_view::npos)
        return std::nullopt;
    query_ref ref;
    const auto read = [](std::string_view digits, std::size_t& out) {
        if (digits.empty() || digits.size() > 9)
            return false;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return ec == std::errc() && end == digits.data() + digits.size();
    };
    if (!read(id.substr(1, underscore - 1), ref.instance_index) ||
        !read(id.substr(underscore + 1), ref.metric_index) ||
        ref.metric_index >= ec2_metrics().size())
        return std::nullopt;
    return ref;
}

detail::query_params metric_data_params(const std::vector<std::string>& instance_ids,
                                        std::size_t first, std::size_t count,
                                        const common::metric_window& window) {
    detail::query_params params{{"Action", "GetMetricData"},
                                {"Version", "2010-08-01"},
                                {"StartTime", common::format_utc(window.start)},
                                {"EndTime", common::format_utc(window.end)},
                                {"ScanBy", "TimestampAscending"}};
    std::size_t n = 0;
    for (std::size_t i = first; i < first + count && i < instance_ids.size(); ++i) {
        for (std::size_t m = 0; m < ec2_metrics().size(); ++m) {
            const auto& metric = ec2_metrics()[m];
            const std::string prefix = "MetricDataQueries.member." + std::to_string(++n) + ".";
            params.emplace_back(prefix + "Id", query_id(i, m));
            params.emplace_back(prefix + "MetricStat.Metric.Namespace", "AWS/EC2");
            params.emplace_back(prefix + "MetricStat.Metric.MetricName", std::string(metric.name));
            params.emplace_back(prefix + "MetricStat.Metric.Dimensions.member.1.Name",
                                "InstanceId");
            params.emplace_back(prefix + "MetricStat.Metric.Dimensions.member.1.Value",
                                instance_ids[i]);
            params.emplace_back(prefix + "MetricStat.Period",
                                std::to_string(metric_period.count()));
            params.emplace_back(prefix + "MetricStat.Stat", std::string(metric.statistic));
            params.emplace_back(prefix + "ReturnData", "true");
        }
    }
    return params;
}

} // namespace cloudsync::collectors::aws
