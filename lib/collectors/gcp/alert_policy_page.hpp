// Parse of one page of Cloud Monitoring alert policies (`GET
// v3/projects/P/alertPolicies`, `{"alertPolicies": [AlertPolicy...],
// "nextPageToken", "totalSize"}`, the envelope of a plain Compute list with the
// array named after the resource, compute_page.hpp) into `alerts` records.
// Requests and paging are not here.
//
// A record:
// - native_id: the policy's full resource name, monitoring_name_prefix + its
//   `name` ("//monitoring.googleapis.com/projects/P/alertPolicies/ID"), the
//   form the other GCP kinds use (resource_name.hpp). The project segment is
//   kept as Monitoring spells it.
// - name: `displayName`; when absent or empty, the policy id (the last segment
//   of `name`), so a row is never nameless.
// - region: "global" (alert policies belong to a project, not a location);
//   tags: `userLabels` (string values); raw: the policy as listed.
// - enabled: `enabled`; absent stays unknown (null): the API says clients
//   "should not make any assumption about the state if it has not been
//   populated".
// - severity: `severity` as sent (CRITICAL, ERROR, WARNING); "" when absent or
//   SEVERITY_UNSPECIFIED (the enum's "not set").
// - condition: the `conditions` array as JSON text ("[]" when absent).
// - target_ids: always empty. No AlertPolicy field names resources: conditions
//   select time series by filter, and which resources match is only known when
//   the filter is evaluated.
// - state: unknown, state_changed_at unset. Whether a policy has open incidents
//   is not in the AlertPolicy, and Cloud Monitoring has no public API that
//   lists incidents, so "firing" and "ok" cannot be told apart.
#pragma once

#include "collectors/gcp/compute_page.hpp"
#include "inventory/record.hpp"

#include <string_view>

namespace cloudsync::collectors::gcp {

// The page's array: compute_list and parse_compute_page take it as list_key.
inline constexpr std::string_view alert_policy_list_key = "alertPolicies";

// Throws page_error naming the URL path and the place (see parse_compute_page;
// `alertPolicies` that is not an array; a policy that is not an object, whose
// name is absent or not "projects/P/alertPolicies/ID", or with a member of
// the wrong type among name, displayName, enabled (boolean), severity,
// userLabels (object of strings) and conditions (array)).
compute_page<inventory::record> parse_alert_policy_page(std::string_view text,
                                                        std::string_view url);
// The same from a page already parsed with parse_compute_page(..., alert_policy_list_key).
compute_page<inventory::record> parse_alert_policy_page(const raw_compute_page& raw);

} // namespace cloudsync::collectors::gcp
