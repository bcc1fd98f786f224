#include "collectors/azure/subscriptions.hpp"

#include "core/json.hpp"

namespace cloudsync::collectors::azure {

arm_page<subscription> parse_subscriptions_page(std::string_view text, std::string_view url) {
    return parse_subscriptions_page(parse_raw_page(text, url), url);
}

arm_page<subscription> parse_subscriptions_page(const raw_page& raw, std::string_view url) {
    arm_page<subscription> page{{}, raw.next_link};
    const auto& items = raw.items();
    page.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        subscription item;
        item.id = item_id(items[i], i, url);
        item.subscription_id = json::string_or_empty(items[i], {"subscriptionId"});
        if (item.subscription_id.empty())
            throw page_error("malformed page from GET " + url_path(url) + ": item " +
                             std::to_string(i) + " has no \"subscriptionId\"");
        item.display_name = json::string_or_empty(items[i], {"displayName"});
        item.state = json::string_or_empty(items[i], {"state"});
        page.items.push_back(std::move(item));
    }
    return page;
}

} // namespace cloudsync::collectors::azure
