// Virtual network pages: the official ListAll example (networks and their
// subnets), prefixes given as a list, and pages that must be refused.
#include "collectors/azure/virtual_network_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view url = "https://management.azure.com/subscriptions/s/providers/"
                                 "Microsoft.Network/virtualNetworks?api-version=2025-09-01";
const std::string vnet1 = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/"
                          "providers/Microsoft.Network/virtualNetworks/vnet1";

TEST(VirtualNetworkPage, ParsesOfficialListAll) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::azure_fixture("network.virtualNetworks.listAll.json");
    const auto page = parse_virtual_network_page(text, url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_FALSE(page.next_link);
    const auto& first = page.items[0];
    EXPECT_EQ(first.network.native_id, vnet1);
    EXPECT_EQ(first.network.name, "vnet1");
    EXPECT_EQ(first.network.region, "westus");
    EXPECT_EQ(first.network.tags, "{}");
    EXPECT_EQ(inventory::table_of(first.network), inventory::table::networks);
    EXPECT_EQ(std::get<inventory::network_columns>(first.network.columns).cidrs,
              std::vector<std::string>{"10.0.0.0/8"});
    EXPECT_EQ(boost::json::parse(first.network.raw), boost::json::parse(text).at("value").at(0));
    ASSERT_EQ(first.subnets.size(), 1u);
    const auto& subnet = first.subnets[0];
    EXPECT_EQ(subnet.native_id, vnet1 + "/subnets/test-1");
    EXPECT_EQ(subnet.name, "test-1");
    EXPECT_EQ(subnet.region, "westus"); // the network's
    EXPECT_EQ(inventory::table_of(subnet), inventory::table::subnets);
    const auto& columns = std::get<inventory::subnet_columns>(subnet.columns);
    EXPECT_EQ(columns.network_id, vnet1);
    EXPECT_EQ(columns.cidr, "10.0.0.0/24");
    EXPECT_EQ(boost::json::parse(subnet.raw),
              boost::json::parse(text).at("value").at(0).at("properties").at("subnets").at(0));
    const auto& second = page.items[1];
    EXPECT_EQ(second.network.name, "vnet2");
    EXPECT_EQ(std::get<inventory::network_columns>(second.network.columns).cidrs,
              std::vector<std::string>{"10.0.0.0/16"});
    EXPECT_TRUE(second.subnets.empty()); // "subnets": []
}

TEST(VirtualNetworkPage, SubnetPrefixFromAddressPrefixesAndSeveralSpaces) {
    const auto page = parse_virtual_network_page(
        R"({"value":[{"id":"/v","location":"x","properties":{
              "addressSpace":{"addressPrefixes":["10.0.0.0/16","fd00::/48"]},
              "subnets":[{"id":"/v/subnets/a","properties":{"addressPrefixes":["10.0.1.0/24","fd00::/64"]}},
                         {"id":"/v/subnets/b"}]}}],
            "nextLink":"https://management.azure.com/next"})",
        url);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.next_link, "https://management.azure.com/next");
    const auto& item = page.items[0];
    EXPECT_EQ(item.network.name, "v"); // from the id
    EXPECT_EQ(std::get<inventory::network_columns>(item.network.columns).cidrs,
              (std::vector<std::string>{"10.0.0.0/16", "fd00::/48"}));
    ASSERT_EQ(item.subnets.size(), 2u);
    EXPECT_EQ(std::get<inventory::subnet_columns>(item.subnets[0].columns).cidr, "10.0.1.0/24");
    EXPECT_EQ(item.subnets[1].name, "b");
    EXPECT_EQ(std::get<inventory::subnet_columns>(item.subnets[1].columns).cidr, "");
}

TEST(VirtualNetworkPage, MalformedPagesAreRefused) {
    for (const std::string text :
         {"", "null", R"({"value":null})", R"({"value":[{"name":"vnet"}]})",
          R"({"value":[{"id":"/v","properties":{"subnets":[{"name":"no id"}]}}]})",
          R"({"value":[{"id":"/v","properties":{"subnets":["x"]}}]})"}) {
        EXPECT_THROW(parse_virtual_network_page(text, url), page_error) << text;
    }
}

} // namespace
} // namespace cloudsync::collectors::azure
