// What every Azure Resource Manager list call shares: the page envelope
// `{"value": [...], "nextLink": "..."}` and the error envelope
// `{"error": {"code", "message"}}` (or the same fields unwrapped, as Compute's
// throttling sample prints them). Per-resource parsing lives beside each resource.
#pragma once

#include "collectors/common/url.hpp"
#include "collectors/errors.hpp"
#include "core/json_kept.hpp"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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

// A parsed page. Its DOM lives in its own arena, which nothing else shares, so
// dropping the page frees the arena at once instead of walking every node (a
// shared arena made each node's destructor run). It refers to the text it was
// parsed from: keep that alive while the page is used.
struct raw_page {
    std::unique_ptr<boost::json::monotonic_resource> arena;
    boost::json::value document; // allocated in *arena: never copy it out
    std::optional<std::string> next_link;
    std::string_view text;
    bool whole = true; // false: the DOM holds only the members a parser asked for
    // Each item's slice of `text` as the kept parse found it (nullopt: not
    // found that way; item_texts then scans the text).
    std::optional<std::vector<std::string_view>> item_slices;

    const boost::json::array& items() const { return document.at("value").get_array(); }
    // The JSON text of each item as the API sent it (a slice of `text`), or,
    // where the page's text cannot be split safely, each item serialized.
    // Building an item's raw payload from the slice saves serializing it again.
    std::vector<std::string> item_texts() const;
    // The same texts without copying the slices: views into `text` or, where
    // items had to be serialized, into `serialized`.
    struct text_views {
        std::vector<std::string_view> items;
        std::vector<std::string> serialized;
    };
    text_views item_views() const;
};

// Parses the text of a page fetched from url; throws page_error naming the URL path
// when it is not JSON, not an object, has no `value` array or a non-string nextLink.
raw_page parse_raw_page(std::string_view text, std::string_view url);
// The same keeping only `fields` of the page (json::parse_kept): the errors are
// the same, and a parser that reads only what `fields` keeps builds the same
// items from it. `fields` is made by arm_page_fields.
raw_page parse_raw_page(std::string_view text, std::string_view url, const json::keep& fields);

// The nextLink a page's text closes with, read without parsing it: ARM ends a
// page with `"nextLink":"<url>"}`. nullopt when the text does not end so (the
// last page; a null or escaped link; any other layout). Only a hint, for the
// pager's early request (page_steps::peek_next): parse_raw_page is the authority.
std::optional<std::string> peek_next_link(std::string_view text);

// What parse_raw_page keeps of a page whose items are read through `item`: the
// envelope ("value", "nextLink") and `item` of each element of "value".
json::keep arm_page_fields(json::keep item);

// A typed page from a raw one, item by item in order. `build` is called as
// build(item, index) or, when it takes a third argument, build(item, index,
// text) with the item's JSON text (raw_page::item_texts) for its raw payload.
template <class Item, class Build> arm_page<Item> build_page(const raw_page& raw, Build build);

// The `id` of a list item; throws page_error when the item is not an object or has
// no non-empty string id. `index` is the item's position, for the message.
const boost::json::string& item_id(const boost::json::value& item, std::size_t index,
                                   std::string_view url);

template <class Item, class Build> arm_page<Item> build_page(const raw_page& raw, Build build) {
    arm_page<Item> page{{}, raw.next_link};
    const auto& items = raw.items();
    page.items.reserve(items.size());
    if constexpr (std::is_invocable_v<Build&, const boost::json::value&, std::size_t,
                                      std::string>) {
        auto texts = raw.item_texts();
        for (std::size_t i = 0; i < items.size(); ++i)
            page.items.push_back(build(items[i], i, std::move(texts[i])));
    } else {
        for (std::size_t i = 0; i < items.size(); ++i)
            page.items.push_back(build(items[i], i));
    }
    return page;
}

// The exception for a non-2xx answer. The message names the method's URL path, the
// status, the ARM error code and message; a 403 under /subscriptions/{id} says that
// the credential lacks read access to that subscription.
api_error arm_error(unsigned status, std::string_view body, std::string_view url);

} // namespace cloudsync::collectors::azure
