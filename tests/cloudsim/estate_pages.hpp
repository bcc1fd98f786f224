// Renders ARM list pages of the estate kinds straight to JSON text, in the
// shapes of the official examples (shared/fixtures/azure): storageAccounts,
// blobServices/default/containers, virtualNetworks (subnets embedded),
// containerGroups, metricAlerts and AlertsManagement alerts. Keys outside an
// example are only those the issue needs and the REST spec defines (storage
// publicNetworkAccess/minimumTlsVersion/allowBlobPublicAccess, container
// group restartPolicy, metric alert name); estate_test.cpp lists them.
// Routing and auth live in arm.hpp.
#pragma once

#include "cloudsim/inventory.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudsync::cloudsim {

// One page of an estate kind for subscription s from index `start` (removed
// items are skipped). When more follow, "nextLink": next_link_prefix + <next index>.
std::string render_estate_page(const inventory& inv, estate_kind kind, std::uint32_t s,
                               std::uint64_t start, std::size_t page_size,
                               std::string_view next_link_prefix);

// Blob containers of a storage account: containers_per_storage_account, one
// more while the account's revision is odd.
std::uint64_t blob_container_count(const inventory& inv, const estate_item& account);
std::string render_blob_containers_page(const inventory& inv, const estate_item& account,
                                        std::uint64_t start, std::size_t page_size,
                                        std::string_view next_link_prefix);

// The metric alert rule a fired alert refers to: the rule's index, or (for
// every third alert, i % 3 == 2) an index past the rule space, i.e. a rule
// that does not exist. Also used by tests.
std::uint64_t fired_alert_rule_index(const inventory& inv, const estate_item& alert);
// Number of subnets of a virtual network (0-2, plus one while the revision is odd).
std::uint64_t subnet_count(const estate_item& network);

} // namespace cloudsync::cloudsim
