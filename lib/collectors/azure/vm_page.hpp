// Parse of one page of VirtualMachines_ListAll (`statusOnly=true` adds each VM's
// instance view) into inventory records, and the normalization of VM power states
// and OS names. The NIC/public-IP join is address_index's; this file only lists the
// NIC ids a VM refers to.
#pragma once

#include "collectors/azure/arm_page.hpp"
#include "inventory/record.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

struct vm_item {
    inventory::record record;         // columns hold vm_columns; IPs are empty until joined
    std::vector<std::string> nic_ids; // properties.networkProfile.networkInterfaces[].id
};

// Throws page_error (see parse_raw_page; an item without "id").
arm_page<vm_item> parse_vm_page(std::string_view text, std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early), whole or keeping vm_page_fields().
arm_page<vm_item> parse_vm_page(const raw_page& raw, std::string_view url);

// What parse_vm_page reads of a page (parse_raw_page's `fields`). A field the
// parser starts to read must be added here, or it reads as absent: KeptPages.*
// and the azure_vm_page fuzz target compare the kept parse with the whole one.
const json::keep& vm_page_fields();

// The suffix of the first `PowerState/...` code in instance_view.statuses[]
// ("running", "deallocated" ...), or "" when there is none.
std::string power_state_code(const boost::json::value& instance_view);

// running, stopped, deallocated, starting, stopping (also deallocating), else
// unknown. Case-insensitive.
inventory::vm_state normalize_power_state(std::string_view code);

// "linux" / "windows" from storageProfile.osDisk.osType, else from which of
// osProfile.linuxConfiguration / windowsConfiguration is present, else "".
std::string vm_os(const boost::json::value& properties);

} // namespace cloudsync::collectors::azure
