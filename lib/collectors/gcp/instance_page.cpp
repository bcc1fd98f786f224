#include "collectors/gcp/instance_page.hpp"

#include "collectors/common/url.hpp"
#include "collectors/gcp/resource_name.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>

namespace cloudsync::collectors::gcp {

namespace {

using detail::location;

constexpr std::array windows_projects{std::string_view("windows-cloud"),
                                      std::string_view("windows-sql-cloud")};
constexpr std::array linux_projects{
    std::string_view("debian-cloud"),        std::string_view("ubuntu-os-cloud"),
    std::string_view("ubuntu-os-pro-cloud"), std::string_view("cos-cloud"),
    std::string_view("centos-cloud"),        std::string_view("rhel-cloud"),
    std::string_view("rhel-sap-cloud"),      std::string_view("rocky-linux-cloud"),
    std::string_view("almalinux-cloud"),     std::string_view("suse-cloud"),
    std::string_view("suse-sap-cloud"),      std::string_view("opensuse-cloud"),
    std::string_view("fedora-coreos-cloud"), std::string_view("oracle-linux-cloud")};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& list, std::string_view word) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

// Each element of the string array at object[key] (absent: none).
template <class F>
void for_each_string(const boost::json::object& object, std::string_view key, const location& at,
                     F&& f) {
    const auto* list = detail::optional_array(object, key, at);
    if (list == nullptr)
        return;
    const auto list_at = at.member(key);
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto* text = (*list)[i].if_string();
        if (text == nullptr)
            list_at.index(i).fail("is not a string");
        f(std::string_view(*text));
    }
}

void add_addresses(const boost::json::object& instance, const location& at,
                   inventory::vm_columns& columns) {
    const auto* nics = detail::optional_array(instance, "networkInterfaces", at);
    if (nics == nullptr)
        return;
    const auto nics_at = at.member("networkInterfaces");
    const auto add = [](std::vector<std::string>& to, const boost::json::string* ip) {
        if (ip != nullptr && !ip->empty())
            to.emplace_back(*ip);
    };
    for (std::size_t i = 0; i < nics->size(); ++i) {
        const auto nic_at = nics_at.index(i);
        const auto& nic = detail::object_at((*nics)[i], nic_at);
        add(columns.private_ips, detail::optional_string(nic, "networkIP", nic_at));
        add(columns.private_ips, detail::optional_string(nic, "ipv6Address", nic_at));
        for (const auto* key : {"accessConfigs", "ipv6AccessConfigs"}) {
            const auto* configs = detail::optional_array(nic, key, nic_at);
            if (configs == nullptr)
                continue;
            const auto configs_at = nic_at.member(key);
            const std::string_view ip_key =
                std::string_view(key) == "accessConfigs" ? "natIP" : "externalIpv6";
            for (std::size_t j = 0; j < configs->size(); ++j) {
                const auto config_at = configs_at.index(j);
                const auto& config = detail::object_at((*configs)[j], config_at);
                add(columns.public_ips, detail::optional_string(config, ip_key, config_at));
            }
        }
    }
}

inventory::record parse_instance(std::string_view scope, const boost::json::value& item,
                                 const location& at) {
    const auto& instance = detail::object_at(item, at);
    const auto* self_link = detail::optional_string(instance, "selfLink", at);
    if (self_link == nullptr)
        at.fail("has no selfLink");
    auto id = compute_resource_name(*self_link, "projects/*/zones/*/instances/*");
    if (!id)
        at.member("selfLink").fail("is not an instance link (projects/P/zones/Z/instances/NAME)");
    const auto zone = segment_after(*id, "zones");
    if (!scope.empty() && scope != "zones/" + zone)
        at.member("selfLink").fail("names zone " + zone + ", not the scope's");
    detail::optional_string(instance, "id", at); // numeric, as a string; kept in raw
    inventory::record rec;
    rec.native_id = std::move(*id);
    rec.name = detail::string_or_empty(instance, "name", at);
    if (rec.name.empty())
        rec.name = common::last_segment(rec.native_id);
    rec.region = region_of_zone(zone);
    rec.tags = detail::labels_of(instance, at);
    inventory::vm_columns columns;
    columns.native_state = detail::string_or_empty(instance, "status", at);
    columns.state = normalize_instance_status(columns.native_state);
    columns.size = common::last_segment(detail::string_or_empty(instance, "machineType", at));
    columns.os = instance_os(instance, at);
    add_addresses(instance, at, columns);
    rec.columns = std::move(columns);
    rec.raw = instance_raw(item);
    return rec;
}

} // namespace

compute_page<inventory::record> parse_instance_page(std::string_view text, std::string_view url) {
    return parse_instance_page(parse_compute_page(text, url, "instances"));
}

compute_page<inventory::record> parse_instance_page(const raw_compute_page& raw) {
    compute_page<inventory::record> page{raw, {}};
    page.items.reserve(raw.item_count());
    raw.for_each_item(
        [&page](std::string_view scope, const boost::json::value& item, const location& at) {
            page.items.push_back(parse_instance(scope, item, at));
        });
    return page;
}

inventory::vm_state normalize_instance_status(std::string_view status) {
    using inventory::vm_state;
    const auto word = to_lower(status);
    if (word == "running")
        return vm_state::running;
    if (word == "provisioning" || word == "staging")
        return vm_state::starting;
    if (word == "stopping" || word == "suspending")
        return vm_state::stopping;
    if (word == "terminated" || word == "stopped" || word == "suspended")
        return vm_state::stopped;
    return vm_state::unknown;
}

std::string instance_os(const boost::json::object& instance, const location& at) {
    const auto* disks = detail::optional_array(instance, "disks", at);
    if (disks == nullptr)
        return {};
    const auto disks_at = at.member("disks");
    for (std::size_t i = 0; i < disks->size(); ++i) {
        const auto disk_at = disks_at.index(i);
        const auto& disk = detail::object_at((*disks)[i], disk_at);
        if (detail::optional_bool(disk, "boot", disk_at) != true)
            continue;
        bool windows = false;
        bool linux_license = false; // not "linux": a macro in GNU mode
        const auto* features = detail::optional_array(disk, "guestOsFeatures", disk_at);
        const auto features_at = disk_at.member("guestOsFeatures");
        for (std::size_t f = 0; features != nullptr && f < features->size(); ++f) {
            const auto feature_at = features_at.index(f);
            const auto& feature = detail::object_at((*features)[f], feature_at);
            windows |= detail::string_or_empty(feature, "type", feature_at) == "WINDOWS";
        }
        for_each_string(disk, "licenses", disk_at, [&](std::string_view license) {
            const auto project = segment_after(license, "projects");
            windows |= among(windows_projects, project);
            linux_license |= among(linux_projects, project);
        });
        return windows ? "windows" : linux_license ? "linux" : "";
    }
    return {};
}

std::string instance_raw(const boost::json::value& instance) {
    const auto* items = json::find(instance, {"metadata", "items"});
    if (items == nullptr || !items->is_array())
        return json::to_text(instance);
    boost::json::value copy(instance, boost::json::storage_ptr()); // not the page arena
    for (auto& entry : copy.at("metadata").at("items").as_array())
        if (auto* object = entry.if_object())
            object->erase("value");
    return json::to_text(copy);
}

} // namespace cloudsync::collectors::gcp
