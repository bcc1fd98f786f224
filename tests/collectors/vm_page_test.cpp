#include "collectors/azure/address_index.hpp"
#include "collectors/azure/vm_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

using inventory::vm_state;

constexpr std::string_view url =
    "https://management.azure.com/subscriptions/s/providers/Microsoft.Compute/virtualMachines";
const std::string vm_id = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/"
                          "providers/Microsoft.Compute/virtualMachines/{virtualMachineName}";
const std::string nic_id = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/"
                           "providers/Microsoft.Network/networkInterfaces/{networkInterfaceName}";

const inventory::vm_columns& columns(const vm_item& vm) {
    return std::get<inventory::vm_columns>(vm.record.columns);
}

TEST(VmPage, ParsesOfficialListAllMaximumSet) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("compute.virtualMachines.listAll.json");
    const auto page = parse_vm_page(text, url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.next_link, "a://example.com/a");
    const auto& vm = page.items[0];
    EXPECT_EQ(vm.record.native_id, vm_id);
    EXPECT_EQ(vm.record.name, "{virtualMachineName}");
    EXPECT_EQ(vm.record.region, "eastus");
    EXPECT_EQ(vm.record.tags, "{}");
    EXPECT_EQ(columns(vm).size, "Standard_A0");
    EXPECT_EQ(columns(vm).os, "windows");    // osType wins over the both-present osProfile configs
    EXPECT_EQ(columns(vm).native_state, ""); // no instanceView in this example
    EXPECT_EQ(columns(vm).state, vm_state::unknown);
    EXPECT_EQ(vm.nic_ids, std::vector<std::string>{nic_id});
    // raw is the VM as the API returned it (compact JSON, same value)
    const auto original = boost::json::parse(text).at("value").at(0);
    EXPECT_EQ(boost::json::parse(vm.record.raw), original);
    EXPECT_EQ(inventory::table_of(vm.record), inventory::table::vms);
}

TEST(VmPage, ParsesOfficialListAllMinimumSet) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page =
        parse_vm_page(test::azure_fixture("compute.virtualMachines.listAll.minimumSet.json"), url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_FALSE(page.next_link);
    const auto& vm = page.items[1];
    EXPECT_EQ(vm.record.native_id, vm_id);
    EXPECT_EQ(vm.record.name, "{virtualMachineName}"); // from the id: no "name" member
    EXPECT_EQ(vm.record.region, "eastus");
    EXPECT_EQ(vm.record.tags, "{}");
    EXPECT_EQ(columns(vm).size, "");
    EXPECT_EQ(columns(vm).os, "");
    EXPECT_EQ(columns(vm).state, vm_state::unknown);
    EXPECT_TRUE(vm.nic_ids.empty());
}

TEST(VmPage, ParsesOfficialListByLocation) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page =
        parse_vm_page(test::azure_fixture("compute.virtualMachines.listByLocation.json"), url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_FALSE(page.next_link);
    const auto& vm = page.items[0];
    EXPECT_EQ(vm.record.native_id, vm_id);
    EXPECT_EQ(vm.record.region, "eastus");
    EXPECT_EQ(boost::json::parse(vm.record.tags),
              boost::json::parse(R"({"RG":"rg","testTag":"1"})"));
    EXPECT_EQ(columns(vm).size, "Standard_A0");
    EXPECT_EQ(columns(vm).os, "windows");
    EXPECT_EQ(vm.nic_ids, std::vector<std::string>{nic_id});
}

TEST(VmPage, PowerStateFromOfficialInstanceView) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto view =
        boost::json::parse(test::azure_fixture("compute.virtualMachines.instanceView.json"));
    EXPECT_EQ(power_state_code(view), "running"); // ProvisioningState/succeeded comes first
    EXPECT_EQ(normalize_power_state(power_state_code(view)), vm_state::running);
}

TEST(VmPage, StatusOnlyListCarriesInstanceViewAndJoinsAddresses) {
    const std::string text = R"({"value":[{
        "id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
        "name":"vm1","location":"westeurope","tags":{"owner":"ops"},
        "properties":{"hardwareProfile":{"vmSize":"Standard_D2s_v5"},
          "osProfile":{"linuxConfiguration":{}},
          "networkProfile":{"networkInterfaces":[
            {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/NIC1"}]},
          "instanceView":{"statuses":[{"code":"ProvisioningState/succeeded"},
                                      {"code":"PowerState/deallocating"}]}}}],
      "nextLink":"https://management.azure.com/subscriptions/s/providers/Microsoft.Compute/virtualMachines?$skiptoken=x"})";
    auto page = parse_vm_page(text, url);
    ASSERT_EQ(page.items.size(), 1u);
    auto& vm = page.items[0];
    EXPECT_EQ(columns(vm).os, "linux");
    EXPECT_EQ(columns(vm).native_state, "deallocating");
    EXPECT_EQ(columns(vm).state, vm_state::stopping);
    EXPECT_EQ(vm.record.tags, R"({"owner":"ops"})");

    address_index index;
    index.add_public_ip(
        {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip1",
         "20.1.2.3"});
    index.add_network_interface(
        {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1",
         {{"10.0.0.4", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
                       "publicIPAddresses/PIP1"}}});
    index.seal();
    auto& cols = std::get<inventory::vm_columns>(vm.record.columns);
    for (const auto& nic : vm.nic_ids)
        index.append_addresses(nic, cols.private_ips, cols.public_ips);
    EXPECT_EQ(cols.private_ips, std::vector<std::string>{"10.0.0.4"});
    EXPECT_EQ(cols.public_ips, std::vector<std::string>{"20.1.2.3"});
}

TEST(PowerState, NormalizationTable) {
    const std::vector<std::pair<std::string, vm_state>> table = {
        {"running", vm_state::running},
        {"Running", vm_state::running},
        {"stopped", vm_state::stopped},
        {"deallocated", vm_state::deallocated},
        {"starting", vm_state::starting},
        {"stopping", vm_state::stopping},
        {"deallocating", vm_state::stopping},
        {"unknown", vm_state::unknown},
        {"", vm_state::unknown},
        {"hibernated", vm_state::unknown}};
    for (const auto& [code, state] : table)
        EXPECT_EQ(normalize_power_state(code), state) << code;
}

TEST(VmOs, FromOsTypeOrProfile) {
    EXPECT_EQ(vm_os(boost::json::parse(R"({"storageProfile":{"osDisk":{"osType":"Linux"}}})")),
              "linux");
    EXPECT_EQ(vm_os(boost::json::parse(R"({"osProfile":{"windowsConfiguration":{}}})")), "windows");
    EXPECT_EQ(vm_os(boost::json::parse(R"({"storageProfile":{"osDisk":{"osType":null}}})")), "");
}

} // namespace
} // namespace cloudsync::collectors::azure
