// The generated Azure inventory: subscriptions, and per subscription VMs with
// one NIC each and a public IP for about half of them, plus the smaller
// "estate" kinds (storage accounts, virtual networks, container groups,
// metric alert rules, fired alerts). Nothing per resource is stored: each is
// computed from (seed, subscription, index) plus the list of mutation
// generations applied since, so 1,000,000 VMs cost a few bytes.
// Rendering to JSON lives in azure_pages.hpp / estate_pages.hpp, not here.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cloudsync::cloudsim {

struct inventory_options {
    std::uint64_t seed = 1;
    std::uint32_t subscriptions = 1;
    std::uint64_t vms_per_subscription = 100;
    std::vector<std::string> regions = {"eastus", "westeurope", "southeastasia", "westus2"};
    std::string tenant_id = "00000000-0000-0000-0000-000000000000"; // tenantId of the subscriptions
    // Estate kinds, per subscription (0 disables a kind; mutations then leave it empty).
    std::uint32_t storage_accounts_per_subscription = 3;
    std::uint32_t containers_per_storage_account = 2;  // blob containers; +1 on odd account revisions
    std::uint32_t virtual_networks_per_subscription = 2; // each with 0-2 subnets (+1 on odd revisions)
    std::uint32_t container_groups_per_subscription = 2;
    std::uint32_t metric_alerts_per_subscription = 3;  // rule i with i % 3 == 1 has no "name"
    std::uint32_t fired_alerts_per_subscription = 3;   // alert i with i % 3 == 2 names a missing rule
};

// One generation of changes. Shares are fractions of the subscription's index
// space before the generation (every VM ever created, removed ones included):
// exactly round(share * space) indices are picked per subscription by a keyed
// permutation; the remove and change picks are disjoint. Added VMs get new
// indices after the current end.
// Estate kinds change "a little": per subscription and enabled kind, a
// non-zero add_share adds one item, change_share changes one picked item and
// remove_share removes one picked item (distinct picks when the space has
// two or more; a pick landing on a removed item does nothing).
struct mutation {
    std::uint64_t seed = 1;
    double add_share = 0;
    double change_share = 0;
    double remove_share = 0;
};

// What one mutation actually did, summed over all subscriptions (a pick that
// lands on an already removed VM counts for nothing).
struct estate_changes {
    std::uint64_t added = 0;
    std::uint64_t changed = 0;
    std::uint64_t removed = 0;
};

enum class estate_kind : std::uint8_t {
    storage_account, virtual_network, container_group, metric_alert, fired_alert
};
inline constexpr std::size_t estate_kind_count = 5;
// The stats route name of the kind's list: storageAccounts, virtualNetworks,
// containerGroups, metricAlerts, alerts.
std::string_view estate_kind_name(estate_kind kind);

struct mutation_summary {
    std::uint32_t generation = 0;
    std::uint64_t added = 0;   // VMs (NICs and public IPs follow their VM)
    std::uint64_t changed = 0;
    std::uint64_t removed = 0;
    std::map<std::string, estate_changes> estate; // by estate_kind_name, summed over subscriptions
};

enum class power_state { running, stopped, deallocated, starting, stopping, deallocating };

std::string_view power_code(power_state state);    // "running"
std::string_view power_display(power_state state); // "VM running"

// A VM as it is now. Cheap to compute; valid while its inventory lives.
struct vm_view {
    std::uint32_t subscription = 0;
    std::uint64_t index = 0;
    std::uint64_t hash = 0;          // base hash of the VM, source of stable properties
    std::uint32_t created_in = 0;    // generation that added it (0 = initial)
    std::uint32_t tag_revision = 0;  // number of tag changes so far
    power_state power = power_state::running;
    bool is_linux = true;
    bool has_owner_tag = true;
    bool has_public_ip = false;
    std::string_view region;
};

// An estate item as it is now (same contract as vm_view).
struct estate_item {
    estate_kind kind = estate_kind::storage_account;
    std::uint32_t subscription = 0;
    std::uint64_t index = 0;
    std::uint64_t hash = 0;
    std::uint32_t created_in = 0;
    std::uint32_t revision = 0; // number of changes so far
    std::string_view region;
};

