// Google Cloud routes of the sim, in Google's wire shapes: Compute Engine v1
// (GET /compute/v1/projects/P/aggregated/instances, .../global/networks,
// .../aggregated/subnetworks) and Resource Manager v3 projects:search
// (GET /v3/projects:search), and the routing of Cloud Storage's bucket list
// (GET /storage/v1/b?project=P, rendered by gcp_storage.hpp) and of Cloud
// Run's lists (GET /v1/projects/P/locations, GET
// /v2/projects/P/locations/L/services, rendered by gcp_run.hpp) and of Cloud
// Monitoring (GET /v3/projects/P/alertPolicies and /timeSeries, gcp_monitoring.hpp
// and gcp_time_series.hpp). Every route
// needs a bearer token from the token store (Google's token endpoint or the
// GCE metadata server issue them). Paging: maxResults (0..500, default 500,
// capped by the sim's page size) and an opaque pageToken; an aggregated page
// lists every scope of the project, with NO_RESULTS_ON_PAGE warnings where it
// has nothing on that page. A project's unreachable zones are answered as
// Google's partial success does (a scope warning UNREACHABLE and
// `unreachables`) when returnPartialSuccess is true, else the list fails with
// 503. A project with the Compute API disabled answers 403 SERVICE_DISABLED.
// Errors use the error envelope of errors.md: {"error":{"code","message",
// "errors":[{reason,domain}],"status","details":[ErrorInfo]}}.
#pragma once

#include "cloudsim/entra.hpp"
#include "cloudsim/gcp_estate.hpp"
#include "cloudsim/reply.hpp"
#include "cloudsim/stats.hpp"

#include <boost/url/url_view.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

struct gcp_config {
    std::size_t page_size = 500; // items per page at most, whatever maxResults says
};

// The stats route name of a Google API path: gcpInstances, gcpNetworks,
// gcpSubnetworks, gcpProjects, gcpBuckets, gcpRunLocations, gcpRunServices,
// gcpAlertPolicies, gcpTimeSeries, or nullopt when the path is not one of them.
std::optional<std::string_view> gcp_route(boost::urls::url_view url);

reply handle_gcp_request(const gcp_config& config, const gcp_estate& estate,
                         const token_store& tokens, stats& counters, const http_request& request,
                         boost::urls::url_view url);

// {"error":{"code":status,"message":..,"errors":[{"message","domain","reason"}],"status":..}}
reply google_error(unsigned status, std::string_view rpc_status, std::string_view reason,
                   std::string_view message);
// The faults in Google's shapes: 429 RESOURCE_EXHAUSTED with Retry-After and an
// ErrorInfo RATE_LIMIT_EXCEEDED; 5xx INTERNAL / UNAVAILABLE (503 with Retry-After);
// 403 PERMISSION_DENIED.
reply google_throttled(std::chrono::seconds retry_after);
reply google_server_error(unsigned status, std::chrono::seconds retry_after);
reply google_forbidden();
// 403 with the legacy reason rateLimitExceeded: how Compute answers a per-user
// rate limit (a throttle, not a denial).
reply google_rate_limited_403();

} // namespace cloudsync::cloudsim
