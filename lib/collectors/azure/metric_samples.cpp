#include "collectors/azure/metric_samples.hpp"

#include "core/text.hpp"

#include <utility>

namespace cloudsync::collectors::azure {

namespace {

struct name_pair {
    std::string_view native;
    std::string_view normalized;
};

constexpr std::array<name_pair, 5> metric_table{{
    {"Percentage CPU", "cpu_percent"},
    {"Network In Total", "network_in_bytes"},
    {"Network Out Total", "network_out_bytes"},
    {"Disk Read Bytes", "disk_read_bytes"},
    {"Disk Write Bytes", "disk_write_bytes"},
}};

constexpr std::array<name_pair, 13> unit_table{{
    {"Percent", "percent"},
    {"Bytes", "bytes"},
    {"Count", "count"},
    {"Seconds", "seconds"},
    {"MilliSeconds", "milliseconds"},
    {"BytesPerSecond", "bytes_per_second"},
    {"CountPerSecond", "count_per_second"},
    {"BitsPerSecond", "bits_per_second"},
    {"ByteSeconds", "byte_seconds"},
    {"Cores", "cores"},
    {"MilliCores", "millicores"},
    {"NanoCores", "nanocores"},
    {"Unspecified", ""},
}};

template <std::size_t N>
std::string lookup(const std::array<name_pair, N>& table, std::string_view native) {
    for (const auto& row : table)
        if (iequals(row.native, native))
            return std::string(row.normalized);
    return {};
}

} // namespace

std::string normalized_metric(std::string_view native_name) {
    return lookup(metric_table, native_name);
}

std::string normalized_unit(std::string_view native_unit) {
    return lookup(unit_table, native_unit);
}

metric_aggregate sample_aggregate(std::string_view native_name) {
    const auto normalized = normalized_metric(native_name);
    if (normalized.empty() || normalized == "cpu_percent")
        return metric_aggregate::average;
    return metric_aggregate::total;
}

sample_report to_samples(const resource_metrics& resource,
                         std::vector<inventory::metric_sample>& out) {
    sample_report report;
    for (const auto& metric : resource.metrics) {
        if (!metric.ok()) {
            report.failed.push_back(metric.name + ": " + metric.error_code +
                                    (metric.error_message.empty() ? "" : ": ") +
                                    metric.error_message);
            continue;
        }
        const auto normalized = normalized_metric(metric.name);
        const auto unit = normalized_unit(metric.unit);
        const bool use_total = sample_aggregate(metric.name) == metric_aggregate::total;
        for (const auto& series : metric.series) {
            if (!series.dimensions.empty()) {
                ++report.split_series;
                continue;
            }
            for (const auto& point : series.points) {
                const auto& value = use_total ? point.total : point.average;
                if (!value) {
                    ++report.points_without_value;
                    continue;
                }
                out.push_back(
                    {resource.resource_id, normalized, metric.name, point.ts, *value, unit});
                ++report.samples;
            }
        }
    }
    return report;
}

} // namespace cloudsync::collectors::azure
