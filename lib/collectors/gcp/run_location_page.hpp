// Parse of one page of Cloud Run's region list (`GET run v1
// projects/P/locations`, `{"locations": [{"name", "locationId", "displayName",
// "labels"}], "nextPageToken"}`, the plain Google list envelope of
// compute_page.hpp) into the location ids a services list is asked for. Cloud
// Run v2 has no list across regions ("-" is refused), so this is how the
// regions of a project are enumerated. Requests and paging are not here.
//
// The id is `locationId`: the real `name` has no "projects/" prefix
// ("P/locations/us-central1", fixtures/gcp/run/services.list.md), so it is not
// parsed. An id goes into a URL path, so it must look like a region.
#pragma once

#include "collectors/gcp/compute_page.hpp"

#include <string>
#include <string_view>

namespace cloudsync::collectors::gcp {

// Throws page_error (see parse_compute_page; `locations` that is not an array;
// a location that is not an object, without a locationId, or whose locationId
// is not a string of lower-case letters, digits and '-').
compute_page<std::string> parse_run_location_page(std::string_view text, std::string_view url);
// The same from a page already parsed with list key "locations".
compute_page<std::string> parse_run_location_page(const raw_compute_page& raw);

} // namespace cloudsync::collectors::gcp
