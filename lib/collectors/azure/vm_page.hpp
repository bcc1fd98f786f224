// Parse of one page of VirtualMachines_ListAll (`statusOnly=true` adds each VM's
// instance view) into inventory records, and the normalization of VM power states
// and OS names. The NIC/public-IP join is address_index's; this file only lists the
// NIC ids a VM refers to.
#pragma once

#include "collectors/azure/address_index.hpp"
#include "collectors/azure/arm_page.hpp"
#include "inventory/content_check.hpp"
#include "inventory/record.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
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

// The version of what this file and address_index derive a VM record from
// its page text and its NICs' addresses: part of every VM's content key, so
// raise it whenever the same inputs would give another record (a column read
// or normalized differently). VmPages.TheDerivationIsPinned pins the record
// one VM gives; when it fails, update it and raise this.
inline constexpr std::uint64_t vm_derivation = 1;

// One page's VMs, each checked before it is built: the records to write (with
// their addresses joined and, given a check, their content keys) and the keys
// of those the run's table holds unchanged. Only after index.seal(); check
// may be null (every VM is then built, without a key). Throws page_error like
// parse_vm_page.
struct vm_page_records {
    std::vector<inventory::record> records;
    std::vector<inventory::content_key> unchanged;
};
vm_page_records build_vm_records(const raw_page& raw, std::string_view url,
                                 const address_index& index, const inventory::content_check* check);

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
