#include "collectors/gcp/network_join.hpp"

#include <algorithm>

namespace cloudsync::collectors::gcp {

void subnet_ranges::add(const inventory::record& subnet) {
    const auto* columns = std::get_if<inventory::subnet_columns>(&subnet.columns);
    if (columns == nullptr || columns->cidr.empty() || columns->network_id.empty())
        return;
    ranges_[columns->network_id].push_back(columns->cidr);
}

void subnet_ranges::fill(inventory::record& network) const {
    auto* columns = std::get_if<inventory::network_columns>(&network.columns);
    if (columns == nullptr)
        return;
    auto& cidrs = columns->cidrs;
    if (const auto it = ranges_.find(network.native_id); it != ranges_.end())
        cidrs.insert(cidrs.end(), it->second.begin(), it->second.end());
    std::sort(cidrs.begin(), cidrs.end());
    cidrs.erase(std::unique(cidrs.begin(), cidrs.end()), cidrs.end());
}

void join_subnet_ranges(std::vector<inventory::record>& networks,
                        const std::vector<inventory::record>& subnets) {
    subnet_ranges ranges;
    for (const auto& subnet : subnets)
        ranges.add(subnet);
    for (auto& network : networks)
        ranges.fill(network);
}

} // namespace cloudsync::collectors::gcp
