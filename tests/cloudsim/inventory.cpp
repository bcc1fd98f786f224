#include "cloudsim/inventory.hpp"

#include "cloudsim/detail/rng.hpp"
#include "cloudsim/error.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <utility>

namespace cloudsync::cloudsim {

namespace {

constexpr std::uint64_t max_index_space = 1ULL << 32;

std::uint64_t mulmod(std::uint64_t a, std::uint64_t b, std::uint64_t m) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(a) * b) % m);
}

// Inverse of a modulo m (a and m coprime), by the extended Euclidean algorithm.
std::uint64_t mod_inverse(std::uint64_t a, std::uint64_t m) {
    if (m <= 1) return 0;
    __int128 t = 0, new_t = 1, r = m, new_r = a;
    while (new_r != 0) {
        const __int128 q = r / new_r;
        t = std::exchange(new_t, t - q * new_t);
        r = std::exchange(new_r, r - q * new_r);
    }
    if (t < 0) t += m;
    return static_cast<std::uint64_t>(t);
}

std::uint64_t share_of(double share, std::uint64_t space, const char* name) {
    if (!(share >= 0.0 && share <= 1.0)) {
        throw cloudsim_error(std::string("mutation ") + name + " must be within [0, 1]");
    }
    return static_cast<std::uint64_t>(std::llround(share * static_cast<double>(space)));
}

power_state base_power(std::uint64_t h) {
    const auto r = (h >> 32) % 100;
    if (r < 70) return power_state::running;
    if (r < 80) return power_state::stopped;
    if (r < 93) return power_state::deallocated;
    if (r < 95) return power_state::starting;
    if (r < 98) return power_state::stopping;
    return power_state::deallocating;
}

std::string padded(std::uint64_t value, std::size_t width) {
    std::string text = std::to_string(value);
    if (text.size() < width) text.insert(0, width - text.size(), '0');
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string resource_prefix(const inventory& inv, const vm_view& vm) {
    return "/subscriptions/" + inv.subscription_id(vm.subscription) + "/resourceGroups/" +
           resource_group(vm) + "/providers/";
}

std::string name_suffix(const vm_view& vm) {
    return padded(vm.subscription, 4) + "-" + padded(vm.index, 7);
}

} // namespace

std::string_view power_code(power_state state) {
    switch (state) {
    case power_state::running: return "running";
    case power_state::stopped: return "stopped";
    case power_state::deallocated: return "deallocated";
    case power_state::starting: return "starting";
    case power_state::stopping: return "stopping";
    case power_state::deallocating: return "deallocating";
    }
    return "unknown";
}

std::string_view power_display(power_state state) {
    switch (state) {
    case power_state::running: return "VM running";
    case power_state::stopped: return "VM stopped";
    case power_state::deallocated: return "VM deallocated";
    case power_state::starting: return "VM starting";
    case power_state::stopping: return "VM stopping";
    case power_state::deallocating: return "VM deallocating";
    }
    return "VM status unknown";
}

inventory::inventory(inventory_options options) : options_(std::move(options)) {
    if (options_.subscriptions == 0) throw cloudsim_error("inventory needs at least one subscription");
    if (options_.subscriptions > 100000) throw cloudsim_error("inventory: too many subscriptions");
    if (options_.regions.empty()) throw cloudsim_error("inventory needs at least one region");
    if (options_.vms_per_subscription >= max_index_space / 2) {
        throw cloudsim_error("inventory: vms_per_subscription too large");
    }
    subscription_ids_.reserve(options_.subscriptions);
    for (std::uint32_t s = 0; s < options_.subscriptions; ++s) {
        subscription_ids_.push_back(detail::guid(detail::hash(options_.seed, s, 0x5ab1),
                                                 detail::hash(options_.seed, s, 0x5ab2)));
        by_id_.emplace(subscription_ids_.back(), s);
    }
    live_.assign(options_.subscriptions, options_.vms_per_subscription);
}

std::optional<std::uint32_t> inventory::find_subscription(std::string_view id) const {
    const auto it = by_id_.find(lower(id));
    if (it == by_id_.end()) return std::nullopt;
    return it->second;
}

std::uint64_t inventory::index_space() const {
    if (generations_.empty()) return options_.vms_per_subscription;
    const auto& last = generations_.back();
    return last.space + last.added;
}

std::uint64_t inventory::live_vms_total() const {
    return std::accumulate(live_.begin(), live_.end(), std::uint64_t{0});
}

std::uint64_t inventory::offset(const generation_record& g, std::uint32_t s) const {
    return detail::hash(g.seed, s, g.space, 0x0ff5) % g.space;
}

std::uint64_t inventory::pick(const generation_record& g, std::uint32_t s, std::uint64_t i) const {
    return (mulmod(g.multiplier, i, g.space) + offset(g, s)) % g.space;
}

std::uint64_t inventory::unpick(const generation_record& g, std::uint32_t s, std::uint64_t p) const {
    return mulmod(g.inverse, (p + g.space - offset(g, s)) % g.space, g.space);
}

