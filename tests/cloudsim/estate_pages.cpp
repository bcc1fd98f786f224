#include "cloudsim/estate_pages.hpp"

#include "cloudsim/detail/json_out.hpp"
#include "cloudsim/detail/rng.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>

namespace cloudsync::cloudsim {

namespace {

using detail::append_key;
using detail::append_member;
using detail::append_number;
using detail::append_string;

// "2024-01-01T00:00:00Z" plus `minutes`; with_fraction adds ".1234567" as ARM does for times.
std::string timestamp(std::uint64_t minutes, std::uint64_t fraction = 0, bool with_fraction = false) {
    using namespace std::chrono;
    const auto at = sys_days{year{2024} / January / 1} + std::chrono::minutes{minutes};
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss time{at - day};
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:00", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
    std::string out = buffer;
    if (with_fraction) {
        std::snprintf(buffer, sizeof buffer, ".%07lu", static_cast<unsigned long>(fraction % 10000000));
        out += buffer;
    }
    return out + "Z";
}

// Properties that a change may flip: a fresh hash per revision.
std::uint64_t mutable_bits(const estate_item& item) {
    return item.revision == 0 ? item.hash : detail::hash(item.hash, item.revision, 0x3e71);
}

void render_tags(std::string& out, const estate_item& item) {
    out += "\"tags\":{";
    static constexpr std::array<std::string_view, 3> environments = {"prod", "staging", "dev"};
    append_member(out, "environment", environments[(item.hash >> 44) % environments.size()],
                  item.revision != 0);
    if (item.revision != 0) append_member(out, "revision", std::to_string(item.revision), false);
    out += "},";
}

std::string target_resource(const inventory& inv, std::uint32_t s, std::uint64_t h) {
    const std::uint64_t vms = inv.options().vms_per_subscription;
    if (vms > 0) {
        if (const auto vm = inv.vm(s, h % vms)) return vm_id(inv, *vm);
    }
    return "/subscriptions/" + inv.subscription_id(s);
}

void render_storage_account(std::string& out, const inventory& inv, const estate_item& item) {
    static constexpr std::array<std::string_view, 3> kinds = {"StorageV2", "Storage", "BlobStorage"};
    static constexpr std::array<std::string_view, 4> skus = {"Standard_LRS", "Standard_GRS", "Standard_ZRS",
                                                             "Premium_LRS"};
    static constexpr std::array<std::string_view, 3> tls = {"TLS1_2", "TLS1_0", "TLS1_1"};
    const std::string name = estate_name(item);
    const std::uint64_t m = mutable_bits(item);
    const std::string created = timestamp((item.hash >> 20) % 500000 + item.created_in * 10080, item.hash, true);
    const std::string_view sku = skus[(item.hash >> 16) % skus.size()];
    out += '{';
    append_member(out, "id", estate_id(inv, item));
    append_member(out, "kind", kinds[(item.hash >> 12) % kinds.size()]);
    append_member(out, "location", item.region);
    append_member(out, "name", name);
    out += "\"properties\":{";
    append_member(out, "creationTime", created);
    out += "\"primaryEndpoints\":{";
    for (const char* service : {"blob", "file", "queue", "table"}) {
        append_member(out, service, "https://" + name + "." + service + ".core.windows.net/",
                      std::string_view(service) != "table");
    }
    out += "},";
    append_member(out, "primaryLocation", item.region);
    append_member(out, "provisioningState", "Succeeded");
    if ((item.hash >> 24) % 5 != 0) { // like the official example, some accounts carry no encryption block
        const bool vault = (item.hash >> 28) % 4 == 0;
        out += "\"encryption\":{\"services\":{";
        for (const char* service : {"blob", "file"}) {
            append_key(out, service);
            out += "{\"keyType\":\"Account\",\"enabled\":true,";
            append_member(out, "lastEnabledTime", created, false);
            out += std::string_view(service) == "blob" ? "}," : "}";
        }
        out += "},";
        append_member(out, "keySource", vault ? "Microsoft.Keyvault" : "Microsoft.Storage", vault);
        if (vault) {
            out += "\"keyvaultproperties\":{";
            append_member(out, "keyvaulturi", "https://kv-" + name + ".vault.azure.net");
            append_member(out, "keyname", "wrappingKey");
            append_member(out, "keyversion", "", false);
            out += '}';
        }
        out += "},";
    }
    const bool deny = (m >> 32) % 3 == 0;
    out += "\"networkAcls\":{\"bypass\":\"AzureServices\",";
    append_member(out, "defaultAction", deny ? "Deny" : "Allow");
    out += "\"ipRules\":[],\"virtualNetworkRules\":[]},";
    append_member(out, "statusOfPrimary", "available");
    out += "\"supportsHttpsTrafficOnly\":";
    out += (item.hash >> 36) % 4 != 0 ? "true," : "false,";
    append_member(out, "publicNetworkAccess", (m >> 40) % 3 == 0 ? "Disabled" : "Enabled");
    append_member(out, "minimumTlsVersion", tls[(m >> 44) % tls.size()]);
    out += "\"allowBlobPublicAccess\":";
    out += (m >> 48) % 2 == 0 ? "false" : "true";
    out += "},\"sku\":{";
    append_member(out, "name", sku);
    append_member(out, "tier", sku.substr(0, sku.find('_')), false);
    out += "},";
    render_tags(out, item);
    append_member(out, "type", "Microsoft.Storage/storageAccounts", false);
    out += '}';
}

void render_blob_container(std::string& out, const inventory& inv, const estate_item& account,
                           std::uint64_t j) {
    static constexpr std::array<std::string_view, 3> access = {"None", "Blob", "Container"};
    // Container 0 follows the account's revisions, so an account change shows here too.
    const std::uint64_t h = detail::hash(j == 0 ? mutable_bits(account) : account.hash, j, 0xb10b);
    const std::string name = "container" + std::to_string(j);
    char etag[32];
    std::snprintf(etag, sizeof etag, "\"0x8D%013llX\"", static_cast<unsigned long long>(h >> 12));
    out += '{';
    append_member(out, "id", estate_id(inv, account) + "/blobServices/default/containers/" + name);
    append_member(out, "name", name);
    append_member(out, "type", "Microsoft.Storage/storageAccounts/blobServices/containers");
    append_member(out, "etag", etag);
    out += "\"properties\":{";
    append_member(out, "publicAccess", access[(h >> 20) % 5 < 3 ? 0 : 1 + (h >> 24) % 2]);
    append_member(out, "leaseStatus", "Unlocked");
    append_member(out, "leaseState", "Available");
    append_member(out, "lastModifiedTime", timestamp((h >> 30) % 500000));
    out += "\"hasImmutabilityPolicy\":false,\"hasLegalHold\":false}}";
}

void render_virtual_network(std::string& out, const inventory& inv, const estate_item& item) {
    const std::string id = estate_id(inv, item);
    const std::string octet = std::to_string(item.index % 256);
    out += '{';
    append_member(out, "name", estate_name(item));
    append_member(out, "type", "Microsoft.Network/virtualNetworks");
    append_member(out, "id", id);
    append_member(out, "location", item.region);
    out += "\"properties\":{\"addressSpace\":{\"addressPrefixes\":[";
    append_string(out, "10." + octet + ".0.0/16");
    if ((item.hash >> 16) % 3 == 0) {
        out += ',';
        append_string(out, "172.16." + octet + ".0/24");
    }
    out += "]},\"dhcpOptions\":{\"dnsServers\":[";
    if ((item.hash >> 20) % 4 == 0) append_string(out, "8.8.8.8");
    out += "]},\"provisioningState\":\"Succeeded\",\"subnets\":[";
    const std::uint64_t subnets = subnet_count(item);
    for (std::uint64_t j = 0; j < subnets; ++j) {
        if (j != 0) out += ',';
        const std::string name = j == 0 ? "default" : "subnet-" + std::to_string(j);
        out += '{';
        append_member(out, "name", name);
        append_member(out, "id", id + "/subnets/" + name);
        out += "\"properties\":{";
        append_member(out, "addressPrefix", "10." + octet + "." + std::to_string(j) + ".0/24");
        append_member(out, "provisioningState", "Succeeded", false);
        out += "}}";
    }
    out += "],\"virtualNetworkPeerings\":[]}}";
}

void render_container_group(std::string& out, const inventory& inv, const estate_item& item) {
    static constexpr std::array<std::string_view, 5> images = {
        "nginx:1.25", "mcr.microsoft.com/azuredocs/aci-helloworld:latest", "redis:7.2",
        "busybox:1.36", "mcr.microsoft.com/dotnet/samples:aspnetapp"};
    static constexpr std::array<std::string_view, 3> restart = {"Always", "OnFailure", "Never"};
    const std::uint64_t m = mutable_bits(item);
    const std::string name = estate_name(item);
    const bool is_linux = (item.hash >> 12) % 5 != 0;
    out += '{';
    append_member(out, "name", name);
    append_member(out, "type", "Microsoft.ContainerInstance/containerGroups");
    append_member(out, "id", estate_id(inv, item));
    append_member(out, "location", item.region);
    out += "\"properties\":{\"containers\":[";
    const std::uint64_t containers = 1 + (item.hash >> 16) % 3;
    for (std::uint64_t c = 0; c < containers; ++c) {
        if (c != 0) out += ',';
        out += '{';
        append_member(out, "name", name + "-" + std::to_string(c));
        out += "\"properties\":{\"command\":[],\"environmentVariables\":[],";
        append_member(out, "image", images[(c == 0 ? m : item.hash >> (20 + 4 * c)) % images.size()]);
        out += "\"ports\":[{\"port\":";
        append_number(out, c == 0 ? 80 : 8080 + c);
        out += "}],\"resources\":{\"requests\":{\"cpu\":1,\"memoryInGB\":1.5}}}}";
    }
    out += "],";
    if ((item.hash >> 32) % 4 != 0) {
        const bool is_public = (item.hash >> 34) % 2 == 0;
        out += "\"ipAddress\":{";
        append_member(out, "type", is_public ? "Public" : "Private");
        append_member(out, "ip", (is_public ? "20.50." : "10.200.") + std::to_string(item.subscription % 256) +
                                     "." + std::to_string(item.index % 256));
        out += "\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]},";
    }
    append_member(out, "osType", is_linux ? "Linux" : "Windows");
    append_member(out, "restartPolicy", restart[(item.hash >> 40) % restart.size()]);
    const auto state = (m >> 44) % 10;
    append_member(out, "provisioningState", state < 8 ? "Succeeded" : state == 8 ? "Failed" : "Pending", false);
    out += "},";
    append_key(out, "zones");
    out += "[\"1\"]}";
}

void render_metric_alert(std::string& out, const inventory& inv, const estate_item& item) {
    static constexpr std::array<std::string_view, 3> metrics = {"Percentage CPU", "Network In Total",
                                                                "Disk Read Bytes"};
    const std::uint64_t m = mutable_bits(item);
    const std::string name = estate_name(item);
    const std::string_view metric = metrics[(item.hash >> 12) % metrics.size()];
    out += '{';
    append_member(out, "type", "Microsoft.Insights/metricAlerts");
    append_member(out, "id", estate_id(inv, item));
    if (item.index % 3 != 1) append_member(out, "name", name); // some bodies carry no name
    append_member(out, "location", "global");
    out += "\"properties\":{";
    append_member(out, "description", "Alert when " + std::string(metric) + " is high on " + name);
    out += "\"actions\":[],\"criteria\":{\"allOf\":[{";
    append_member(out, "name", "criterion1");
    append_member(out, "criterionType", "StaticThresholdCriterion");
    out += "\"dimensions\":[],";
    append_member(out, "metricName", metric);
    append_member(out, "operator", "GreaterThan");
    out += "\"threshold\":";
    out += metric == "Percentage CPU" ? "80.5" : "1048576";
    out += ",\"timeAggregation\":\"Average\"}],";
    append_member(out, "odata.type", "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", false);
    out += "},\"enabled\":";
    out += (m >> 20) % 5 != 0 ? "true" : "false";
    out += ",\"evaluationFrequency\":\"PT1M\",\"scopes\":[";
    append_string(out, target_resource(inv, item.subscription, item.hash >> 24));
    out += "],\"severity\":";
    append_number(out, (m >> 28) % 5);
    out += ",\"windowSize\":\"PT15M\"},";
    render_tags(out, item);
    out.back() = '}';
}

void render_fired_alert(std::string& out, const inventory& inv, const estate_item& item) {
    const std::uint64_t rule_index = fired_alert_rule_index(inv, item);
    const estate_item rule_ref{estate_kind::metric_alert, item.subscription, rule_index, 0, 0, 0, {}};
    const auto rule = inv.item(estate_kind::metric_alert, item.subscription, rule_index);
    const std::uint64_t rule_bits = rule ? mutable_bits(*rule) : item.hash;
    const std::string target = target_resource(inv, item.subscription, rule ? rule->hash >> 24 : item.hash);
    const bool resolved = item.revision % 2 == 1; // each change flips Fired <-> Resolved
    const std::uint64_t start = (item.hash >> 20) % 500000;
    const std::uint64_t modified = start + 5 + item.revision * 7;
    const std::string target_name = target.substr(target.rfind('/') + 1);
    out += "{\"properties\":{\"essentials\":{";
    append_member(out, "severity", "Sev" + std::to_string((rule_bits >> 28) % 5));
    append_member(out, "signalType", "Metric");
    append_member(out, "alertState", item.revision == 0 ? "New" : "Acknowledged");
    append_member(out, "monitorCondition", resolved ? "Resolved" : "Fired");
    append_member(out, "monitorService", "Platform");
    append_member(out, "targetResource", target);
    append_member(out, "targetResourceName", target_name);
    const auto rg_at = target.find("/resourceGroups/");
    if (rg_at != std::string::npos) {
        const auto rg_end = target.find('/', rg_at + 16);
        append_member(out, "targetResourceGroup", target.substr(rg_at + 16, rg_end - rg_at - 16));
        append_member(out, "targetResourceType", "virtualmachines");
    }
    append_member(out, "sourceCreatedId", detail::guid(detail::hash(item.hash, 0x5c1d), detail::hash(item.hash, 0x5c1e)));
    append_member(out, "alertRule", estate_id(inv, rule_ref));
    append_member(out, "startDateTime", timestamp(start));
    append_member(out, "lastModifiedDateTime", timestamp(modified));
    append_member(out, "lastModifiedUserName", "System");
    if (resolved) append_member(out, "monitorConditionResolvedDateTime", timestamp(modified));
    out += "\"actionStatus\":{\"isSuppressed\":false},";
    append_member(out, "description", "Metric alert fired by " + estate_name(rule_ref), false);
    out += "},\"egressConfig\":{}},";
    append_member(out, "id", estate_id(inv, item));
    append_member(out, "type", "Microsoft.AlertsManagement/alerts");
    append_member(out, "name", estate_name(rule_ref), false);
    out += '}';
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

std::uint64_t fired_alert_rule_index(const inventory& inv, const estate_item& alert) {
    const std::uint64_t rules = inv.options().metric_alerts_per_subscription;
    if (alert.index % 3 == 2 || rules == 0) return inv.estate_space(estate_kind::metric_alert) + 1000 + alert.index;
    return (alert.hash >> 16) % rules;
}

std::uint64_t subnet_count(const estate_item& network) {
    return (network.hash >> 24) % 3 + network.revision % 2;
}

std::uint64_t blob_container_count(const inventory& inv, const estate_item& account) {
    return inv.options().containers_per_storage_account + account.revision % 2;
}

std::string render_estate_page(const inventory& inv, estate_kind kind, std::uint32_t s,
                               std::uint64_t start, std::size_t page_size,
                               std::string_view next_link_prefix) {
    std::string out = "{\"value\":[";
    const std::uint64_t end = inv.estate_space(kind);
    std::size_t emitted = 0;
    std::optional<std::uint64_t> next;
    for (std::uint64_t i = start; i < end; ++i) {
        const auto item = inv.item(kind, s, i);
        if (!item) continue;
        if (emitted == page_size) {
            next = i;
            break;
        }
        if (emitted++ != 0) out += ',';
        switch (kind) {
        case estate_kind::storage_account: render_storage_account(out, inv, *item); break;
        case estate_kind::virtual_network: render_virtual_network(out, inv, *item); break;
        case estate_kind::container_group: render_container_group(out, inv, *item); break;
        case estate_kind::metric_alert: render_metric_alert(out, inv, *item); break;
        case estate_kind::fired_alert: render_fired_alert(out, inv, *item); break;
        }
    }
    finish_page(out, next, next_link_prefix);
    return out;
}

std::string render_blob_containers_page(const inventory& inv, const estate_item& account,
                                        std::uint64_t start, std::size_t page_size,
                                        std::string_view next_link_prefix) {
    std::string out = "{\"value\":[";
    const std::uint64_t count = blob_container_count(inv, account);
    const std::uint64_t end = std::min<std::uint64_t>(count, start + page_size);
    for (std::uint64_t j = start; j < end; ++j) {
        if (j != start) out += ',';
        render_blob_container(out, inv, account, j);
    }
    std::optional<std::uint64_t> next;
    if (end < count) next = end;
    finish_page(out, next, next_link_prefix);
    return out;
}

} // namespace cloudsync::cloudsim
