#include "cloudsim/azure_pages.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"

#include <array>
#include <charconv>
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

// The names and ids of one VM, built into buffers that a page reuses: a page
// of 1,000 VMs allocates a handful of times instead of dozens of times per VM.
// The text is exactly inventory.hpp's vm_name / vm_id / nic_id / public_ip_id.
struct vm_text {
    std::string name;   // vm-SSSS-IIIIIII
    std::string prefix; // /subscriptions/{id}/resourceGroups/{rg}/providers/
    std::string vm_id, nic_id, public_ip_id;

    std::string_view suffix() const { return std::string_view(name).substr(3); }
    void fill(const inventory& inv, const vm_view& vm);
};

void append_padded(std::string& out, std::uint64_t value, std::size_t width) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    const auto digits = static_cast<std::size_t>(result.ptr - buffer);
    if (digits < width) out.append(width - digits, '0');
    out.append(buffer, digits);
}

void vm_text::fill(const inventory& inv, const vm_view& vm) {
    name.assign("vm-");
    append_padded(name, vm.subscription, 4);
    name += '-';
    append_padded(name, vm.index, 7);
    prefix.assign("/subscriptions/").append(inv.subscription_id(vm.subscription)).append("/resourceGroups/rg-");
    prefix.append(vm.region).append(1, '-');
    append_padded(prefix, (vm.hash >> 40) % 8, 2);
    prefix.append("/providers/");
    vm_id.assign(prefix).append("Microsoft.Compute/virtualMachines/").append(name);
    nic_id.assign(prefix).append("Microsoft.Network/networkInterfaces/nic-").append(suffix());
    public_ip_id.assign(prefix).append("Microsoft.Network/publicIPAddresses/pip-").append(suffix());
}

// Appends "key":"<a><b>", for values that need no escaping (ids and names we generate).
void append_joined(std::string& out, std::string_view key, std::string_view a, std::string_view b) {
    append_key(out, key);
    out.push_back('"');
    out.append(a).append(b);
    out.append("\",");
}

// "2023-04-05T06:07:08.1234567+00:00", the form ARM uses for timeCreated.
struct created_text {
    char text[48];
    std::size_t size = 0;
    std::string_view view() const { return {text, size}; }
};

created_text created_time(const vm_view& vm) {
    using namespace std::chrono;
    const auto base = sys_days{year{2023} / January / 1} + days{vm.created_in * 7};
    const auto at = base + seconds{(vm.hash >> 12) % (vm.created_in == 0 ? 31536000 : 86400)};
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss time{at - day};
    created_text out;
    const int written = std::snprintf(out.text, sizeof out.text, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%07lu+00:00",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()),
                  static_cast<unsigned long>(vm.hash % 10000000));
    out.size = written > 0 ? static_cast<std::size_t>(written) : 0;
    return out;
}

