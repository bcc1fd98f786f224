// Parse of one page of VirtualNetworks_ListAll into a `networks` record per
// virtual network (network_columns: cidrs = addressSpace.addressPrefixes) and a
// `subnets` record per properties.subnets[] item (subnet_columns: network_id =
// the vnet's id, cidr = addressPrefix, else the first of addressPrefixes). A
// subnet's native_id is its own ARM id, its region its network's location, its
// tags "{}" (subnets have none) and its raw the subnet object as listed.
#pragma once

#include "collectors/azure/arm_page.hpp"
#include "inventory/record.hpp"

#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

struct virtual_network_item {
    inventory::record network;              // network_columns
    std::vector<inventory::record> subnets; // subnet_columns
};

// Throws page_error (see parse_raw_page; a network or subnet without "id").
arm_page<virtual_network_item> parse_virtual_network_page(std::string_view text,
                                                          std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<virtual_network_item> parse_virtual_network_page(const raw_page& raw, std::string_view url);

} // namespace cloudsync::collectors::azure
