#include "collectors/azure/alert_page.hpp"

#include "collectors/common/utc_time.hpp"
#include "core/json.hpp"

#include <boost/json/object.hpp>

namespace cloudsync::collectors::azure {

namespace {

std::string name_of(const boost::json::value& item, const std::string& id) {
    auto name = json::string_at(item, {"name"});
    return name && !name->empty() ? *name : common::last_segment(id);
}

inventory::record parse_rule(const boost::json::value& item, std::size_t index,
                             std::string_view url, std::string raw) {
    inventory::record rec;
    rec.native_id = std::string(item_id(item, index, url));
    rec.name = name_of(item, rec.native_id);
    rec.region = json::string_or_empty(item, {"location"});
    if (const auto* tags = json::find(item, {"tags"}); tags != nullptr && tags->is_object())
        rec.tags = json::to_text(*tags);
    rec.raw = std::move(raw);
    inventory::alert_columns columns;
    columns.state = inventory::alert_state::ok;
    columns.severity = alert_severity(json::find(item, {"properties", "severity"}));
    columns.enabled = json::bool_at(item, {"properties", "enabled"});
    if (const auto* scopes = json::find(item, {"properties", "scopes"});
        scopes != nullptr && scopes->is_array())
        for (const auto& scope : scopes->get_array())
            if (scope.is_string() && !scope.get_string().empty())
                columns.target_ids.emplace_back(scope.get_string());
    if (const auto* criteria = json::find(item, {"properties", "criteria"}); criteria != nullptr)
        columns.condition = json::to_text(*criteria);
    rec.columns = std::move(columns);
    return rec;
}

std::optional<std::chrono::system_clock::time_point> time_at(const boost::json::value& essentials,
                                                             std::string_view key,
                                                             std::size_t index,
                                                             std::string_view url) {
    const auto text = json::string_at(essentials, {key});
    if (!text)
        return std::nullopt;
    auto parsed = common::parse_utc(*text);
    if (!parsed)
        throw page_error("malformed page from GET " + url_path(url) + ": item " +
                         std::to_string(index) + ": " + std::string(key) + " \"" + *text +
                         "\" is not an ISO 8601 UTC time");
    return parsed;
}

fired_alert parse_alert(const boost::json::value& item, std::size_t index, std::string_view url,
                        std::string raw) {
    fired_alert alert;
    alert.id = std::string(item_id(item, index, url));
    alert.name = name_of(item, alert.id);
    static const boost::json::value empty_object = boost::json::object();
    const auto* found = json::find(item, {"properties", "essentials"});
    const auto& essentials = found != nullptr ? *found : empty_object;
    alert.rule_id = json::string_or_empty(essentials, {"alertRule"});
    alert.severity = alert_severity(json::find(essentials, {"severity"}));
    alert.monitor_condition = json::string_or_empty(essentials, {"monitorCondition"});
    alert.target_resource = json::string_or_empty(essentials, {"targetResource"});
    alert.started_at = time_at(essentials, "startDateTime", index, url);
    alert.last_modified_at = time_at(essentials, "lastModifiedDateTime", index, url);
    alert.raw = std::move(raw);
    return alert;
}

} // namespace

std::string alert_severity(const boost::json::value* severity) {
    if (severity == nullptr)
        return {};
    if (severity->is_int64())
        return "Sev" + std::to_string(severity->get_int64());
    if (severity->is_uint64())
        return "Sev" + std::to_string(severity->get_uint64());
    if (severity->is_string())
        return std::string(severity->get_string());
    return {};
}

arm_page<inventory::record> parse_metric_alert_page(std::string_view text, std::string_view url) {
    return parse_metric_alert_page(parse_raw_page(text, url), url);
}

arm_page<inventory::record> parse_metric_alert_page(const raw_page& raw, std::string_view url) {
    return build_page<inventory::record>(
        raw, [url](const boost::json::value& item, std::size_t i, std::string text) {
            return parse_rule(item, i, url, std::move(text));
        });
}

arm_page<fired_alert> parse_fired_alert_page(std::string_view text, std::string_view url) {
    return parse_fired_alert_page(parse_raw_page(text, url), url);
}

arm_page<fired_alert> parse_fired_alert_page(const raw_page& raw, std::string_view url) {
    return build_page<fired_alert>(
        raw, [url](const boost::json::value& item, std::size_t i, std::string text) {
            return parse_alert(item, i, url, std::move(text));
        });
}

} // namespace cloudsync::collectors::azure
