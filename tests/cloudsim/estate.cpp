// The estate kinds of inventory (see inventory.hpp): a handful of items per
// subscription and kind, each a pure function of (seed, subscription, kind,
// index) plus the generations applied since it was created.
#include "cloudsim/inventory.hpp"

#include "cloudsim/detail/rng.hpp"

namespace cloudsync::cloudsim {

std::string_view estate_kind_name(estate_kind kind) {
    switch (kind) {
    case estate_kind::storage_account: return "storageAccounts";
    case estate_kind::virtual_network: return "virtualNetworks";
    case estate_kind::container_group: return "containerGroups";
    case estate_kind::metric_alert: return "metricAlerts";
    case estate_kind::fired_alert: return "alerts";
    }
    return "unknown";
}

std::uint64_t inventory::estate_base(estate_kind kind) const {
    switch (kind) {
    case estate_kind::storage_account: return options_.storage_accounts_per_subscription;
    case estate_kind::virtual_network: return options_.virtual_networks_per_subscription;
    case estate_kind::container_group: return options_.container_groups_per_subscription;
    case estate_kind::metric_alert: return options_.metric_alerts_per_subscription;
    case estate_kind::fired_alert: return options_.fired_alerts_per_subscription;
    }
    return 0;
}

std::uint64_t inventory::estate_space(estate_kind kind) const {
    const std::uint64_t base = estate_base(kind);
    if (base == 0) return 0;
    std::uint64_t space = base;
    for (const auto& g : generations_) space += g.estate_add ? 1 : 0;
    return space;
}

std::optional<std::uint64_t> inventory::estate_pick(const generation_record& g, estate_kind kind,
                                                    std::uint32_t s, bool remove) const {
    const auto k = static_cast<std::size_t>(kind);
    const std::uint64_t space = g.estate_space[k];
    if (space == 0 || !(remove ? g.estate_remove : g.estate_change)) return std::nullopt;
    const std::uint64_t removed = detail::hash(g.seed, s, k, 0xe57a7e) % space;
    if (remove) return removed;
    if (space == 1) return g.estate_remove ? std::nullopt : std::optional<std::uint64_t>(0);
    return (removed + 1 + detail::hash(g.seed, s, k, 0xc4a9e) % (space - 1)) % space;
}

std::optional<estate_item> inventory::item(estate_kind kind, std::uint32_t s, std::uint64_t i) const {
    return item_before(kind, s, i, generation() + 1);
}

std::optional<estate_item> inventory::item_before(estate_kind kind, std::uint32_t s, std::uint64_t i,
                                                  std::uint32_t before) const {
    const auto k = static_cast<std::size_t>(kind);
    if (s >= options_.subscriptions || estate_base(kind) == 0) return std::nullopt;
    estate_item item;
    item.kind = kind;
    item.subscription = s;
    item.index = i;
    if (i >= estate_base(kind)) {
        std::uint32_t g = 1;
        for (; g < before; ++g) {
            const auto& record = generations_[g - 1];
            if (record.estate_add && record.estate_space[k] == i) break;
        }
        if (g >= before) return std::nullopt;
        item.created_in = g;
    }
    item.hash = detail::hash(options_.seed, s, i, 0xe5a7e00 + k);
    item.region = options_.regions[(item.hash >> 8) % options_.regions.size()];
    for (std::uint32_t g = item.created_in + 1; g < before; ++g) {
        const auto& record = generations_[g - 1];
        if (estate_pick(record, kind, s, true) == i) return std::nullopt;
        if (estate_pick(record, kind, s, false) == i) ++item.revision;
    }
    return item;
}

std::uint64_t inventory::live_items(estate_kind kind, std::uint32_t s) const {
    std::uint64_t live = 0;
    const std::uint64_t space = estate_space(kind);
    for (std::uint64_t i = 0; i < space; ++i) live += item(kind, s, i) ? 1 : 0;
    return live;
}

void inventory::summarize_estate(mutation_summary& summary) const {
    const auto number = generation();
    const auto& g = generations_.back();
    for (std::size_t k = 0; k < estate_kind_count; ++k) {
        const auto kind = static_cast<estate_kind>(k);
        estate_changes changes;
        if (estate_base(kind) > 0) {
            for (std::uint32_t s = 0; s < options_.subscriptions; ++s) {
                changes.added += g.estate_add ? 1 : 0;
                const auto removed = estate_pick(g, kind, s, true);
                const auto changed = estate_pick(g, kind, s, false);
                if (removed && item_before(kind, s, *removed, number)) ++changes.removed;
                if (changed && item_before(kind, s, *changed, number)) ++changes.changed;
            }
        }
        summary.estate[std::string(estate_kind_name(kind))] = changes;
    }
}

} // namespace cloudsync::cloudsim

namespace cloudsync::cloudsim {

namespace {

std::string digits(std::uint64_t value, std::size_t width) {
    std::string text = std::to_string(value);
    if (text.size() < width) text.insert(0, width - text.size(), '0');
    return text;
}

std::string_view provider_type(estate_kind kind) {
    switch (kind) {
    case estate_kind::storage_account: return "Microsoft.Storage/storageAccounts";
    case estate_kind::virtual_network: return "Microsoft.Network/virtualNetworks";
    case estate_kind::container_group: return "Microsoft.ContainerInstance/containerGroups";
    case estate_kind::metric_alert: return "Microsoft.Insights/metricAlerts";
    case estate_kind::fired_alert: return "Microsoft.AlertsManagement/alerts";
    }
    return "";
}

} // namespace

std::string estate_resource_group(const estate_item& item) {
    switch (item.kind) {
    case estate_kind::storage_account: return "rg-storage-" + std::string(item.region);
    case estate_kind::virtual_network: return "rg-network-" + std::string(item.region);
    case estate_kind::container_group: return "rg-aci-" + std::string(item.region);
    case estate_kind::metric_alert:
    case estate_kind::fired_alert: return "rg-monitoring";
    }
    return "rg";
}

std::string estate_name(const estate_item& item) {
    const std::string suffix = digits(item.subscription, 4) + "-" + digits(item.index, 6);
    switch (item.kind) {
    case estate_kind::storage_account: return "st" + digits(item.subscription, 4) + digits(item.index, 6);
    case estate_kind::virtual_network: return "vnet-" + suffix;
    case estate_kind::container_group: return "cg-" + suffix;
    case estate_kind::metric_alert: return "rule-" + suffix;
    case estate_kind::fired_alert:
        return detail::guid(detail::hash(item.hash, 0xa1e7), detail::hash(item.hash, 0xa1e8));
    }
    return suffix;
}

std::string estate_id(const inventory& inv, const estate_item& item) {
    const std::string sub = "/subscriptions/" + inv.subscription_id(item.subscription);
    if (item.kind == estate_kind::fired_alert) {
        return sub + "/providers/Microsoft.AlertsManagement/alerts/" + estate_name(item);
    }
    return sub + "/resourceGroups/" + estate_resource_group(item) + "/providers/" +
           std::string(provider_type(item.kind)) + "/" + estate_name(item);
}

std::optional<std::uint64_t> storage_account_index(std::string_view name, std::uint32_t s) {
    const std::string prefix = "st" + digits(s, 4);
    if (name.size() != prefix.size() + 6 || name.substr(0, prefix.size()) != prefix) return std::nullopt;
    std::uint64_t index = 0;
    for (const char c : name.substr(prefix.size())) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return index;
}

} // namespace cloudsync::cloudsim