void render_tags(std::string& out, const vm_view& vm) {
    out += "\"tags\":{\"environment\":\"";
    out += environments[(vm.hash >> 44) % environments.size()];
    out += "\",\"cost-center\":\"cc-";
    append_number(out, 1000 + (vm.hash >> 48) % 40);
    out += "\",";
    if (vm.has_owner_tag) {
        out += "\"owner\":\"team-";
        append_number(out, (vm.hash >> 52) % 12);
        out += "@example.com\",";
    }
    if (vm.tag_revision > 0) {
        out += "\"revision\":\"";
        append_number(out, vm.tag_revision);
        out += "\",";
    }
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
    append_joined(out, "name", name, "_OsDisk_1");
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
    append_joined(out, "code", "PowerState/", power_code(vm.power));
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

namespace {

void render_vm(std::string& out, vm_text& t, const inventory& inv, const vm_view& vm, bool status_only) {
    t.fill(inv, vm);
    const created_text created = created_time(vm);
    out += "{\"properties\":{";
    append_key(out, "vmId");
    out.push_back('"');
    detail::append_guid(out, detail::hash(vm.hash, 0x7171), detail::hash(vm.hash, 0x7172));
    out += "\",\"hardwareProfile\":{";
    append_member(out, "vmSize", vm_sizes[(vm.hash >> 28) % vm_sizes.size()], false);
    out += "},";
    render_storage_profile(out, vm, t.name);
    render_os_profile(out, vm, t.name);
    out += "\"networkProfile\":{\"networkInterfaces\":[{";
    append_member(out, "id", t.nic_id);
    out += "\"properties\":{\"primary\":true,\"deleteOption\":\"Delete\"}}]},";
    append_member(out, "provisioningState", "Succeeded");
    append_member(out, "timeCreated", created.view(), false);
    if (status_only) render_instance_view(out, vm, t.name, created.view());
    out += "},";
    append_member(out, "type", "Microsoft.Compute/virtualMachines");
    append_member(out, "location", vm.region);
    render_tags(out, vm);
    append_member(out, "id", t.vm_id);
    append_member(out, "name", t.name, false);
    out += '}';
}

// "10.a.b.c" (private_ip) or the public address (public_ip), without temporaries.
void append_address(std::string& out, std::uint64_t first, std::uint64_t rest) {
    out.push_back('"');
    append_number(out, first);
    for (const int shift : {16, 8, 0}) {
        out.push_back('.');
        append_number(out, (rest >> shift) & 255);
    }
    out.append("\",");
}

void render_nic(std::string& out, vm_text& t, const inventory& inv, const vm_view& vm) {
    t.fill(inv, vm);
    const std::string_view id = t.nic_id;
    out += '{';
    append_member(out, "name", id.substr(id.rfind('/') + 1));
    append_member(out, "type", "Microsoft.Network/networkInterfaces");
    append_member(out, "id", id);
    append_member(out, "location", vm.region);
    out += "\"properties\":{\"ipConfigurations\":[{\"name\":\"ipconfig1\",";
    append_joined(out, "id", id, "/ipConfigurations/ipconfig1");
    out += "\"properties\":{\"primary\":true,";
    append_key(out, "privateIPAddress");
    append_address(out, 10, vm.index + 4); // as private_ip(): Azure reserves the first four addresses
    out += "\"privateIPAddressVersion\":\"IPv4\",\"privateIPAllocationMethod\":\"Dynamic\","
           "\"provisioningState\":\"Succeeded\",";
    if (vm.has_public_ip) {
        out += "\"publicIPAddress\":{";
        append_member(out, "id", t.public_ip_id, false);
        out += "},";
    }
    out += "\"subnet\":{";
    append_key(out, "id");
    out.push_back('"');
    out.append(t.prefix).append("Microsoft.Network/virtualNetworks/vnet-").append(vm.region).append("/subnets/default\"");
    out += "}}}],";
    char mac[24];
    std::snprintf(mac, sizeof mac, "00-0D-3A-%02X-%02X-%02X", static_cast<unsigned>(vm.hash & 255),
                  static_cast<unsigned>((vm.hash >> 8) & 255), static_cast<unsigned>((vm.hash >> 16) & 255));
    append_member(out, "macAddress", mac);
    out += "\"enableAcceleratedNetworking\":false,\"enableIPForwarding\":false,\"primary\":true,"
           "\"provisioningState\":\"Succeeded\",\"virtualMachine\":{";
    append_member(out, "id", t.vm_id, false);
    out += "}}}";
}

void render_public_ip(std::string& out, vm_text& t, const inventory& inv, const vm_view& vm) {
    t.fill(inv, vm);
    const std::string_view id = t.public_ip_id;
    out += '{';
    append_member(out, "name", id.substr(id.rfind('/') + 1));
    append_member(out, "type", "Microsoft.Network/publicIPAddresses");
    append_member(out, "id", id);
    append_member(out, "location", vm.region);
    out += "\"properties\":{\"idleTimeoutInMinutes\":4,";
    append_key(out, "ipAddress");
    const std::uint64_t k = (static_cast<std::uint64_t>(vm.subscription) << 24) + vm.index + 4; // as public_ip()
    append_address(out, 20 + (k >> 24) % 30, k);
    out += "\"ipConfiguration\":{";
    append_joined(out, "id", t.nic_id, "/ipConfigurations/ipconfig1");
    out.pop_back(); // no comma: last member
    out += "},\"provisioningState\":\"Succeeded\",\"publicIPAddressVersion\":\"IPv4\","
           "\"publicIPAllocationMethod\":\"Static\"}}";
}

} // namespace

void render_vm(std::string& out, const inventory& inv, const vm_view& vm, bool status_only) {
    vm_text t;
    render_vm(out, t, inv, vm, status_only);
}

void render_nic(std::string& out, const inventory& inv, const vm_view& vm) {
    vm_text t;
    render_nic(out, t, inv, vm);
}

void render_public_ip(std::string& out, const inventory& inv, const vm_view& vm) {
    vm_text t;
    render_public_ip(out, t, inv, vm);
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
    vm_text t; // reused by every item of the page
    switch (list) {
    case arm_list::virtual_machines:
        next = walk(inv, s, start, page_size, [](const vm_view&) { return true; },
                    [&](const vm_view& vm) { separate(); render_vm(out, t, inv, vm, status_only); });
        break;
    case arm_list::network_interfaces:
        next = walk(inv, s, start, page_size, [](const vm_view&) { return true; },
                    [&](const vm_view& vm) { separate(); render_nic(out, t, inv, vm); });
        break;
    case arm_list::public_ip_addresses:
        next = walk(inv, s, start, page_size, [](const vm_view& vm) { return vm.has_public_ip; },
                    [&](const vm_view& vm) { separate(); render_public_ip(out, t, inv, vm); });
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
