// The VM collector's three lists are parsed keeping only the fields their
// parsers read (arm_page_fields): the items must be exactly those of a parse of
// the whole page, for the official examples, cloudsim's pages and pages that
// test the edges (a key given twice, keys spelled with escapes, fields of the
// wrong type), and a page refused one way is refused the other way alike.
#include "cloudsim/azure_pages.hpp"
#include "cloudsim/inventory.hpp"
#include "collectors/azure/network_pages.hpp"
#include "collectors/azure/vm_page.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url =
    "https://management.azure.com/subscriptions/s/providers/Microsoft.Compute/virtualMachines";

// The message of the page_error parse throws, or "" when it parses.
template <class Parse> std::string refusal(Parse parse) {
    try {
        parse();
    } catch (const page_error& e) {
        return e.what();
    }
    return {};
}

void expect_same_vms(const std::string& text) {
    SCOPED_TRACE(text.substr(0, 300));
    const auto kept_error = refusal([&] { parse_vm_page(text, url); });
    const auto whole_error = refusal([&] { parse_vm_page(parse_raw_page(text, url), url); });
    ASSERT_EQ(kept_error, whole_error);
    if (!kept_error.empty())
        return;
    const auto kept = parse_vm_page(text, url);
    const auto whole = parse_vm_page(parse_raw_page(text, url), url);
    EXPECT_EQ(kept.next_link, whole.next_link);
    ASSERT_EQ(kept.items.size(), whole.items.size());
    for (std::size_t i = 0; i < kept.items.size(); ++i) {
        const auto& k = kept.items[i];
        const auto& w = whole.items[i];
        EXPECT_EQ(k.record.native_id, w.record.native_id);
        EXPECT_EQ(k.record.name, w.record.name);
        EXPECT_EQ(k.record.region, w.record.region);
        EXPECT_EQ(k.record.tags, w.record.tags);
        EXPECT_EQ(k.record.raw, w.record.raw);
        const auto& kc = std::get<inventory::vm_columns>(k.record.columns);
        const auto& wc = std::get<inventory::vm_columns>(w.record.columns);
        EXPECT_EQ(kc.state, wc.state);
        EXPECT_EQ(kc.native_state, wc.native_state);
        EXPECT_EQ(kc.size, wc.size);
        EXPECT_EQ(kc.os, wc.os);
        EXPECT_EQ(k.nic_ids, w.nic_ids);
    }
}

void expect_same_network(const std::string& text) {
    SCOPED_TRACE(text.substr(0, 300));
    const auto nic_error = refusal([&] { parse_network_interface_page(text, url); });
    ASSERT_EQ(nic_error,
              refusal([&] { parse_network_interface_page(parse_raw_page(text, url), url); }));
    const auto ip_error = refusal([&] { parse_public_ip_page(text, url); });
    ASSERT_EQ(ip_error, refusal([&] { parse_public_ip_page(parse_raw_page(text, url), url); }));
    if (!nic_error.empty() || !ip_error.empty())
        return; // both parsers refuse the same items
    const auto kept_nics = parse_network_interface_page(text, url);
    const auto whole_nics = parse_network_interface_page(parse_raw_page(text, url), url);
    ASSERT_EQ(kept_nics.items.size(), whole_nics.items.size());
    for (std::size_t i = 0; i < kept_nics.items.size(); ++i) {
        EXPECT_EQ(kept_nics.items[i].id, whole_nics.items[i].id);
        const auto& k = kept_nics.items[i].ip_configurations;
        const auto& w = whole_nics.items[i].ip_configurations;
        ASSERT_EQ(k.size(), w.size());
        for (std::size_t c = 0; c < k.size(); ++c) {
            EXPECT_EQ(k[c].private_ip, w[c].private_ip);
            EXPECT_EQ(k[c].public_ip_id, w[c].public_ip_id);
        }
    }
    const auto kept_ips = parse_public_ip_page(text, url);
    const auto whole_ips = parse_public_ip_page(parse_raw_page(text, url), url);
    ASSERT_EQ(kept_ips.items.size(), whole_ips.items.size());
    for (std::size_t i = 0; i < kept_ips.items.size(); ++i) {
        EXPECT_EQ(kept_ips.items[i].id, whole_ips.items[i].id);
        EXPECT_EQ(kept_ips.items[i].ip_address, whole_ips.items[i].ip_address);
    }
}

