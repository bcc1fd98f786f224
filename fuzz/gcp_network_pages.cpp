// fuzz_gcp_network_pages: the same input as a networks page
// (parse_network_page) and as a subnetworks page (parse_subnetwork_page), then
// the join of the subnets' ranges into the networks: every record checked as
// gcp_page.hpp says, every subnet naming a network id, joined cidrs sorted.
#include "collectors/gcp/network_join.hpp"
#include "collectors/gcp/network_page.hpp"
#include "collectors/gcp/subnetwork_page.hpp"
#include "gcp_page.hpp"

#include <algorithm>

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    std::vector<inventory::record> networks;
    std::vector<inventory::record> subnets;
    fuzz::refusing_malformed([&] {
        auto page = collectors::gcp::parse_network_page(text, fuzz::gcp_url);
        fuzz::check_status(page);
        networks = std::move(page.items);
    });
    fuzz::refusing_malformed([&] {
        auto page = collectors::gcp::parse_subnetwork_page(text, fuzz::gcp_url);
        fuzz::check_status(page);
        subnets = std::move(page.items);
    });
    for (const auto& subnet : subnets) {
        fuzz::check_gcp_record(subnet);
        const auto& columns = std::get<inventory::subnet_columns>(subnet.columns);
        if (!columns.network_id.starts_with("//compute.googleapis.com/projects/"))
            std::abort();
    }
    collectors::gcp::join_subnet_ranges(networks, subnets);
    for (const auto& network : networks) {
        fuzz::check_gcp_record(network);
        const auto& cidrs = std::get<inventory::network_columns>(network.columns).cidrs;
        if (!std::is_sorted(cidrs.begin(), cidrs.end()) ||
            std::adjacent_find(cidrs.begin(), cidrs.end()) != cidrs.end())
            std::abort();
    }
    return 0;
}
