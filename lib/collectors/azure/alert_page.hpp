// Parse of the two lists the alerts collector reads: metric alert rules
// (MetricAlerts_ListBySubscription, api-version 2018-03-01 or 2026-06-01, the
// same shape) into inventory records, and fired alerts from Alerts Management
// (Alerts_GetAll, 2019-03-01) into fired_alert values. Joining the two is
// alert_join.hpp's.
#pragma once

#include "collectors/azure/arm_page.hpp"
#include "inventory/record.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::collectors::azure {

// One rule as a record: native_id = id, name = name or else the id's last segment,
// region = location ("global"), tags, raw, and alert_columns{state ok, severity
// "Sev<n>" from the integer properties.severity (the form Alerts Management
// uses, so rules and fired alerts read alike; "" when absent), enabled, target_ids
// = properties.scopes, condition = properties.criteria as JSON text ("{}" when
// absent)}. Throws page_error (see parse_raw_page; an item without "id").
arm_page<inventory::record> parse_metric_alert_page(std::string_view text, std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<inventory::record> parse_metric_alert_page(const raw_page& raw, std::string_view url);

// The essentials of one alert of Alerts Management.
struct fired_alert {
    std::string id;                // ARM id of the alert
    std::string name;              // name, or the id's last segment
    std::string rule_id;           // essentials.alertRule (an ARM id, or a URL for some log alerts)
    std::string severity;          // essentials.severity ("Sev0".."Sev4")
    std::string monitor_condition; // essentials.monitorCondition ("Fired", "Resolved")
    std::string target_resource;   // essentials.targetResource
    std::optional<std::chrono::system_clock::time_point> started_at;       // startDateTime
    std::optional<std::chrono::system_clock::time_point> last_modified_at; // lastModifiedDateTime
    std::string raw; // the alert as the API returned it (compact JSON)
};

// Throws page_error (see parse_raw_page; an item without "id"; a startDateTime or
// lastModifiedDateTime that is not an ISO 8601 UTC time).
arm_page<fired_alert> parse_fired_alert_page(std::string_view text, std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<fired_alert> parse_fired_alert_page(const raw_page& raw, std::string_view url);

// "Sev<n>" for an integer severity, the text itself for a string one, "" otherwise.
std::string alert_severity(const boost::json::value* severity);

} // namespace cloudsync::collectors::azure
