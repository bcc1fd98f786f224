#include "collectors/gcp/subnetwork_page.hpp"

#include "collectors/common/url.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "core/json.hpp"

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

std::string link_of(const boost::json::object& object, std::string_view key,
                    std::string_view pattern, std::string_view shape, const location& at) {
    const auto* link = detail::optional_string(object, key, at);
    if (link == nullptr)
        at.fail("has no " + std::string(key));
    auto name = compute_resource_name(*link, pattern);
    if (!name)
        at.member(key).fail("is not " + std::string(shape));
    return std::move(*name);
}

inventory::record parse_subnetwork(std::string_view scope, const boost::json::value& item,
                                   const location& at) {
    const auto& subnetwork = detail::object_at(item, at);
    inventory::record rec;
    rec.native_id = link_of(subnetwork, "selfLink", "projects/*/regions/*/subnetworks/*",
                            "a subnetwork link (projects/P/regions/R/subnetworks/S)", at);
    rec.region = segment_after(rec.native_id, "regions");
    if (!scope.empty() && scope != "regions/" + rec.region)
        at.member("selfLink").fail("names region " + rec.region + ", not the scope's");
    inventory::subnet_columns columns;
    columns.network_id = link_of(subnetwork, "network", "projects/*/global/networks/*",
                                 "a network link (projects/P/global/networks/N)", at);
    columns.cidr = detail::string_or_empty(subnetwork, "ipCidrRange", at);
    detail::optional_string(subnetwork, "id", at); // numeric, as a string; kept in raw
    rec.name = detail::string_or_empty(subnetwork, "name", at);
    if (rec.name.empty())
        rec.name = common::last_segment(rec.native_id);
    rec.columns = std::move(columns);
    rec.raw = json::to_text(item);
    return rec;
}

} // namespace

compute_page<inventory::record> parse_subnetwork_page(std::string_view text, std::string_view url) {
    return parse_subnetwork_page(parse_compute_page(text, url, "subnetworks"));
}

compute_page<inventory::record> parse_subnetwork_page(const raw_compute_page& raw) {
    compute_page<inventory::record> page{raw, {}};
    page.items.reserve(raw.item_count());
    raw.for_each_item(
        [&page](std::string_view scope, const boost::json::value& item, const location& at) {
            page.items.push_back(parse_subnetwork(scope, item, at));
        });
    return page;
}

} // namespace cloudsync::collectors::gcp
