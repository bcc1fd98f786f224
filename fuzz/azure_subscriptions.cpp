// fuzz_azure_subscriptions: a page of Subscriptions_List (parse_subscriptions_page).
#include "azure_page.hpp"
#include "collectors/azure/subscriptions.hpp"

using namespace cloudsync;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzz::text_of(data, size);
    fuzz::refusing_malformed([&] {
        for (const auto& sub :
             collectors::azure::parse_subscriptions_page(text, fuzz::page_url).items)
            if (sub.subscription_id.empty())
                std::abort();
    });
    return 0;
}
