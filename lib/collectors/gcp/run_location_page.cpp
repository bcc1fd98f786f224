#include "collectors/gcp/run_location_page.hpp"

#include <algorithm>

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

bool valid_location(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

} // namespace

compute_page<std::string> parse_run_location_page(std::string_view text, std::string_view url) {
    return parse_run_location_page(parse_compute_page(text, url, "", "locations"));
}

compute_page<std::string> parse_run_location_page(const raw_compute_page& raw) {
    const location root(raw.url);
    const auto* list = raw.document.get_object().if_contains(raw.list_key);
    if (list != nullptr && !list->is_null() && !list->is_array())
        root.member(raw.list_key).fail("is not an array");
    compute_page<std::string> page{raw, {}};
    raw.for_each_item(
        [&page](std::string_view, const boost::json::value& item, const location& at) {
            const auto& object = detail::object_at(item, at);
            const auto* id = detail::optional_string(object, "locationId", at);
            if (id == nullptr)
                at.fail("has no locationId");
            if (!valid_location(*id))
                at.member("locationId").fail("is not a location id");
            page.items.emplace_back(*id);
        });
    return page;
}

} // namespace cloudsync::collectors::gcp
