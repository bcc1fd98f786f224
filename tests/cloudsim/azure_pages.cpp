#include "cloudsim/azure_pages.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace cloudsync::cloudsim {

namespace {

using detail::append_key;
using detail::append_member;
using detail::append_number;
using detail::append_string;

struct image {
    std::string_view publisher, offer, sku;
};

constexpr std::array<std::string_view, 8> vm_sizes = {
    "Standard_B1s",    "Standard_B2s",    "Standard_D2s_v5",    "Standard_D4s_v5",
    "Standard_E4s_v5", "Standard_F8s_v2", "Standard_D8as_v5",   "Standard_NC6s_v3"};
constexpr std::array<image, 3> linux_images = {{
    {"Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"},
    {"RedHat", "RHEL", "9-lvm-gen2"},
    {"Debian", "debian-12", "12-gen2"},
}};
constexpr std::array<image, 2> windows_images = {{
    {"MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition"},
    {"MicrosoftWindowsServer", "WindowsServer", "2019-Datacenter"},
}};
constexpr std::array<std::string_view, 3> environments = {"prod", "staging", "dev"};

// "2023-04-05T06:07:08.1234567+00:00", the form ARM uses for timeCreated.
std::string created_time(const vm_view& vm) {
    using namespace std::chrono;
    const auto base = sys_days{year{2023} / January / 1} + days{vm.created_in * 7};
    const auto at = base + seconds{(vm.hash >> 12) % (vm.created_in == 0 ? 31536000 : 86400)};
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss time{at - day};
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%07lu+00:00",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()),
                  static_cast<unsigned long>(vm.hash % 10000000));
    return buffer;
}

void render_tags(std::string& out, const vm_view& vm) {
    out += "\"tags\":{";
    append_member(out, "environment", environments[(vm.hash >> 44) % environments.size()]);
    append_member(out, "cost-center", "cc-" + std::to_string(1000 + (vm.hash >> 48) % 40));
    if (vm.has_owner_tag) {
        append_member(out, "owner", "team-" + std::to_string((vm.hash >> 52) % 12) + "@example.com");
    }
    if (vm.tag_revision > 0) append_member(out, "revision", std::to_string(vm.tag_revision));
    out.back() = '}';
    out.push_back(',');
}

void render_storage_profile(std::string& out, const vm_view& vm, std::string_view name) {
    const image& img = vm.is_linux ? linux_images[(vm.hash >> 56) % linux_images.size()]
                                   : windows_images[(vm.hash >> 56) % windows_images.size()];
    out += "\"storageProfile\":{\"imageReference\":{";
    append_member(out, "publisher", img.publisher);
    append_member(out, "offer", img.offer);
    append_member(out, "sku", img.sku);
    append_member(out, "version", "latest", false);
    out += "},\"osDisk\":{";
    append_member(out, "osType", vm.is_linux ? "Linux" : "Windows");
    append_member(out, "name", std::string(name) + "_OsDisk_1");
    append_member(out, "createOption", "FromImage");
    append_member(out, "caching", "ReadWrite");
    out += "\"managedDisk\":{\"storageAccountType\":\"Premium_LRS\"},\"diskSizeGB\":";
    append_number(out, vm.is_linux ? 30 : 127);
    out += "},\"dataDisks\":[]},";
}

void render_os_profile(std::string& out, const vm_view& vm, std::string_view name) {
    out += "\"osProfile\":{";
    append_member(out, "computerName", name);
    append_member(out, "adminUsername", "azureuser");
    if (vm.is_linux) {
        out += "\"linuxConfiguration\":{\"disablePasswordAuthentication\":true,"
               "\"provisionVMAgent\":true},";
    } else {
        out += "\"windowsConfiguration\":{\"provisionVMAgent\":true,"
               "\"enableAutomaticUpdates\":true},";
    }
    out += "\"secrets\":[],\"allowExtensionOperations\":true},";
}

