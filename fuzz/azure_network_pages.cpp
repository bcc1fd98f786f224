// fuzz_azure_network_pages: the same text as a page of NetworkInterfaces_ListAll
// and of PublicIPAddresses_ListAll (network_pages.hpp), then both joined in the
// address index as the VM collector does (addresses that are not IPs are dropped).
#include "azure_page.hpp"
#include "collectors/azure/address_index.hpp"
#include "collectors/azure/network_pages.hpp"

using namespace cloudsync;
using namespace cloudsync::collectors::azure;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    address_index index;
    std::vector<std::string> nic_ids;
    fuzz::refusing_malformed([&] {
        for (const auto& nic : parse_network_interface_page(text, fuzz::page_url).items) {
            index.add_network_interface(nic);
            nic_ids.push_back(nic.id);
        }
    });
    fuzz::refusing_malformed([&] {
        for (const auto& ip : parse_public_ip_page(text, fuzz::page_url).items)
            index.add_public_ip(ip);
    });
    index.seal();
    for (const auto& id : nic_ids) {
        std::vector<std::string> private_ips, public_ips;
        index.append_addresses(id, private_ips, public_ips);
    }
    return 0;
}
