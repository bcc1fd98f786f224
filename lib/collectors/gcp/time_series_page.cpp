#include "collectors/gcp/time_series_page.hpp"

#include "collectors/common/url.hpp"
#include "collectors/common/utc_time.hpp"
#include "collectors/errors.hpp"
#include "collectors/gcp/detail/fields.hpp"
#include "collectors/gcp/resource_name.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

constexpr std::array<time_series_query, 5> queries{{
    {"compute.googleapis.com/instance/cpu/utilization", "ALIGN_MEAN", "cpu_percent", "percent",
     100},
    {"compute.googleapis.com/instance/network/received_bytes_count", "ALIGN_DELTA",
     "network_in_bytes", "bytes", 1},
    {"compute.googleapis.com/instance/network/sent_bytes_count", "ALIGN_DELTA",
     "network_out_bytes", "bytes", 1},
    {"compute.googleapis.com/instance/disk/read_bytes_count", "ALIGN_DELTA", "disk_read_bytes",
     "bytes", 1},
    {"compute.googleapis.com/instance/disk/write_bytes_count", "ALIGN_DELTA", "disk_write_bytes",
     "bytes", 1},
}};

// A label value usable as one segment of a resource name.
bool usable_segment(const boost::json::string* value) {
    return value != nullptr && !value->empty() &&
           std::string_view(*value).find('/') == std::string_view::npos;
}

const boost::json::string* label(const boost::json::object& holder, std::string_view key,
                                 const location& at) {
    const auto* labels = detail::optional_object(holder, "labels", at);
    return labels ? detail::optional_string(*labels, key, at.member("labels")) : nullptr;
}

// The VM row id of a gce_instance series, or "" when its labels do not give one.
std::string instance_id(const boost::json::object& series, const location& at) {
    const auto* resource = detail::optional_object(series, "resource", at);
    const auto* metric = detail::optional_object(series, "metric", at);
    if (resource == nullptr || metric == nullptr)
        return {};
    const auto resource_at = at.member("resource");
    if (detail::string_or_empty(*resource, "type", resource_at) != "gce_instance")
        return {};
    const auto* project = label(*resource, "project_id", resource_at);
    const auto* zone = label(*resource, "zone", resource_at);
    const auto* name = label(*metric, "instance_name", at.member("metric"));
    if (!usable_segment(project) || !usable_segment(zone) || !usable_segment(name))
        return {};
    std::string id(compute_name_prefix);
    id.append("projects/").append(*project).append("/zones/").append(*zone);
    id.append("/instances/").append(*name);
    return id;
}

enum class point_value { number, not_finite, not_numeric };

// The point's number in out; page_error when value is mistyped.
point_value read_value(const boost::json::object& point, const location& at, double& out) {
    const auto* value = detail::optional_object(point, "value", at);
    if (value == nullptr)
        at.member("value").fail("is missing");
    const auto value_at = at.member("value");
    if (const auto* d = value->if_contains("doubleValue"); d != nullptr && !d->is_null()) {
        if (!d->is_number())
            value_at.member("doubleValue").fail("is not a number");
        out = d->to_number<double>();
    } else if (const auto* text = detail::optional_string(*value, "int64Value", value_at)) {
        // int64 travels as a JSON string.
        std::int64_t n = 0;
        const auto* end = text->data() + text->size();
        const auto [ptr, ec] = std::from_chars(text->data(), end, n);
        if (ec != std::errc() || ptr != end)
            value_at.member("int64Value").fail("is not an int64");
        out = static_cast<double>(n);
    } else {
        return point_value::not_numeric;
    }
    return std::isfinite(out) ? point_value::number : point_value::not_finite;
}

void read_series(const boost::json::value& item, const location& at,
                 const time_series_query& query, std::chrono::seconds alignment,
                 time_series_page& page) {
    const auto& series = detail::object_at(item, at);
    ++page.series;
    auto id = instance_id(series, at);
    const auto* points = detail::optional_array(series, "points", at);
    if (id.empty()) {
        ++page.skipped_series;
        return;
    }
    if (points == nullptr)
        return;
    const auto points_at = at.member("points");
    const auto first = page.samples.size();
    for (std::size_t i = 0; i < points->size(); ++i) {
        const auto point_at = points_at.index(i);
        const auto& point = detail::object_at((*points)[i], point_at);
        const auto* interval = detail::optional_object(point, "interval", point_at);
        const auto interval_at = point_at.member("interval");
        const auto* end = interval ? detail::optional_string(*interval, "endTime", interval_at)
                                   : nullptr;
        if (end == nullptr)
            interval_at.member("endTime").fail("is missing");
        const auto ts = common::parse_utc(*end);
        if (!ts)
            interval_at.member("endTime").fail("is not an RFC 3339 time");
        double value = 0;
        switch (read_value(point, point_at, value)) {
        case point_value::not_numeric:
            // The whole series has one value type: drop what it gave so far.
            page.samples.resize(first);
            ++page.skipped_series;
            return;
        case point_value::not_finite:
            ++page.skipped_points;
            continue;
        case point_value::number:
            break;
        }
        inventory::metric_sample sample;
        sample.native_id = id;
        sample.metric = std::string(query.metric);
        sample.native_metric = std::string(query.metric_type);
        sample.ts = *ts - alignment;
        sample.value = value * query.scale;
        sample.unit = std::string(query.unit);
        page.samples.push_back(std::move(sample));
    }
}

void read_execution_errors(const boost::json::object& page_object, const location& root,
                           time_series_page& page) {
    const auto* errors = detail::optional_array(page_object, "executionErrors", root);
    if (errors == nullptr)
        return;
    const auto errors_at = root.member("executionErrors");
    for (std::size_t i = 0; i < errors->size(); ++i) {
        const auto error_at = errors_at.index(i);
        const auto& status = detail::object_at((*errors)[i], error_at);
        auto message = detail::string_or_empty(status, "message", error_at);
        page.execution_errors.push_back(message.empty() ? "an execution error" : message);
    }
}

} // namespace

const std::array<time_series_query, 5>& vm_metric_queries() {
    return queries;
}

time_series_page parse_time_series_page(std::string_view text, std::string_view url,
                                        const time_series_query& query,
                                        std::chrono::seconds alignment) {
    // The DOM in an arena sized by the text: a page holds up to 100,000 points.
    boost::json::monotonic_resource arena(text.size());
    boost::system::error_code ec;
    const auto document = boost::json::parse(text, ec, boost::json::storage_ptr(&arena));
    if (ec)
        throw page_error("malformed page from GET " + common::url_path(url) + ": not JSON (" +
                         ec.message() + ")");
    const location root(url);
    const auto& object = detail::object_at(document, root);
    time_series_page page;
    if (const auto* token = detail::optional_string(object, "nextPageToken", root);
        token != nullptr && !token->empty())
        page.next_page_token = std::string(*token);
    read_execution_errors(object, root, page);
    const auto* list = detail::optional_array(object, "timeSeries", root);
    if (list == nullptr)
        return page;
    const auto list_at = root.member("timeSeries");
    for (std::size_t i = 0; i < list->size(); ++i)
        read_series((*list)[i], list_at.index(i), query, alignment, page);
    return page;
}

} // namespace cloudsync::collectors::gcp
