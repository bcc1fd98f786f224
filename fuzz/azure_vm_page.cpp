// fuzz_azure_vm_page: a page of VirtualMachines_ListAll (parse_vm_page), each VM
// checked as azure_page.hpp says; its NIC ids then go through the address
// index's lookup as the VM collector joins them.
#include "azure_page.hpp"
#include "collectors/azure/address_index.hpp"
#include "collectors/azure/vm_page.hpp"

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::azure::parse_vm_page(text, fuzz::page_url);
        const auto dom = fuzz::parse_or_abort(text);
        collectors::azure::address_index index;
        index.seal();
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            fuzz::check_record(page.items[i].record, fuzz::page_item(dom, i));
            std::vector<std::string> private_ips, public_ips;
            for (const auto& nic : page.items[i].nic_ids)
                index.append_addresses(nic, private_ips, public_ips);
        }
    });
    return 0;
}
