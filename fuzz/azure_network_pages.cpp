// fuzz_azure_network_pages: the same text as a page of NetworkInterfaces_ListAll
// and of PublicIPAddresses_ListAll (network_pages.hpp), then both joined in the
// address index as the VM collector does (addresses that are not IPs are dropped).
// Each page is parsed keeping only what its parser reads and whole: both must
// refuse it with the same message or build the very same items.
#include "azure_page.hpp"
#include "collectors/azure/address_index.hpp"
#include "collectors/azure/network_pages.hpp"

using namespace cloudsync;
using namespace cloudsync::collectors::azure;

namespace {

bool same_nic(const network_interface& a, const network_interface& b) {
    return a.id == b.id && std::equal(a.ip_configurations.begin(), a.ip_configurations.end(),
                                      b.ip_configurations.begin(), b.ip_configurations.end(),
                                      [](const ip_configuration& x, const ip_configuration& y) {
                                          return x.private_ip == y.private_ip &&
                                                 x.public_ip_id == y.public_ip_id;
                                      });
}

bool same_ip(const public_ip& a, const public_ip& b) {
    return a.id == b.id && a.ip_address == b.ip_address;
}

template <class Parse, class Same>
void check_kept_as_whole(std::string_view text, Parse parse, Same same) {
    const auto kept = fuzz::outcome([&] { return parse(text, fuzz::page_url); });
    const auto whole =
        fuzz::outcome([&] { return parse(parse_raw_page(text, fuzz::page_url), fuzz::page_url); });
    if (kept.second != whole.second || kept.first.next_link != whole.first.next_link ||
        !std::equal(kept.first.items.begin(), kept.first.items.end(), whole.first.items.begin(),
                    whole.first.items.end(), same))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    check_kept_as_whole(
        text,
        [](const auto& page, std::string_view url) {
            return parse_network_interface_page(page, url);
        },
        same_nic);
    check_kept_as_whole(
        text,
        [](const auto& page, std::string_view url) { return parse_public_ip_page(page, url); },
        same_ip);
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
