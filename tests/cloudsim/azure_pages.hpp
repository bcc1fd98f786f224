// Renders ARM list pages of the generated inventory straight to JSON text, in
// the shapes of the official examples (shared/fixtures/azure): subscriptions,
// virtualMachines (optionally with instanceView.statuses), networkInterfaces
// and publicIPAddresses. Routing, auth and paging parameters live in arm.hpp.
#pragma once

#include "cloudsim/inventory.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

enum class arm_list { virtual_machines, network_interfaces, public_ip_addresses };

// One page of `list` for subscription s, starting at index `start` (removed
// VMs and VMs without a public IP are skipped as the list requires). When more
// items follow, the body carries "nextLink": next_link_prefix + <next index>.
std::string render_list_page(const inventory& inv, arm_list list, std::uint32_t s,
                             std::uint64_t start, std::size_t page_size, bool status_only,
                             std::string_view next_link_prefix);

// One page of the subscriptions list, same paging convention.
std::string render_subscriptions_page(const inventory& inv, std::uint64_t start,
                                      std::size_t page_size, std::string_view next_link_prefix);

// Single objects, appended to out (used by the pages and by tests).
void render_subscription(std::string& out, const inventory& inv, std::uint32_t s);
void render_vm(std::string& out, const inventory& inv, const vm_view& vm, bool status_only);
void render_nic(std::string& out, const inventory& inv, const vm_view& vm);
void render_public_ip(std::string& out, const inventory& inv, const vm_view& vm);

} // namespace cloudsync::cloudsim