std::optional<vm_view> inventory::vm(std::uint32_t s, std::uint64_t i) const {
    return vm_before(s, i, generation() + 1);
}

std::optional<vm_view> inventory::vm_before(std::uint32_t s, std::uint64_t i,
                                            std::uint32_t before) const {
    if (s >= options_.subscriptions) return std::nullopt;
    vm_view vm;
    vm.subscription = s;
    vm.index = i;
    if (i >= options_.vms_per_subscription) {
        std::uint32_t g = 1;
        for (; g < before; ++g) {
            const auto& record = generations_[g - 1];
            if (i >= record.space && i < record.space + record.added) break;
        }
        if (g >= before) return std::nullopt;
        vm.created_in = g;
    }
    const std::uint64_t h = detail::hash(options_.seed, s, i);
    vm.hash = h;
    vm.region = options_.regions[(h >> 8) % options_.regions.size()];
    vm.is_linux = (h >> 16) % 10 < 7;
    vm.has_owner_tag = (h >> 20) % 10 < 8;
    vm.has_public_ip = ((h >> 24) & 1) != 0;
    vm.power = base_power(h);
    for (std::uint32_t g = vm.created_in + 1; g < before; ++g) {
        const auto& record = generations_[g - 1];
        const std::uint64_t p = pick(record, s, i);
        if (p < record.removes) return std::nullopt;
        if (p >= record.removes + record.changes) continue;
        const std::uint64_t c = detail::hash(record.seed, s, i, 0xc4a6);
        if ((c & 1) != 0) {
            vm.power = static_cast<power_state>((static_cast<int>(vm.power) + 1 + (c >> 1) % 5) % 6);
        } else {
            ++vm.tag_revision;
        }
    }
    return vm;
}

mutation_summary inventory::apply(const mutation& m) {
    generation_record g;
    g.seed = m.seed;
    g.space = index_space();
    g.added = share_of(m.add_share, g.space, "add_share");
    g.removes = share_of(m.remove_share, g.space, "remove_share");
    g.changes = share_of(m.change_share, g.space, "change_share");
    if (g.removes + g.changes > g.space) {
        throw cloudsim_error("mutation remove_share + change_share must not exceed 1");
    }
    if (g.space + g.added >= max_index_space) throw cloudsim_error("mutation: index space exhausted");
    if (g.space > 1) {
        g.multiplier = detail::hash(m.seed, g.space, 0x3417) % g.space;
        while (std::gcd(g.multiplier, g.space) != 1) g.multiplier = (g.multiplier + 1) % g.space;
        g.inverse = mod_inverse(g.multiplier, g.space);
    }
    g.estate_add = m.add_share > 0;
    g.estate_change = m.change_share > 0;
    g.estate_remove = m.remove_share > 0;
    for (std::size_t k = 0; k < estate_kind_count; ++k) g.estate_space[k] = estate_space(static_cast<estate_kind>(k));
    generations_.push_back(g);
    const auto number = generation();
    mutation_summary summary{number, g.added * options_.subscriptions, 0, 0, {}};
    for (std::uint32_t s = 0; s < options_.subscriptions; ++s) {
        std::uint64_t removed = 0;
        for (std::uint64_t p = 0; p < g.removes + g.changes; ++p) {
            if (!vm_before(s, unpick(g, s, p), number)) continue;
            (p < g.removes ? removed : summary.changed) += 1;
        }
        summary.removed += removed;
        live_[s] = live_[s] + g.added - removed;
    }
    summarize_estate(summary);
    return summary;
}

std::string resource_group(const vm_view& vm) {
    return "rg-" + std::string(vm.region) + "-" + padded((vm.hash >> 40) % 8, 2);
}

std::string vm_name(const vm_view& vm) { return "vm-" + name_suffix(vm); }

std::string vm_id(const inventory& inv, const vm_view& vm) {
    return resource_prefix(inv, vm) + "Microsoft.Compute/virtualMachines/" + vm_name(vm);
}

std::string nic_id(const inventory& inv, const vm_view& vm) {
    return resource_prefix(inv, vm) + "Microsoft.Network/networkInterfaces/nic-" + name_suffix(vm);
}

std::string public_ip_id(const inventory& inv, const vm_view& vm) {
    return resource_prefix(inv, vm) + "Microsoft.Network/publicIPAddresses/pip-" + name_suffix(vm);
}

std::string private_ip(const vm_view& vm) {
    const std::uint64_t j = vm.index + 4; // Azure reserves the first four addresses
    return "10." + std::to_string((j >> 16) & 255) + "." + std::to_string((j >> 8) & 255) + "." +
           std::to_string(j & 255);
}

std::string public_ip(const vm_view& vm) {
    const std::uint64_t k = (static_cast<std::uint64_t>(vm.subscription) << 24) + vm.index + 4;
    return std::to_string(20 + (k >> 24) % 30) + "." + std::to_string((k >> 16) & 255) + "." +
           std::to_string((k >> 8) & 255) + "." + std::to_string(k & 255);
}

} // namespace cloudsync::cloudsim
