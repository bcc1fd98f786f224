#include "collectors/azure/network_pages.hpp"

#include "core/json.hpp"

namespace cloudsync::collectors::azure {

arm_page<network_interface> parse_network_interface_page(std::string_view text, std::string_view url) {
    return parse_network_interface_page(parse_raw_page(text, url, network_interface_page_fields()),
                                        url);
}

const json::keep& network_interface_page_fields() {
    static const json::keep fields = arm_page_fields({
        {"id", {}},
        {"properties",
         {{"ipConfigurations",
           {{"properties", {{"privateIPAddress", {}}, {"publicIPAddress", {{"id", {}}}}}}}}}},
    });
    return fields;
}

arm_page<network_interface> parse_network_interface_page(const raw_page& raw, std::string_view url) {
    arm_page<network_interface> page{{}, raw.next_link};
    const auto& items = raw.items();
    page.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        network_interface nic;
        nic.id = item_id(items[i], i, url);
        if (const auto* configs = json::find(items[i], {"properties", "ipConfigurations"});
            configs != nullptr && configs->is_array()) {
            for (const auto& config : configs->get_array()) {
                ip_configuration ip;
                ip.private_ip = json::string_or_empty(config, {"properties", "privateIPAddress"});
                ip.public_ip_id =
                    json::string_or_empty(config, {"properties", "publicIPAddress", "id"});
                nic.ip_configurations.push_back(std::move(ip));
            }
        }
        page.items.push_back(std::move(nic));
    }
    return page;
}

arm_page<public_ip> parse_public_ip_page(std::string_view text, std::string_view url) {
    return parse_public_ip_page(parse_raw_page(text, url, public_ip_page_fields()), url);
}

const json::keep& public_ip_page_fields() {
    static const json::keep fields =
        arm_page_fields({{"id", {}}, {"properties", {{"ipAddress", {}}}}});
    return fields;
}

arm_page<public_ip> parse_public_ip_page(const raw_page& raw, std::string_view url) {
    arm_page<public_ip> page{{}, raw.next_link};
    const auto& items = raw.items();
    page.items.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        public_ip ip;
        ip.id = item_id(items[i], i, url);
        ip.ip_address = json::string_or_empty(items[i], {"properties", "ipAddress"});
        page.items.push_back(std::move(ip));
    }
    return page;
}

} // namespace cloudsync::collectors::azure