void render_instance_view(std::string& out, const vm_view& vm, std::string_view name,
                          std::string_view created) {
    out += ",\"instanceView\":{";
    append_member(out, "computerName", name);
    out += "\"statuses\":[{\"code\":\"ProvisioningState/succeeded\",\"level\":\"Info\","
           "\"displayStatus\":\"Provisioning succeeded\",";
    append_member(out, "time", created, false);
    out += "},{";
    append_member(out, "code", "PowerState/" + std::string(power_code(vm.power)));
    append_member(out, "level", "Info");
    append_member(out, "displayStatus", power_display(vm.power), false);
    out += "}]}";
}

// Walks indices from start, emitting up to page_size accepted items, then
// finds whether one more accepted item exists (for nextLink).
template <class Accept, class Emit>
std::optional<std::uint64_t> walk(const inventory& inv, std::uint32_t s, std::uint64_t start,
                                  std::size_t page_size, Accept accept, Emit emit) {
    const std::uint64_t end = inv.index_space();
    std::size_t emitted = 0;
    for (std::uint64_t i = start; i < end; ++i) {
        const auto vm = inv.vm(s, i);
        if (!vm || !accept(*vm)) continue;
        if (emitted == page_size) return i;
        emit(*vm);
        ++emitted;
    }
    return std::nullopt;
}

void finish_page(std::string& out, std::optional<std::uint64_t> next, std::string_view prefix) {
    out += ']';
    if (next) {
        out += ",\"nextLink\":";
        append_string(out, std::string(prefix) + std::to_string(*next));
    }
    out += '}';
}

} // namespace

void render_vm(std::string& out, const inventory& inv, const vm_view& vm, bool status_only) {
    const std::string name = vm_name(vm);
    const std::string created = created_time(vm);
    out += "{\"properties\":{";
    append_member(out, "vmId", detail::guid(detail::hash(vm.hash, 0x7171), detail::hash(vm.hash, 0x7172)));
    out += "\"hardwareProfile\":{";
    append_member(out, "vmSize", vm_sizes[(vm.hash >> 28) % vm_sizes.size()], false);
    out += "},";
    render_storage_profile(out, vm, name);
    render_os_profile(out, vm, name);
    out += "\"networkProfile\":{\"networkInterfaces\":[{";
    append_member(out, "id", nic_id(inv, vm));
    out += "\"properties\":{\"primary\":true,\"deleteOption\":\"Delete\"}}]},";
    append_member(out, "provisioningState", "Succeeded");
    append_member(out, "timeCreated", created, false);
    if (status_only) render_instance_view(out, vm, name, created);
    out += "},";
    append_member(out, "type", "Microsoft.Compute/virtualMachines");
    append_member(out, "location", vm.region);
    render_tags(out, vm);
    append_member(out, "id", vm_id(inv, vm));
    append_member(out, "name", name, false);
    out += '}';
}

void render_nic(std::string& out, const inventory& inv, const vm_view& vm) {
    const std::string id = nic_id(inv, vm);
    const std::string rg_prefix = "/subscriptions/" + inv.subscription_id(vm.subscription) +
                                  "/resourceGroups/" + resource_group(vm);
    out += '{';
    append_member(out, "name", id.substr(id.rfind('/') + 1));
    append_member(out, "type", "Microsoft.Network/networkInterfaces");
    append_member(out, "id", id);
    append_member(out, "location", vm.region);
    out += "\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\",";
    append_member(out, "id", id + "/ipConfigurations/ipconfig1");
    out += "\"properties\":{\"primary\":true,";
    append_member(out, "privateIPAddress", private_ip(vm));
    out += "\"privateIPAddressVersion\":\"IPv4\",\"privateIPAllocationMethod\":\"Dynamic\","
           "\"provisioningState\":\"Succeeded\",";
    if (vm.has_public_ip) {
        out += "\"publicIPAddress\":{";
        append_member(out, "id", public_ip_id(inv, vm), false);
        out += "},";
    }
    out += "\"subnet\":{";
    append_member(out, "id", rg_prefix + "/providers/Microsoft.Network/virtualNetworks/vnet-" +
                                 std::string(vm.region) + "/subnets/default", false);
    out += "}}}],";
    char mac[24];
    std::snprintf(mac, sizeof mac, "00-0D-3A-%02X-%02X-%02X", static_cast<unsigned>(vm.hash & 255),
                  static_cast<unsigned>((vm.hash >> 8) & 255), static_cast<unsigned>((vm.hash >> 16) & 255));
    append_member(out, "macAddress", mac);
    out += "\"enableAcceleratedNetworking\":false,\"enableIPForwarding\":false,\"primary\":true,"
           "\"provisioningState\":\"Succeeded\",\"virtualMachine\":{";
    append_member(out, "id", vm_id(inv, vm), false);
    out += "}}}";
}

