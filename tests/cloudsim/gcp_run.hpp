// Cloud Run routes of the sim, in Google's wire shapes: the v1 region list
// `GET /v1/projects/P/locations` ({"locations": [{"name": "P/locations/L"
// (no "projects/", as the real list has it), "locationId", "displayName"}]})
// and the v2 services list `GET /v2/projects/P/locations/L/services`
// ({"services": [GoogleCloudRunV2Service...]}, newest first, `services` absent
// when a region has none). Both page with pageSize (0 or absent: 1000, capped
// by the sim's page size) and the sim's opaque pageToken; nextPageToken is
// absent on the last page. A region Cloud Run does not list answers 404
// NOT_FOUND in Run's error shape. The bearer check, faults and routing are
// gcp_compute.cpp's (handle_gcp_request); a project with the Cloud Run API
// disabled answers 403 SERVICE_DISABLED there.
#pragma once

#include "cloudsim/gcp_compute.hpp"

#include <string_view>

namespace cloudsync::cloudsim {

reply run_locations_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                          boost::urls::url_view url);
reply run_services_reply(const gcp_config& config, const gcp_estate& estate, const gcp_project& p,
                         std::string_view location, boost::urls::url_view url);

} // namespace cloudsync::cloudsim