TEST(KeptPages, TheOfficialExamplesParseAlike) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    for (const auto* name :
         {"compute.virtualMachines.listAll.json", "compute.virtualMachines.listAll.minimumSet.json",
          "compute.virtualMachines.listByLocation.json"})
        expect_same_vms(test::azure_fixture(name));
    for (const auto* name :
         {"network.networkInterfaces.listAll.json", "network.publicIPAddresses.listAll.json"})
        expect_same_network(test::azure_fixture(name));
}

TEST(KeptPages, CloudsimPagesParseAlike) {
    cloudsim::inventory_options options;
    options.vms_per_subscription = 300;
    const cloudsim::inventory inv(options);
    for (const bool status_only : {false, true})
        expect_same_vms(cloudsim::render_list_page(inv, cloudsim::arm_list::virtual_machines, 0, 0,
                                                   300, status_only, "https://x/next?i="));
    expect_same_network(cloudsim::render_list_page(inv, cloudsim::arm_list::network_interfaces, 0,
                                                   0, 300, false, "https://x/next?i="));
    expect_same_network(cloudsim::render_list_page(inv, cloudsim::arm_list::public_ip_addresses, 0,
                                                   0, 300, false, "https://x/next?i="));
}

TEST(KeptPages, EdgesParseAlike) {
    for (const std::string& text :
         {// A key given twice, at the top, in an item and in properties.
          std::string(R"({"value":[{"id":"/a","name":"x","name":"y","tags":{"k":"1"},)"
                      R"("tags":{"k":"2"},"properties":{"hardwareProfile":{"vmSize":"S"}},)"
                      R"("properties":{"storageProfile":{"osDisk":{"osType":"Linux"}}}}],)"
                      R"("nextLink":"n1","nextLink":"n2"})"),
          std::string(R"({"value":[{"id":"/a"}],"value":[{"id":"/b"}]})"),
          // Keys spelled with escapes: the structural scan declines, raw is serialized.
          std::string(R"({"\u0076alue":[{"\u0069d":"/a","tags":{"t\u00e9":"\n"},"extra":[1,2]}]})"),
          // Fields of the wrong type, nulls, a presence-only osProfile member.
          std::string(R"({"value":[{"id":"/a","name":7,"location":null,"tags":[1],)"
                      R"("properties":{"osProfile":{"linuxConfiguration":{"x":1}},)"
                      R"("instanceView":{"statuses":[{"code":"PowerState/Running"},)"
                      R"({"code":1}]},"networkProfile":{"networkInterfaces":[{"id":"/n"},)"
                      R"("bare",{"id":null}]}}},{"id":"/b","properties":{"osProfile":)"
                      R"({"windowsConfiguration":null,"linuxConfiguration":[]}}}]})"),
          std::string(R"({"value":[{"id":"/a","properties":"flat"}],"nextLink":null})"),
          // Refused alike: not an object, no id, not JSON, no value, bad nextLink.
          std::string(R"({"value":[{"id":"/a"},3]})"), std::string(R"({"value":[{"x":1}]})"),
          std::string(R"({"value":[{"id":"/a"}]} trailing)"), std::string(R"({"items":[]})"),
          std::string(R"({"value":{}})"), std::string(R"({"value":[],"nextLink":{"a":1}})"),
          std::string(R"([1])")}) {
        expect_same_vms(text);
        expect_same_network(text);
    }
}

TEST(KeptPages, NetworkEdgesParseAlike) {
    expect_same_network(
        R"({"value":[{"id":"/n","properties":{"ipConfigurations":[{"properties":)"
        R"({"privateIPAddress":"10.0.0.1","publicIPAddress":{"id":"/p","other":1}}},)"
        R"({"properties":{"privateIPAddress":null}},{"name":"x"},7],"ipAddress":"1.2.3.4"}},)"
        R"({"id":"/p","properties":{"ipAddress":"1.2.3.4","ipAddress":"5.6.7.8"}}]})");
}

} // namespace
} // namespace cloudsync::collectors::azure
