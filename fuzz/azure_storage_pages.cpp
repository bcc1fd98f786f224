// fuzz_azure_storage_pages: the same text as a page of StorageAccounts_List and
// of BlobContainers_List (storage_pages.hpp), every record checked against its item.
#include "azure_page.hpp"
#include "collectors/azure/storage_pages.hpp"

using namespace cloudsync;
using namespace cloudsync::collectors::azure;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = parse_storage_account_page(text, fuzz::page_url);
        const auto dom = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i)
            fuzz::check_record(page.items[i].record, fuzz::page_item(dom, i));
    });
    fuzz::refusing_malformed([&] {
        const blob_container_parent parent{"westeurope", true};
        const auto page = parse_blob_container_page(text, fuzz::page_url, parent);
        const auto dom = fuzz::parse_or_abort(text);
        for (std::size_t i = 0; i < page.items.size(); ++i)
            fuzz::check_record(page.items[i], fuzz::page_item(dom, i));
    });
    return 0;
}
