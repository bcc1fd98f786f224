// fuzz_azure_vm_page: a page of VirtualMachines_ListAll (parse_vm_page), each VM
// checked as azure_page.hpp says; its NIC ids then go through the address
// index's lookup as the VM collector joins them. The page is parsed keeping only
// what the parser reads (vm_page_fields) and whole: both must refuse it with
// the same message or build the very same VMs.
#include "azure_page.hpp"
#include "collectors/azure/address_index.hpp"
#include "collectors/azure/vm_page.hpp"

using namespace cloudsync;

namespace {

bool same_vm(const collectors::azure::vm_item& a, const collectors::azure::vm_item& b) {
    const auto& x = std::get<inventory::vm_columns>(a.record.columns);
    const auto& y = std::get<inventory::vm_columns>(b.record.columns);
    return a.record.native_id == b.record.native_id && a.record.name == b.record.name &&
           a.record.region == b.record.region && a.record.tags == b.record.tags &&
           a.record.raw == b.record.raw && x.state == y.state && x.native_state == y.native_state &&
           x.size == y.size && x.os == y.os && a.nic_ids == b.nic_ids;
}

void check_kept_as_whole(std::string_view text) {
    using namespace collectors::azure;
    const auto kept = fuzz::outcome([&] { return parse_vm_page(text, fuzz::page_url); });
    const auto whole = fuzz::outcome(
        [&] { return parse_vm_page(parse_raw_page(text, fuzz::page_url), fuzz::page_url); });
    if (kept.second != whole.second || kept.first.next_link != whole.first.next_link ||
        !std::equal(kept.first.items.begin(), kept.first.items.end(), whole.first.items.begin(),
                    whole.first.items.end(), same_vm))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    check_kept_as_whole(text);
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
