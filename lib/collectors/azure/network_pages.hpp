// Parse of one page of the two Microsoft.Network lists the VM collector joins:
// NetworkInterfaces_ListAll and PublicIPAddresses_ListAll. Only what the join needs
// is kept (ids and addresses), so a page's typed form is small.
#pragma once

#include "collectors/azure/arm_page.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

struct ip_configuration {
    std::string private_ip;   // properties.privateIPAddress, "" when absent
    std::string public_ip_id; // properties.publicIPAddress.id, "" when none
};

struct network_interface {
    std::string id;
    std::vector<ip_configuration> ip_configurations;
};

struct public_ip {
    std::string id;
    std::string ip_address; // "" while a dynamic address is not allocated
};

arm_page<network_interface> parse_network_interface_page(std::string_view text,
                                                         std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<network_interface> parse_network_interface_page(const raw_page& raw, std::string_view url);
arm_page<public_ip> parse_public_ip_page(std::string_view text, std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<public_ip> parse_public_ip_page(const raw_page& raw, std::string_view url);

// What each parser reads of a page (parse_raw_page's `fields`). A field a parser
// starts to read must be added here, or it reads as absent: KeptPages.* and the
// azure_network_pages fuzz target compare the kept parse with the whole one.
const json::keep& network_interface_page_fields();
const json::keep& public_ip_page_fields();

} // namespace cloudsync::collectors::azure
