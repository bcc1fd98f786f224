// Parse of one page of ContainerGroups_List (Container Instances) into
// `containers` records with container_columns:
//   state: instanceView.state when present (the List call usually omits the
//     instance view; Get returns it), else provisioningState; normalized by
//     normalize_container_state(). The native word stays in raw.
//   images: properties.containers[].properties.image, in order (init
//     containers are not included; they stay in raw).
// IP address, OS type and restart policy stay in raw: the containers table has
// no columns for them (DESIGN.md).
#pragma once

#include "collectors/azure/arm_page.hpp"
#include "inventory/record.hpp"

#include <string>
#include <string_view>

namespace cloudsync::collectors::azure {

// Throws page_error (see parse_raw_page; an item without "id").
arm_page<inventory::record> parse_container_group_page(std::string_view text, std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<inventory::record> parse_container_group_page(const raw_page& raw, std::string_view url);

// Case-insensitive. running; stopped (Stopped, Terminated); pending (Pending,
// Accepted, Creating, Updating, Repairing, Waiting, Starting, Restarting);
// succeeded; failed (Failed, Canceled, Cancelled, Unhealthy); deleting; else
// unknown (also for "").
std::string normalize_container_state(std::string_view native);

} // namespace cloudsync::collectors::azure
