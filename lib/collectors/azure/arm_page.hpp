// What every Azure Resource Manager list call shares: the page envelope
// `{"value": [...], "nextLink": "..."}` and the error envelope
// `{"error": {"code", "message"}}` (or the same fields unwrapped, as Compute's
// throttling sample prints them). Per-resource parsing lives beside each resource.
#pragma once

#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::azure {

// One typed ARM list page. next_link is absent when the list is complete; it is
// followed exactly as given.
template <class Item> struct arm_page {
    std::vector<Item> items;
    std::optional<std::string> next_link;
};

// The path of a URL for messages (collectors/common/url.hpp).
using common::url_path;

// Parses the text of a page fetched from url; throws page_error naming the URL path
// when it is not JSON, not an object, has no `value` array or a non-string nextLink.
struct raw_page {
    boost::json::value document;
    std::optional<std::string> next_link;
    const boost::json::array& items() const { return document.at("value").get_array(); }
};
raw_page parse_raw_page(std::string_view text, std::string_view url);

// The `id` of a list item; throws page_error when the item is not an object or has
// no non-empty string id. `index` is the item's position, for the message.
const boost::json::string& item_id(const boost::json::value& item, std::size_t index,
                                   std::string_view url);

// The exception for a non-2xx answer. The message names the method's URL path, the
// status, the ARM error code and message; a 403 under /subscriptions/{id} says that
// the credential lacks read access to that subscription.
api_error arm_error(unsigned status, std::string_view body, std::string_view url);

} // namespace cloudsync::collectors::azure
