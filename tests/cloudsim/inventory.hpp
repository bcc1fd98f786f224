// The generated Azure inventory: subscriptions, and per subscription VMs with
// one NIC each and a public IP for about half of them. Nothing per VM is
// stored: a VM is computed from (seed, subscription, index) plus the list of
// mutation generations applied since, so 1,000,000 VMs cost a few bytes.
// Rendering to JSON lives in azure_pages.hpp, not here.
#pragma once

#include <cstdint>
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
};

// One generation of changes. Shares are fractions of the subscription's index
// space before the generation (every VM ever created, removed ones included):
// exactly round(share * space) indices are picked per subscription by a keyed
// permutation; the remove and change picks are disjoint. Added VMs get new
// indices after the current end.
struct mutation {
    std::uint64_t seed = 1;
    double add_share = 0;
    double change_share = 0;
    double remove_share = 0;
};

// What one mutation actually did, summed over all subscriptions (a pick that
// lands on an already removed VM counts for nothing).
struct mutation_summary {
    std::uint32_t generation = 0;
    std::uint64_t added = 0;
    std::uint64_t changed = 0;
    std::uint64_t removed = 0;
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
    };
    std::uint64_t pick(const generation_record& g, std::uint32_t s, std::uint64_t i) const;
    std::uint64_t unpick(const generation_record& g, std::uint32_t s, std::uint64_t p) const;
    std::uint64_t offset(const generation_record& g, std::uint32_t s) const;
    // State of the VM just before generation `before` (1-based; generation()+1 = now).
    std::optional<vm_view> vm_before(std::uint32_t s, std::uint64_t i, std::uint32_t before) const;

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

} // namespace cloudsync::cloudsim