// Immutable once shared: the server swaps whole snapshots (copy, then apply).
class inventory {
public:
    // Throws cloudsim_error on zero subscriptions, no regions or absurd sizes.
    explicit inventory(inventory_options options);

    const inventory_options& options() const { return options_; }
    std::uint32_t subscription_count() const { return options_.subscriptions; }
    const std::string& subscription_id(std::uint32_t s) const { return subscription_ids_[s]; }
    // Case-insensitive, as ARM ids are.
    std::optional<std::uint32_t> find_subscription(std::string_view id) const;

    std::uint32_t generation() const { return static_cast<std::uint32_t>(generations_.size()); }
    // Indices 0..index_space()-1 exist or existed in every subscription.
    std::uint64_t index_space() const;
    std::uint64_t live_vms(std::uint32_t s) const { return live_[s]; }
    std::uint64_t live_vms_total() const;

    // The VM at index i of subscription s, or nullopt when removed / never created.
    std::optional<vm_view> vm(std::uint32_t s, std::uint64_t i) const;

    // Estate items: indices 0..estate_space(kind)-1 exist or existed in every subscription.
    std::uint64_t estate_space(estate_kind kind) const;
    std::optional<estate_item> item(estate_kind kind, std::uint32_t s, std::uint64_t i) const;
    std::uint64_t live_items(estate_kind kind, std::uint32_t s) const;

    // Applies one generation. Throws cloudsim_error on shares outside [0,1]
    // or remove + change above 1.
    mutation_summary apply(const mutation& m);

private:
    struct generation_record {
        std::uint64_t seed = 0;
        std::uint64_t space = 0;    // index space before this generation
        std::uint64_t added = 0;    // per subscription
        std::uint64_t removes = 0;  // picks per subscription
        std::uint64_t changes = 0;
        std::uint64_t multiplier = 1; // coprime with space: p(i) = (mult*i + offset(s)) % space
        std::uint64_t inverse = 1;
        bool estate_add = false, estate_change = false, estate_remove = false;
        std::array<std::uint64_t, estate_kind_count> estate_space{}; // before this generation
    };
    std::uint64_t pick(const generation_record& g, std::uint32_t s, std::uint64_t i) const;
    std::uint64_t unpick(const generation_record& g, std::uint32_t s, std::uint64_t p) const;
    std::uint64_t offset(const generation_record& g, std::uint32_t s) const;
    // State of the VM just before generation `before` (1-based; generation()+1 = now).
    std::optional<vm_view> vm_before(std::uint32_t s, std::uint64_t i, std::uint32_t before) const;
    std::uint64_t estate_base(estate_kind kind) const;
    std::optional<estate_item> item_before(estate_kind kind, std::uint32_t s, std::uint64_t i,
                                           std::uint32_t before) const;
    // Index removed / changed by generation record g (nullopt: none).
    std::optional<std::uint64_t> estate_pick(const generation_record& g, estate_kind kind,
                                             std::uint32_t s, bool remove) const;
    void summarize_estate(mutation_summary& summary) const; // of the last generation

    inventory_options options_;
    std::vector<std::string> subscription_ids_;
    std::unordered_map<std::string, std::uint32_t> by_id_;
    std::vector<generation_record> generations_;
    std::vector<std::uint64_t> live_;
};

// Names and ids derived from a VM (ARM resource ids, names, addresses).
std::string resource_group(const vm_view& vm);
std::string vm_name(const vm_view& vm);
std::string vm_id(const inventory& inv, const vm_view& vm);
std::string nic_id(const inventory& inv, const vm_view& vm);
std::string public_ip_id(const inventory& inv, const vm_view& vm);
std::string private_ip(const vm_view& vm);
std::string public_ip(const vm_view& vm);

// Names and ids of estate items (estate.cpp). Storage account names are
// "st" + 4-digit subscription + 6-digit index (lower-case alphanumerics, as
// Azure requires); the others are "<prefix>-SSSS-IIIIII". Fired alerts are
// named after their rule and identified by a GUID.
std::string estate_resource_group(const estate_item& item);
std::string estate_name(const estate_item& item);
std::string estate_id(const inventory& inv, const estate_item& item);
// The index a storage account name stands for in subscription s, if it is one of ours.
std::optional<std::uint64_t> storage_account_index(std::string_view name, std::uint32_t s);

} // namespace cloudsync::cloudsim
