// The join of subnetworks into their networks' cidrs. A GCP VPC network has
// no address space of its own: its ranges are its subnetworks' primary ranges
// (ipCidrRange), listed by another call (aggregated/subnetworks) than the
// networks. The collector gathers them while it lists subnetworks, then fills
// each network record. Pure: no I/O, no JSON.
#pragma once

#include "inventory/record.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cloudsync::collectors::gcp {

// Subnetwork ranges by network id. Not thread-safe; small (one entry per
// subnetwork of a project).
class subnet_ranges {
public:
    // Records the cidr of a `subnets` record under its network_id; a record of
    // another kind or without a cidr adds nothing.
    void add(const inventory::record& subnet);

    // Sets network's cidrs (it must hold network_columns, else nothing
    // happens) to its own cidrs (a legacy network's IPv4Range) and those of
    // the subnets added under its native_id, sorted as text, without repeats:
    // the same subnets give the same cidrs whatever order they were listed in.
    void fill(inventory::record& network) const;

private:
    std::unordered_map<std::string, std::vector<std::string>> ranges_;
};

// The same in one call: every network of `networks` filled from `subnets`.
void join_subnet_ranges(std::vector<inventory::record>& networks,
                        const std::vector<inventory::record>& subnets);

} // namespace cloudsync::collectors::gcp
