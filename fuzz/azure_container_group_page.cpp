// fuzz_azure_container_group_page: a page of ContainerGroups_List
// (parse_container_group_page), every record checked against its item.
#include "azure_page.hpp"
#include "collectors/azure/container_group_page.hpp"

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = collectors::azure::parse_container_group_page(text, fuzz::page_url);
        const auto dom = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i)
            fuzz::check_record(page.items[i], fuzz::page_item(dom, i));
    });
    return 0;
}
