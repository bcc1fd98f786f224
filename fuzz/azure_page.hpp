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

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>

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

// The page parse() returns, or the message of the page_error it throws.
template <class Parse> auto outcome(Parse parse) -> std::pair<decltype(parse()), std::string> {
    try {
        return {parse(), {}};
    } catch (const collectors::page_error& e) {
        return {{}, e.what()};
    }
}

inline boost::json::value parse_or_abort(std::string_view text) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec)
        std::abort();
    return value;
}

// Equal as JSON values, doubles within a relative 1e-12: Boost.JSON 1.81
// reads doubles imprecisely, and not even alike in every context (a number at
// the top of a slice and inside its page can come out one unit in the last
// place apart), while a slice or a re-serialization of the right item differs
// from it by no more. Non-finite numbers (read from "1e999", "0e999") equal
// each other: raw writes them as null.
inline bool same(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_double() && b.is_double()) {
        const double x = a.get_double(), y = b.get_double();
        if (!std::isfinite(x) || !std::isfinite(y))
            return !std::isfinite(x) && !std::isfinite(y);
        return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
    }
    if (a.kind() != b.kind()) {
        // Non-finite written as null by json::to_text.
        const auto non_finite = [](const boost::json::value& v) {
            return v.is_double() && !std::isfinite(v.get_double());
        };
        return (a.is_null() && non_finite(b)) || (b.is_null() && non_finite(a));
    }
    if (a.is_array()) {
        const auto &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same(x[i], y[i]))
                return false;
        return true;
    }
    if (a.is_object()) {
        const auto &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size())
            return false;
        auto i = x.begin();
        auto j = y.begin();
        for (; i != x.end(); ++i, ++j)
            if (i->key() != j->key() || !same(i->value(), j->value()))
                return false;
        return true;
    }
    return a == b;
}

// Whether raw text is the item: a slice of the page's text, or the item's DOM
// re-serialized (exactly json::to_text of it); either way JSON equal to it as
// same() says.
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
