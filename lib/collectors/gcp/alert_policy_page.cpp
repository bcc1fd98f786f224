#include "collectors/gcp/alert_policy_page.hpp"

#include "collectors/gcp/resource_name.hpp"
#include "core/json.hpp"

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

std::string severity_of(const boost::json::object& policy, const location& at) {
    auto severity = detail::string_or_empty(policy, "severity", at);
    return severity == "SEVERITY_UNSPECIFIED" ? std::string() : severity;
}

std::string conditions_of(const boost::json::object& policy, const location& at) {
    const auto* conditions = detail::optional_array(policy, "conditions", at);
    return conditions == nullptr ? "[]" : json::to_text(*conditions);
}

inventory::record parse_policy(const boost::json::value& item, const location& at) {
    const auto& policy = detail::object_at(item, at);
    const auto name = detail::string_or_empty(policy, "name", at);
    if (name.empty())
        at.fail("has no name");
    auto id = full_resource_name(monitoring_name_prefix, name, "projects/*/alertPolicies/*");
    if (!id)
        at.member("name").fail("is not projects/P/alertPolicies/ID");
    inventory::record rec;
    rec.native_id = std::move(*id);
    rec.name = detail::string_or_empty(policy, "displayName", at);
    if (rec.name.empty())
        rec.name = name.substr(name.rfind('/') + 1);
    rec.region = "global";
    rec.tags = detail::labels_of(policy, at, "userLabels");
    inventory::alert_columns columns;
    columns.state = inventory::alert_state::unknown;
    columns.enabled = detail::optional_bool(policy, "enabled", at);
    columns.severity = severity_of(policy, at);
    columns.condition = conditions_of(policy, at);
    rec.columns = std::move(columns);
    rec.raw = json::to_text(item);
    return rec;
}

} // namespace

compute_page<inventory::record> parse_alert_policy_page(std::string_view text,
                                                        std::string_view url) {
    return parse_alert_policy_page(parse_compute_page(text, url, {}, alert_policy_list_key));
}

compute_page<inventory::record> parse_alert_policy_page(const raw_compute_page& raw) {
    compute_page<inventory::record> page{raw, {}};
    page.items.reserve(raw.item_count());
    raw.for_each_item(
        [&page](std::string_view, const boost::json::value& item, const location& at) {
            page.items.push_back(parse_policy(item, at));
        });
    return page;
}

} // namespace cloudsync::collectors::gcp
