// fuzz_azure_virtual_network_page: a page of VirtualNetworks_ListAll
// (parse_virtual_network_page): each network checked against its item, each
// subnet as a record of its own.
#include "azure_page.hpp"
#include "collectors/azure/virtual_network_page.hpp"

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::azure::parse_virtual_network_page(text, fuzz::page_url);
        const auto dom = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            fuzz::check_record(page.items[i].network, fuzz::page_item(dom, i));
            for (const auto& subnet : page.items[i].subnets)
                fuzz::check_record(subnet, nullptr);
        }
    });
    return 0;
}
