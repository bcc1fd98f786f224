#include "collectors/azure/alert_join.hpp"

#include "core/text.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

namespace cloudsync::collectors::azure {

namespace {

std::optional<std::chrono::system_clock::time_point> changed_at(const fired_alert& alert) {
    return alert.started_at ? alert.started_at : alert.last_modified_at;
}

inventory::record orphan_row(const fired_alert& alert) {
    inventory::record rec;
    rec.native_id = alert.id;
    rec.name = alert.name;
    rec.raw = alert.raw;
    inventory::alert_columns columns;
    columns.state = inventory::alert_state::firing;
    columns.severity = alert.severity;
    if (!alert.target_resource.empty())
        columns.target_ids.push_back(alert.target_resource);
    boost::json::object condition;
    condition["alertRule"] = alert.rule_id;
    columns.condition = boost::json::serialize(condition);
    columns.state_changed_at = changed_at(alert);
    rec.columns = std::move(columns);
    return rec;
}

} // namespace

void alert_join::add_rule(inventory::record rule) {
    auto key = to_lower(rule.native_id);
    if (index_.count(key) != 0)
        return;
    index_.emplace(std::move(key), rules_.size());
    rules_.push_back(std::move(rule));
}

std::optional<inventory::record> alert_join::apply(const fired_alert& alert) {
    if (!iequals(alert.monitor_condition, "Fired"))
        return std::nullopt;
    if (const auto it = index_.find(to_lower(alert.rule_id)); it != index_.end()) {
        auto& columns = std::get<inventory::alert_columns>(rules_[it->second].columns);
        const auto when = changed_at(alert);
        if (columns.state != inventory::alert_state::firing || !columns.state_changed_at ||
            (when && *when < *columns.state_changed_at))
            columns.state_changed_at = when;
        columns.state = inventory::alert_state::firing;
        return std::nullopt;
    }
    if (!orphans_.insert(to_lower(alert.id)).second)
        return std::nullopt;
    return orphan_row(alert);
}

std::vector<inventory::record> alert_join::take_rules() {
    index_.clear();
    orphans_.clear();
    return std::exchange(rules_, {});
}

} // namespace cloudsync::collectors::azure
