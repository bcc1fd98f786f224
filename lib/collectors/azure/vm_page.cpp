#include "collectors/azure/vm_page.hpp"

#include "collectors/azure/arm_resource.hpp"
#include "core/text.hpp"

#include "core/json.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure {

namespace {

// Calls visit(id) for each NIC id of a VM's properties, in order.
template <class Visit> void for_each_nic_id(const boost::json::value& properties, Visit visit) {
    const auto* nics = json::find(properties, {"networkProfile", "networkInterfaces"});
    if (nics == nullptr || !nics->is_array())
        return;
    for (const auto& nic : nics->get_array())
        if (const auto id = json::string_view_at(nic, {"id"}); !id.empty())
            visit(id);
}

std::vector<std::string> nic_ids_of(const boost::json::value& properties) {
    std::vector<std::string> ids;
    for_each_nic_id(properties, [&ids](std::string_view id) { ids.emplace_back(id); });
    return ids;
}

const boost::json::value& properties_of(const boost::json::value& item) {
    static const boost::json::value empty_object = boost::json::object();
    const auto* found = json::find(item, {"properties"});
    return found != nullptr ? *found : empty_object;
}

vm_item parse_vm(const boost::json::value& item, std::size_t index, std::string_view url,
                 std::string raw) {
    vm_item vm{arm_record(item, index, url, std::move(raw)), {}};
    auto& rec = vm.record;
    inventory::vm_columns columns;
    const auto& properties = properties_of(item);
    columns.size = json::string_or_empty(properties, {"hardwareProfile", "vmSize"});
    columns.os = vm_os(properties);
    if (const auto* view = json::find(properties, {"instanceView"}); view != nullptr)
        columns.native_state = power_state_code(*view);
    columns.state = normalize_power_state(columns.native_state);
    vm.nic_ids = nic_ids_of(properties);
    rec.columns = std::move(columns);
    return vm;
}

} // namespace

arm_page<vm_item> parse_vm_page(std::string_view text, std::string_view url) {
    return parse_vm_page(parse_raw_page(text, url, vm_page_fields()), url);
}

// Exactly what arm_record, parse_vm, vm_os, power_state_code and nic_ids_of read.
const json::keep& vm_page_fields() {
    static const json::keep fields = arm_page_fields({
        {"id", {}},
        {"name", {}},
        {"location", {}},
        {"tags", json::keep::all()},
        {"properties",
         {{"hardwareProfile", {{"vmSize", {}}}},
          {"storageProfile", {{"osDisk", {{"osType", {}}}}}},
          {"osProfile", {{"linuxConfiguration", {}}, {"windowsConfiguration", {}}}},
          {"instanceView", {{"statuses", {{"code", {}}}}}},
          {"networkProfile", {{"networkInterfaces", {{"id", {}}}}}}}},
    });
    return fields;
}

arm_page<vm_item> parse_vm_page(const raw_page& raw, std::string_view url) {
    return build_page<vm_item>(raw, [url](const boost::json::value& item, std::size_t i,
                                          std::string text) {
        return parse_vm(item, i, url, std::move(text));
    });
}

vm_page_records build_vm_records(const raw_page& raw, std::string_view url,
                                 const address_index& index,
                                 const inventory::content_check* check) {
    // What a VM's content key covers, besides the scope the store adds: this
    // derivation, the item's text as the API sent it, its NICs' addresses.
    static const std::string derivation = "azure.vm." + std::to_string(vm_derivation);
    vm_page_records out;
    const auto& items = raw.items();
    const auto texts = raw.item_views();
    std::string addresses;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        std::optional<inventory::content_key> key;
        if (check != nullptr) {
            const auto& id = item_id(item, i, url);
            addresses.clear();
            for_each_nic_id(properties_of(item), [&](std::string_view nic) {
                index.append_address_key(nic, addresses);
            });
            const std::string_view parts[] = {derivation, texts.items[i], addresses};
            key = check->key(std::string_view(id), parts);
            if (check->holds(*key)) { // unchanged: nothing to build
                out.unchanged.push_back(*key);
                continue;
            }
        }
        auto vm = parse_vm(item, i, url, std::string(texts.items[i]));
        auto& columns = std::get<inventory::vm_columns>(vm.record.columns);
        for (const auto& nic : vm.nic_ids)
            index.append_addresses(nic, columns.private_ips, columns.public_ips);
        vm.record.key = key;
        out.records.push_back(std::move(vm.record));
    }
    return out;
}

std::string power_state_code(const boost::json::value& instance_view) {
    constexpr std::string_view prefix = "powerstate/";
    const auto* statuses = json::find(instance_view, {"statuses"});
    if (statuses == nullptr || !statuses->is_array())
        return {};
    for (const auto& status : statuses->get_array()) {
        const auto code = json::string_view_at(status, {"code"});
        if (code.size() > prefix.size() && istarts_with(code, prefix))
            return std::string(code.substr(prefix.size()));
    }
    return {};
}

inventory::vm_state normalize_power_state(std::string_view code) {
    using inventory::vm_state;
    if (iequals(code, "running"))
        return vm_state::running;
    if (iequals(code, "stopped"))
        return vm_state::stopped;
    if (iequals(code, "deallocated"))
        return vm_state::deallocated;
    if (iequals(code, "starting"))
        return vm_state::starting;
    if (iequals(code, "stopping") || iequals(code, "deallocating"))
        return vm_state::stopping;
    return vm_state::unknown;
}

std::string vm_os(const boost::json::value& properties) {
    const auto type = json::string_view_at(properties, {"storageProfile", "osDisk", "osType"});
    if (iequals(type, "linux"))
        return "linux";
    if (iequals(type, "windows"))
        return "windows";
    if (json::find(properties, {"osProfile", "linuxConfiguration"}) != nullptr)
        return "linux";
    if (json::find(properties, {"osProfile", "windowsConfiguration"}) != nullptr)
        return "windows";
    return {};
}

} // namespace cloudsync::collectors::azure
