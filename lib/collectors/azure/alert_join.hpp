// The join of metric alert rules with the fired alerts of Alerts Management, for
// one subscription: a fired alert whose essentials.alertRule names a known rule
// (ARM ids compare case-insensitively) marks that rule firing; one whose rule is
// unknown (another kind of rule, a rule in another subscription, a log alert whose
// alertRule is a portal URL) becomes a row of its own.
#pragma once

#include "collectors/azure/alert_page.hpp"
#include "inventory/record.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cloudsync::collectors::azure {

// Holds the rules until every fired alert is applied. Memory: the rules of one
// subscription (Azure allows at most 5,000 metric alert rules per subscription;
// about 2-3 KB each with raw, i.e. at most ~15 MB) plus one lower-cased id per
// orphan alert row. Not thread-safe.
class alert_join {
public:
    // A rule already held (same id, any case) is ignored: pages that overlap
    // must not yield the same row twice.
    void add_rule(inventory::record rule);

    // Applies one alert. An alert whose monitorCondition is not "Fired" changes
    // nothing. A fired alert of a known rule sets its state to firing and
    // state_changed_at to the alert's startDateTime (lastModifiedDateTime when the
    // start is absent); with several fired alerts, the earliest, which is when the
    // rule began firing. Returns the alert's own row (native_id = alert id, state
    // firing, severity from essentials, target_ids = [targetResource], condition
    // {"alertRule": ...}) for a fired alert of an unknown rule, once per alert id.
    std::optional<inventory::record> apply(const fired_alert& alert);

    std::size_t rule_count() const noexcept { return rules_.size(); }

    // The rules, in the order added; the join is empty after.
    std::vector<inventory::record> take_rules();

private:
    std::vector<inventory::record> rules_;
    std::unordered_map<std::string, std::size_t> index_; // lower-case id -> rules_ position
    std::unordered_set<std::string> orphans_;            // lower-case ids of alert rows
};

} // namespace cloudsync::collectors::azure
