// Cloud Monitoring v3 routes of the sim, in Google's wire shape, under
// /v3/projects/P/: the alert policy list `GET /v3/projects/P/alertPolicies
// [?pageSize=N][&pageToken=T]` ({"alertPolicies": [AlertPolicy...],
// "nextPageToken", "totalSize"}, shaped like the recorded Config Connector
// golden list: threshold conditions, creation and mutation records, user
// labels; `alertPolicies` and `totalSize` absent when the project has none,
// nextPageToken absent on the last page). pageSize: Monitoring documents no
// maximum, so any value is accepted and pages are capped by the sim's page
// size (which is also the default), as a service coerces a large page size.
// filter and orderBy are refused with 400: the sim does not evaluate them.
// The bearer check, faults and project lookup are gcp_compute.cpp's
// (handle_gcp_request); a project with Monitoring disabled answers 403
// SERVICE_DISABLED here, on every Monitoring route. Other Monitoring
// collections (timeSeries) belong beside alertPolicies in this file.
#pragma once

#include "cloudsim/gcp_compute.hpp"

#include <optional>
#include <string_view>

namespace cloudsync::cloudsim {

// The stats route name of the Monitoring collection under /v3/projects/P/
// ("alertPolicies" -> "gcpAlertPolicies"), or nullopt when it is not one.
std::optional<std::string_view> monitoring_route(std::string_view collection);

// The answer of Monitoring route `route` (a monitoring_route() name) for p.
reply monitoring_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                       std::string_view route, boost::urls::url_view url);

} // namespace cloudsync::cloudsim
