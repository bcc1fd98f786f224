#include "collectors/azure/virtual_network_page.hpp"

#include "collectors/azure/arm_resource.hpp"
#include "core/json.hpp"

namespace cloudsync::collectors::azure {

namespace {

std::vector<std::string> strings_at(const boost::json::value& root,
                                    std::initializer_list<std::string_view> path) {
    std::vector<std::string> out;
    const auto* found = json::find(root, path);
    if (found == nullptr || !found->is_array())
        return out;
    for (const auto& value : found->get_array())
        if (value.is_string() && !value.get_string().empty())
            out.emplace_back(value.get_string());
    return out;
}

inventory::record parse_subnet(const boost::json::value& item, std::size_t index,
                               std::string_view url, const inventory::record& network) {
    auto rec = arm_record(item, index, url);
    rec.region = network.region;
    rec.tags = "{}";
    inventory::subnet_columns columns;
    columns.network_id = network.native_id;
    columns.cidr = json::string_or_empty(item, {"properties", "addressPrefix"});
    if (columns.cidr.empty()) {
        auto prefixes = strings_at(item, {"properties", "addressPrefixes"});
        if (!prefixes.empty())
            columns.cidr = std::move(prefixes.front());
    }
    rec.columns = std::move(columns);
    return rec;
}

virtual_network_item parse_network(const boost::json::value& item, std::size_t index,
                                   std::string_view url, std::string raw) {
    virtual_network_item out{arm_record(item, index, url, std::move(raw)), {}};
    out.network.columns = inventory::network_columns{
        strings_at(item, {"properties", "addressSpace", "addressPrefixes"})};
    const auto* subnets = json::find(item, {"properties", "subnets"});
    if (subnets != nullptr && subnets->is_array()) {
        const auto& list = subnets->get_array();
        out.subnets.reserve(list.size());
        for (std::size_t i = 0; i < list.size(); ++i)
            out.subnets.push_back(parse_subnet(list[i], i, url, out.network));
    }
    return out;
}

} // namespace

arm_page<virtual_network_item> parse_virtual_network_page(std::string_view text, std::string_view url) {
    return parse_virtual_network_page(parse_raw_page(text, url), url);
}

arm_page<virtual_network_item> parse_virtual_network_page(const raw_page& raw, std::string_view url) {
    return build_page<virtual_network_item>(
        raw, [url](const boost::json::value& item, std::size_t i, std::string text) {
            return parse_network(item, i, url, std::move(text));
        });
}

} // namespace cloudsync::collectors::azure
