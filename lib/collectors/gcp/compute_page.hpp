// What every Compute Engine v1 list call shares: the page envelope of a plain
// list (`instances.list`, `networks.list`: `{"items": [...], "nextPageToken",
// "warning"}`) and of an aggregated list (`aggregated/instances`,
// `aggregated/subnetworks`: `{"items": {"zones/Z": {"instances": [...],
// "warning": {...}}}, "nextPageToken", "unreachables", "warning"}`), its paging
// token and its warnings. The same envelope serves Google's other plain lists,
// which name their array after the resource instead of `items` (Monitoring's
// `{"alertPolicies": [...], "nextPageToken", "totalSize"}`): the list key says
// which. Per-resource parsing lives beside each resource.
//
// Completeness: a page whose scope warning says UNREACHABLE or PARTIAL_SUCCESS,
// whose list-level warning says so, or whose `unreachables` is not empty may
// lack resources that exist (returnPartialSuccess=true answers so instead of
// failing). Such a page is `complete == false`: the caller marks its scope
// incomplete and deletes nothing there. NO_RESULTS_ON_PAGE (a scope with
// nothing on this page) and any other code are informational.
//
// Newer Google APIs use the same plain envelope with the array named after the
// resource (Cloud Run: `{"services": [...], "nextPageToken"}`, `{"locations":
// [...]}`): list_key names it, "items" for Compute and Storage.
#pragma once

#include "collectors/errors.hpp"
#include "collectors/gcp/detail/fields.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::collectors::gcp {

// One `warning` of a page. scope is the aggregated list's key ("zones/Z",
// "regions/R", "global") for a per-scope warning; for a list-level warning the
// value of its data entry "scope" when it has one, else "".
struct scope_warning {
    std::string scope;
    std::string code;    // e.g. NO_RESULTS_ON_PAGE, UNREACHABLE; kept as sent
    std::string message; // Google's text: for logs, never for decisions
};

// Paging and completeness of one page.
struct page_status {
    // Absent on the last page. Opaque: the next request passes it as pageToken.
    std::optional<std::string> next_page_token;
    std::vector<scope_warning> warnings; // every warning, in page order
    // Scopes named unreachable (UNREACHABLE/PARTIAL_SUCCESS warnings, then
    // `unreachables`), as sent. May be empty while complete is false (a
    // list-level warning naming no scope).
    std::vector<std::string> unreachable;
    bool complete = true;
};

template <class Item> struct compute_page : page_status {
    std::vector<Item> items;
};

// A parsed page. Its DOM lives in its own arena (see azure::raw_page for why);
// dropping the page frees it at once.
struct raw_compute_page : page_status {
    std::unique_ptr<boost::json::monotonic_resource> arena;
    boost::json::value document; // allocated in *arena: never copy it out
    std::string item_key;        // "instances", "subnetworks" ... in an aggregated list
    std::string url;             // for messages
    // The member holding the items: "items", or what parse_compute_page was told.
    std::string list_key = "items";

    // Calls f(scope, item, at) for every item in page order: scope is the
    // aggregated list's key ("" on a plain list), at the item's place for
    // messages (detail::location). Items are unchecked values.
    template <class F> void for_each_item(F&& f) const;
    std::size_t item_count() const;
};

// Parses the text of a page fetched from url. item_key names the array in
// each scope of an aggregated list; `items` (list_key) may instead be an array
// (a plain list) or absent (nothing listed: Google omits an empty list). Throws
// page_error naming the URL path when the text is not JSON, not an object, or
// `items`, a scope, a scope's item array, a warning, `nextPageToken` or
// `unreachables` has the wrong type. list_key names the member holding the
// items: "items" (Compute, Storage: an array, or an aggregated list's scopes),
// or the array of an API that names it after the resource ("alertPolicies"),
// which is never aggregated: anything but an array there is refused.
raw_compute_page parse_compute_page(std::string_view text, std::string_view url,
                                    std::string_view item_key, std::string_view list_key = "items");

template <class F> void raw_compute_page::for_each_item(F&& f) const {
    const detail::location root(url);
    const auto* items = document.get_object().if_contains(list_key);
    if (items == nullptr || items->is_null())
        return;
    const auto items_at = root.member(list_key);
    if (items->is_array()) {
        const auto& list = items->get_array();
        for (std::size_t i = 0; i < list.size(); ++i)
            f(std::string_view(), list[i], items_at.index(i));
        return;
    }
    for (const auto& scope : items->get_object()) {
        const auto* list = scope.value().get_object().if_contains(item_key);
        if (list == nullptr || list->is_null())
            continue;
        const auto scope_at = items_at.scope(scope.key());
        const auto list_at = scope_at.member(item_key);
        const auto& values = list->get_array();
        for (std::size_t i = 0; i < values.size(); ++i)
            f(std::string_view(scope.key()), values[i], list_at.index(i));
    }
}

} // namespace cloudsync::collectors::gcp
