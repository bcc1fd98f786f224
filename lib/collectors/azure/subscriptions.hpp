// Parse of one page of `GET /subscriptions?api-version=2022-12-01` (Subscriptions_List):
// the subscriptions a credential can see, for collectors configured with none.
#pragma once

#include "collectors/azure/arm_page.hpp"

#include <string>
#include <string_view>

namespace cloudsync::collectors::azure {

struct subscription {
    std::string id;              // "/subscriptions/{guid}"
    std::string subscription_id; // "{guid}"
    std::string display_name;
    std::string state; // Enabled, Warning, PastDue, Disabled, Deleted
};

// Throws page_error (see parse_raw_page) and when an item lacks subscriptionId.
arm_page<subscription> parse_subscriptions_page(std::string_view text, std::string_view url);
// The same from a page already parsed (the pager parses it first, to request the next
// page early).
arm_page<subscription> parse_subscriptions_page(const raw_page& raw, std::string_view url);

} // namespace cloudsync::collectors::azure
