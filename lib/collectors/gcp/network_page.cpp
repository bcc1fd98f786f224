#include "collectors/gcp/network_page.hpp"

#include "collectors/common/url.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "core/json.hpp"

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

inventory::record parse_network(const boost::json::value& item, const location& at) {
    const auto& network = detail::object_at(item, at);
    const auto* self_link = detail::optional_string(network, "selfLink", at);
    if (self_link == nullptr)
        at.fail("has no selfLink");
    auto id = compute_resource_name(*self_link, "projects/*/global/networks/*");
    if (!id)
        at.member("selfLink").fail("is not a network link (projects/P/global/networks/N)");
    detail::optional_string(network, "id", at); // numeric, as a string; kept in raw
    inventory::record rec;
    rec.native_id = std::move(*id);
    rec.name = detail::string_or_empty(network, "name", at);
    if (rec.name.empty())
        rec.name = common::last_segment(rec.native_id);
    rec.region = "global";
    inventory::network_columns columns;
    if (auto legacy = detail::string_or_empty(network, "IPv4Range", at); !legacy.empty())
        columns.cidrs.push_back(std::move(legacy));
    rec.columns = std::move(columns);
    rec.raw = json::to_text(item);
    return rec;
}

} // namespace

compute_page<inventory::record> parse_network_page(std::string_view text, std::string_view url) {
    return parse_network_page(parse_compute_page(text, url, "networks"));
}

compute_page<inventory::record> parse_network_page(const raw_compute_page& raw) {
    compute_page<inventory::record> page{raw, {}};
    page.items.reserve(raw.item_count());
    raw.for_each_item(
        [&page](std::string_view, const boost::json::value& item, const location& at) {
            page.items.push_back(parse_network(item, at));
        });
    return page;
}

} // namespace cloudsync::collectors::gcp
