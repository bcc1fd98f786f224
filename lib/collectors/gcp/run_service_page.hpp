// Parse of one page of Cloud Run services (`GET run v2
// projects/P/locations/L/services`, `{"services": [Service...],
// "nextPageToken"}`, the plain Google list envelope of compute_page.hpp, an
// empty list without `services`) into `containers` records. Requests and
// paging are not here.
//
// A record:
// - native_id: the service's full resource name, run_name_prefix + `name`
//   ("//run.googleapis.com/projects/P/locations/L/services/S",
//   resource_name.hpp); name: S; region: L; tags: `labels`; raw: the service
//   as listed.
// - state: terminalCondition.state normalized by normalize_run_state() into
//   the vocabulary Azure's container groups use (container_group_page.hpp).
//   The terminal condition is the service's overall readiness (type "Ready");
//   `reconciling`, `conditions[]` and the condition's reason stay in raw.
// - images: template.containers[].image in order (the revision template the
//   service is asked to run; a container without an image is left out, raw
//   keeps it).
#pragma once

#include "collectors/gcp/compute_page.hpp"
#include "inventory/record.hpp"

#include <string>
#include <string_view>

namespace cloudsync::collectors::gcp {

// Throws page_error (see parse_compute_page; `services` that is not an array;
// a service that is not an object, without a name of the shape
// projects/P/locations/L/services/S, or with a member of the wrong type among
// labels (object of strings), terminalCondition{state}, template{containers
// (array of objects with a string image)}).
compute_page<inventory::record> parse_run_service_page(std::string_view text, std::string_view url);
// The same from a page already parsed with list key "services".
compute_page<inventory::record> parse_run_service_page(const raw_compute_page& raw);

// A Condition.state of Cloud Run v2: CONDITION_SUCCEEDED -> running (ready to
// serve), CONDITION_FAILED -> failed, CONDITION_PENDING and
// CONDITION_RECONCILING -> pending, anything else (STATE_UNSPECIFIED, "",
// a value added later) -> unknown.
std::string normalize_run_state(std::string_view condition_state);

} // namespace cloudsync::collectors::gcp
