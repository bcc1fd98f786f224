#include "collectors/azure/vm_page.hpp"

#include "collectors/azure/arm_resource.hpp"
#include "core/text.hpp"

#include "core/json.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>

namespace cloudsync::collectors::azure {

namespace {

std::vector<std::string> nic_ids_of(const boost::json::value& properties) {
    std::vector<std::string> ids;
    const auto* nics = json::find(properties, {"networkProfile", "networkInterfaces"});
    if (nics == nullptr || !nics->is_array())
        return ids;
    for (const auto& nic : nics->get_array())
        if (auto id = json::string_at(nic, {"id"}); id && !id->empty())
            ids.push_back(*id);
    return ids;
}

vm_item parse_vm(const boost::json::value& item, std::size_t index, std::string_view url,
                 std::string raw) {
    vm_item vm{arm_record(item, index, url, std::move(raw)), {}};
    auto& rec = vm.record;
    inventory::vm_columns columns;
    static const boost::json::value empty_object = boost::json::object();
    const auto* found = json::find(item, {"properties"});
    const auto& properties = found != nullptr ? *found : empty_object;
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