void render_public_ip(std::string& out, const inventory& inv, const vm_view& vm) {
    const std::string id = public_ip_id(inv, vm);
    out += '{';
    append_member(out, "name", id.substr(id.rfind('/') + 1));
    append_member(out, "type", "Microsoft.Network/publicIPAddresses");
    append_member(out, "id", id);
    append_member(out, "location", vm.region);
    out += "\"properties\":{\"idleTimeoutInMinutes\":4,";
    append_member(out, "ipAddress", public_ip(vm));
    out += "\"ipConfiguration\":{";
    append_member(out, "id", nic_id(inv, vm) + "/ipConfigurations/ipconfig1", false);
    out += "},\"provisioningState\":\"Succeeded\",\"publicIPAddressVersion\":\"IPv4\","
           "\"publicIPAllocationMethod\":\"Static\"}}";
}

void render_subscription(std::string& out, const inventory& inv, std::uint32_t s) {
    const std::string& id = inv.subscription_id(s);
    out += '{';
    append_member(out, "authorizationSource", "RoleBased");
    append_member(out, "displayName", "cloudsim subscription " + std::to_string(s));
    append_member(out, "id", "/subscriptions/" + id);
    out += "\"managedByTenants\":[],";
    append_member(out, "state", "Enabled");
    append_member(out, "subscriptionId", id);
    out += "\"subscriptionPolicies\":{\"locationPlacementId\":\"Public_2014-09-01\","
           "\"quotaId\":\"PayAsYouGo_2014-09-01\",\"spendingLimit\":\"Off\"},";
    append_member(out, "tenantId", inv.options().tenant_id, false);
    out += '}';
}

std::string render_list_page(const inventory& inv, arm_list list, std::uint32_t s,
                             std::uint64_t start, std::size_t page_size, bool status_only,
                             std::string_view next_link_prefix) {
    std::string out;
    out.reserve(page_size * (list == arm_list::virtual_machines ? 1800 : 1100) + 256);
    out += "{\"value\":[";
    bool first = true;
    const auto separate = [&] {
        if (!first) out += ',';
        first = false;
    };
    std::optional<std::uint64_t> next;
    switch (list) {
    case arm_list::virtual_machines:
        next = walk(inv, s, start, page_size, [](const vm_view&) { return true; },
                    [&](const vm_view& vm) { separate(); render_vm(out, inv, vm, status_only); });
        break;
    case arm_list::network_interfaces:
        next = walk(inv, s, start, page_size, [](const vm_view&) { return true; },
                    [&](const vm_view& vm) { separate(); render_nic(out, inv, vm); });
        break;
    case arm_list::public_ip_addresses:
        next = walk(inv, s, start, page_size, [](const vm_view& vm) { return vm.has_public_ip; },
                    [&](const vm_view& vm) { separate(); render_public_ip(out, inv, vm); });
        break;
    }
    finish_page(out, next, next_link_prefix);
    return out;
}

std::string render_subscriptions_page(const inventory& inv, std::uint64_t start,
                                      std::size_t page_size, std::string_view next_link_prefix) {
    std::string out = "{\"value\":[";
    const std::uint64_t end = std::min<std::uint64_t>(inv.subscription_count(), start + page_size);
    for (std::uint64_t s = start; s < end; ++s) {
        if (s != start) out += ',';
        render_subscription(out, inv, static_cast<std::uint32_t>(s));
    }
    std::optional<std::uint64_t> next;
    if (end < inv.subscription_count()) next = end;
    finish_page(out, next, next_link_prefix);
    return out;
}

} // namespace cloudsync::cloudsim
