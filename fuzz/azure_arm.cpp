// fuzz_azure_arm: what every ARM call shares: the page envelope
// (parse_raw_page, raw_page::item_texts, checked item by item against the DOM),
// a single resource (parse_arm_resource) and an error answer's body (arm_error,
// for a 403 under a subscription and a 429), and the scan item_texts relies on
// (json::member_array_elements, whose slices must be the items Boost.JSON reads).
#include "azure_page.hpp"
#include "collectors/azure/arm_page.hpp"
#include "collectors/azure/arm_resource.hpp"
#include "core/json.hpp"

using namespace cloudsync;
using namespace cloudsync::collectors::azure;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        const auto page = parse_raw_page(text, fuzz::page_url);
        const auto texts = page.item_texts();
        const auto& items = page.items();
        if (texts.size() != items.size())
            std::abort();
        for (std::size_t i = 0; i < items.size(); ++i)
            if (!fuzz::raw_is(texts[i], items[i]))
                std::abort();
        if (const auto slices = json::member_array_elements(text, "value")) {
            if (slices->size() != items.size())
                std::abort();
            for (std::size_t i = 0; i < items.size(); ++i)
                if (!fuzz::raw_is((*slices)[i], items[i]))
                    std::abort();
        }
    });
    fuzz::refusing_malformed([&] { (void)parse_arm_resource(text, fuzz::page_url); });
    for (const unsigned status : {403u, 429u})
        (void)arm_error(status, text, fuzz::page_url).what();
    return 0;
}
