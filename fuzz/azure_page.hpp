// Shared by the Azure page targets: the text of the input, the URL a page is
// said to come from, the one exception a parser may throw (page_error), and the
// checks every parsed record must pass beyond the sanitizers: a native id, tags
// that are JSON object text, and a raw payload that is JSON equal to the item
// the API sent (raw_page::item_texts slices the page's text instead of
// serializing the DOM: a wrong slice would store another item's payload).
#pragma once

#include "collectors/errors.hpp"
#include "core/json.hpp"
#include "inventory/record.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace cloudsync::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

inline constexpr std::string_view page_url =
    "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/"
    "providers/Microsoft.Compute/virtualMachines?api-version=2024-07-01";

// Runs parse(); a page_error is the documented way to refuse a page.
template <class Parse> void refusing_malformed(Parse parse) {
    try {
        parse();
    } catch (const collectors::page_error& e) {
        (void)e.what();
    }
}

inline boost::json::value parse_or_abort(std::string_view text) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec)
        std::abort();
    return value;
}

// Equal as JSON text, written the way raw columns are written (json::to_text):
// Boost.JSON reads "0e999" as NaN, which equals nothing, not even itself, and a
// parser that re-serializes an item writes "1e999" (infinite) as null, while
// one that slices the page's text keeps the digits; both are the item.
inline bool same(const boost::json::value& a, const boost::json::value& b) {
    return json::to_text(a) == json::to_text(b);
}

// Whether raw text is the item: a slice of the page's text (JSON equal to it),
// or the item's DOM re-serialized, exactly json::to_text of it (compared as
// text: reading raw back need not give the same double, Boost.JSON 1.81 reads
// some, such as -99e39, one unit in the last place off).
inline bool raw_is(std::string_view raw, const boost::json::value& item) {
    return raw == json::to_text(item) || same(parse_or_abort(raw), item);
}

// `item` is the DOM value the record was built from (nullptr: not checked).
inline void check_record(const inventory::record& rec, const boost::json::value* item) {
    if (rec.native_id.empty() || !parse_or_abort(rec.tags).is_object())
        std::abort();
    (void)parse_or_abort(rec.raw);
    if (item != nullptr && !raw_is(rec.raw, *item))
        std::abort();
}

// The i-th item of the page's "value" array, as Boost.JSON reads the text.
inline const boost::json::value* page_item(const boost::json::value& page, std::size_t i) {
    const auto* object = page.if_object();
    const auto* items = object ? object->if_contains("value") : nullptr;
    if (items == nullptr || !items->is_array() || i >= items->get_array().size())
        std::abort();
    return &items->get_array()[i];
}

} // namespace cloudsync::fuzz
