#include "collectors/azure/address_index.hpp"
#include "collectors/azure/vm_page.hpp"
#include "fixture.hpp"
#include "memory_check.hpp"

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

// Two VMs on a page and the address index of their NICs.
const std::string two_vms = R"({"value":[
  {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
   "name":"vm1","location":"westeurope","tags":{"owner":"ops"},
   "properties":{"hardwareProfile":{"vmSize":"Standard_D2s_v5"},
     "storageProfile":{"osDisk":{"osType":"Linux"}},
     "networkProfile":{"networkInterfaces":[
       {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1"}]},
     "instanceView":{"statuses":[{"code":"PowerState/running"}]}}},
  {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm2",
   "name":"vm2","location":"westeurope",
   "properties":{"hardwareProfile":{"vmSize":"Standard_B1s"},
     "networkProfile":{"networkInterfaces":[
       {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic2"}]},
     "instanceView":{"statuses":[{"code":"PowerState/deallocated"}]}}}]})";

address_index addresses_of(std::string nic1_ip, std::string pip1 = "20.1.2.3") {
    const std::string rg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/";
    address_index index;
    index.add_public_ip({rg + "publicIPAddresses/pip1", std::move(pip1)});
    index.add_network_interface(
        {rg + "networkInterfaces/nic1", {{std::move(nic1_ip), rg + "publicIPAddresses/pip1"}}});
    index.add_network_interface({rg + "networkInterfaces/nic2", {{"10.0.0.5", ""}}});
    index.seal();
    return index;
}

vm_page_records build(const std::string& text, const address_index& index,
                      const inventory::content_check* check) {
    return build_vm_records(parse_raw_page(text, url, vm_page_fields()), url, index, check);
}

// Without a check every VM is built, addresses joined, without a key.
TEST(VmRecords, WithoutACheckEveryVmIsBuiltAndJoined) {
    const auto out = build(two_vms, addresses_of("10.0.0.4"), nullptr);
    ASSERT_EQ(out.records.size(), 2u);
    EXPECT_TRUE(out.unchanged.empty());
    const auto& vm1 = std::get<inventory::vm_columns>(out.records[0].columns);
    EXPECT_EQ(vm1.private_ips, std::vector<std::string>{"10.0.0.4"});
    EXPECT_EQ(vm1.public_ips, std::vector<std::string>{"20.1.2.3"});
    EXPECT_FALSE(out.records[0].key);
    // The same records parse_vm_page gives, joined as the collector always did.
    auto page = parse_vm_page(two_vms, url);
    EXPECT_EQ(out.records[1].raw, page.items[1].record.raw);
    EXPECT_EQ(out.records[1].name, "vm2");
}

// A VM is skipped exactly when its text and its addresses are as the check
// holds them: a changed address alone makes it a record again.
TEST(VmRecords, AVmIsUnchangedOnlyWhileItsTextAndAddressesAre) {
    const auto index = addresses_of("10.0.0.4");
    test::memory_check check;
    const auto first = build(two_vms, index, &check);
    ASSERT_EQ(first.records.size(), 2u);
    ASSERT_TRUE(first.records[0].key && first.records[1].key);
    EXPECT_NE(first.records[0].key->content, first.records[1].key->content);
    for (const auto& rec : first.records)
        check.hold(*rec.key);

    const auto again = build(two_vms, index, &check);
    EXPECT_TRUE(again.records.empty());
    ASSERT_EQ(again.unchanged.size(), 2u);
    EXPECT_EQ(again.unchanged[0], *first.records[0].key);

    const auto moved = build(two_vms, addresses_of("10.0.0.9"), &check); // vm1's private IP
    ASSERT_EQ(moved.records.size(), 1u);
    EXPECT_EQ(moved.records[0].name, "vm1");
    EXPECT_EQ(std::get<inventory::vm_columns>(moved.records[0].columns).private_ips,
              std::vector<std::string>{"10.0.0.9"});
    EXPECT_EQ(moved.unchanged.size(), 1u);

    const auto repointed = build(two_vms, addresses_of("10.0.0.4", "20.9.9.9"), &check);
    ASSERT_EQ(repointed.records.size(), 1u); // vm1's public IP
    EXPECT_EQ(repointed.records[0].name, "vm1");

    auto stopped = two_vms;
    stopped.replace(stopped.find("PowerState/running"), 18, "PowerState/stopped");
    const auto restated = build(stopped, index, &check);
    ASSERT_EQ(restated.records.size(), 1u);
    EXPECT_EQ(std::get<inventory::vm_columns>(restated.records[0].columns).state,
              vm_state::stopped);
}

// Pins what vm_derivation versions: the record one VM and its addresses give.
// When this fails because parse_vm, arm_record or the join now derive another
// record from the same inputs, update it and raise vm_derivation, or a resync
// would keep the rows an earlier version derived.
TEST(VmRecords, TheDerivationIsPinned) {
    const auto out = build(two_vms, addresses_of("10.0.0.4"), nullptr);
    ASSERT_EQ(out.records.size(), 2u);
    std::string seen;
    for (const auto& rec : out.records) {
        const auto& c = std::get<inventory::vm_columns>(rec.columns);
        seen += rec.native_id.substr(rec.native_id.rfind('/')) + "|" + rec.name + "|" + rec.region +
                "|" + rec.tags + "|" + std::string(inventory::to_string(c.state)) + "|" +
                c.native_state + "|" + c.size + "|" + c.os + "|";
        for (const auto& ip : c.private_ips)
            seen += ip + ",";
        seen += "|";
        for (const auto& ip : c.public_ips)
            seen += ip + ",";
        seen += "|" + std::to_string(rec.raw.size()) + "\n";
    }
    EXPECT_EQ(vm_derivation, 1u);
    EXPECT_EQ(seen,
              "/vm1|vm1|westeurope|{\"owner\":\"ops\"}|running|running|Standard_D2s_v5|"
              "linux|10.0.0.4,|20.1.2.3,|490\n"
              "/vm2|vm2|westeurope|{}|deallocated|deallocated|Standard_B1s||10.0.0.5,||415\n");
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
