#include "collectors/azure/metric_page.hpp"

#include "collectors/azure/arm_page.hpp"
#include "collectors/common/utc_time.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <boost/json/parse.hpp>

namespace cloudsync::collectors::azure {

namespace {

[[noreturn]] void malformed(std::string_view url, const std::string& what) {
    throw page_error("malformed metrics response from " + url_path(url) + ": " + what);
}

boost::json::value parse_document(std::string_view text, std::string_view url) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(text, ec);
    if (ec)
        malformed(url, "not JSON (" + ec.message() + ")");
    if (!doc.is_object())
        malformed(url, "not a JSON object");
    return doc;
}

const boost::json::array& array_member(const boost::json::value& object, std::string_view key,
                                       const std::string& where, std::string_view url) {
    const auto* found = object.as_object().if_contains(key);
    if (found == nullptr || !found->is_array())
        malformed(url, where + " has no \"" + std::string(key) + "\" array");
    return found->get_array();
}

std::optional<double> aggregate(const boost::json::object& point, std::string_view key,
                                const std::string& where, std::string_view url) {
    const auto* value = point.if_contains(key);
    if (value == nullptr || value->is_null())
        return std::nullopt;
    if (value->is_double())
        return value->get_double();
    if (value->is_int64())
        return static_cast<double>(value->get_int64());
    if (value->is_uint64())
        return static_cast<double>(value->get_uint64());
    malformed(url, where + ": \"" + std::string(key) + "\" is not a number");
}

metric_point parse_point(const boost::json::value& value, const std::string& where,
                         std::string_view url) {
    const auto* point = value.if_object();
    if (point == nullptr)
        malformed(url, where + " is not an object");
    const auto* stamp = point->if_contains("timeStamp");
    if (stamp == nullptr || !stamp->is_string())
        malformed(url, where + " has no \"timeStamp\"");
    const auto ts = common::parse_utc(stamp->get_string());
    if (!ts)
        malformed(url, where + ": bad timeStamp \"" + std::string(stamp->get_string()) + "\"");
    return {*ts,
            aggregate(*point, "average", where, url),
            aggregate(*point, "total", where, url),
            aggregate(*point, "minimum", where, url),
            aggregate(*point, "maximum", where, url),
            aggregate(*point, "count", where, url)};
}

metric_series parse_series(const boost::json::value& value, const std::string& where,
                           std::string_view url) {
    if (!value.is_object())
        malformed(url, where + " is not an object");
    metric_series series;
    if (const auto* dims = json::find(value, {"metadatavalues"}); dims != nullptr) {
        if (!dims->is_array())
            malformed(url, where + ": \"metadatavalues\" is not an array");
        for (const auto& dim : dims->get_array())
            series.dimensions.emplace_back(json::string_or_empty(dim, {"name", "value"}),
                                           json::string_or_empty(dim, {"value"}));
    }
    if (json::find(value, {"data"}) == nullptr)
        return series; // a series without data points
    const auto& data = array_member(value, "data", where, url);
    series.points.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i)
        series.points.push_back(parse_point(data[i], where + " point " + std::to_string(i), url));
    return series;
}

resource_metrics parse_resource(const boost::json::value& entry, const std::string& where,
                                std::string_view url) {
    resource_metrics out;
    out.region = json::string_or_empty(entry, {"resourceregion"});
    const auto& metrics = array_member(entry, "value", where, url);
    out.metrics.reserve(metrics.size());
    for (std::size_t i = 0; i < metrics.size(); ++i)
        out.metrics.push_back(parse_metric(metrics[i], i, url));
    return out;
}

} // namespace

metric_result parse_metric(const boost::json::value& metric, std::size_t index,
                           std::string_view url) {
    const std::string where = "metric " + std::to_string(index);
    if (!metric.is_object())
        malformed(url, where + " is not an object");
    metric_result out;
    auto name = json::string_at(metric, {"name", "value"});
    if (!name || name->empty())
        malformed(url, where + " has no name.value");
    out.name = std::move(*name);
    out.unit = json::string_or_empty(metric, {"unit"});
    out.error_code = json::string_at(metric, {"errorCode"}).value_or("Success");
    out.error_message = json::string_or_empty(metric, {"errorMessage"});
    if (json::find(metric, {"timeseries"}) == nullptr)
        return out;
    const auto& series = array_member(metric, "timeseries", where + " (" + out.name + ")", url);
    out.series.reserve(series.size());
    for (std::size_t i = 0; i < series.size(); ++i)
        out.series.push_back(parse_series(
            series[i], where + " (" + out.name + ") series " + std::to_string(i), url));
    return out;
}

std::vector<resource_metrics> parse_metric_batch(std::string_view text, std::string_view url) {
    const auto doc = parse_document(text, url);
    const auto& values = array_member(doc, "values", "the response", url);
    std::vector<resource_metrics> out;
    out.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string where = "values[" + std::to_string(i) + "]";
        if (!values[i].is_object())
            malformed(url, where + " is not an object");
        auto id = json::string_at(values[i], {"resourceid"});
        if (!id || id->empty())
            malformed(url, where + " has no \"resourceid\"");
        out.push_back(parse_resource(values[i], where, url));
        out.back().resource_id = std::move(*id);
    }
    return out;
}

resource_metrics parse_metric_list(std::string_view text, std::string_view url) {
    const auto doc = parse_document(text, url);
    auto out = parse_resource(doc, "the response", url);
    const auto& metrics = doc.at("value").get_array();
    if (!metrics.empty()) {
        const auto id = json::string_or_empty(metrics[0], {"id"});
        const auto lower = to_lower(id);
        constexpr std::string_view suffix = "/providers/microsoft.insights/metrics/";
        const auto at = lower.rfind(suffix);
        out.resource_id = at == std::string::npos ? std::string() : id.substr(0, at);
    }
    return out;
}

} // namespace cloudsync::collectors::azure
