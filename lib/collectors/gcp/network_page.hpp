// Parse of one page of `compute/v1 projects/P/global/networks` into `networks`
// records: native_id the network's full resource name
// (//compute.googleapis.com/projects/P/global/networks/N, resource_name.hpp),
// name, region "global" (a VPC network spans every region), tags "{}"
// (networks carry no labels), raw the network as listed. cidrs holds only a
// legacy network's IPv4Range here: a VPC network's ranges are its subnets',
// added by network_join.hpp once the subnetworks are listed.
#pragma once

#include "collectors/gcp/compute_page.hpp"
#include "inventory/record.hpp"

#include <string_view>

namespace cloudsync::collectors::gcp {

// Throws page_error (see parse_compute_page; a network that is not an object,
// without a selfLink of the shape projects/P/global/networks/N, or with id,
// name or IPv4Range not a string).
compute_page<inventory::record> parse_network_page(std::string_view text, std::string_view url);
// The same from a page already parsed with item key "networks".
compute_page<inventory::record> parse_network_page(const raw_compute_page& raw);

} // namespace cloudsync::collectors::gcp
