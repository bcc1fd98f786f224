// Parse of one page of `compute/v1 projects/P/aggregated/subnetworks` (or a
// regional `regions/R/subnetworks` list) into `subnets` records: native_id the
// subnetwork's full resource name (//compute.googleapis.com/projects/P/
// regions/R/subnetworks/S), name, region R, tags "{}" (subnetworks carry no
// labels), raw the subnetwork as listed (its secondaryIpRanges and IPv6 ranges
// stay there), cidr = ipCidrRange, and network_id = the full resource name of
// its `network` URL: the native_id of that network's row (network_page.hpp),
// so subnets JOIN networks on network_id = native_id.
#pragma once

#include "collectors/gcp/compute_page.hpp"
#include "inventory/record.hpp"

#include <string_view>

namespace cloudsync::collectors::gcp {

// Throws page_error (see parse_compute_page; a subnetwork that is not an
// object, without a selfLink of the shape projects/P/regions/R/subnetworks/S,
// in another region than its scope, without a network link of the shape
// projects/P/global/networks/N, or with id, name or ipCidrRange not a string).
compute_page<inventory::record> parse_subnetwork_page(std::string_view text, std::string_view url);
// The same from a page already parsed with item key "subnetworks".
compute_page<inventory::record> parse_subnetwork_page(const raw_compute_page& raw);

} // namespace cloudsync::collectors::gcp
