// Compute network and subnetwork pages: the official networks.get item in a
// list page, both official subnetworks aggregatedList captures, the join of
// subnet ranges into networks (and that subnets.network_id is a network's
// native_id), legacy networks, and pages that must be refused.
#include "collectors/gcp/network_join.hpp"
#include "collectors/gcp/network_page.hpp"
#include "collectors/gcp/subnetwork_page.hpp"
#include "fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace cloudsync::collectors::gcp {
namespace {

constexpr std::string_view networks_url =
    "https://compute.googleapis.com/compute/v1/projects/gcpdiag-gce1-aaaa/global/networks";
constexpr std::string_view subnetworks_url =
    "https://compute.googleapis.com/compute/v1/projects/p/aggregated/subnetworks"
    "?includeAllScopes=true&maxResults=500&returnPartialSuccess=true";

const std::vector<std::string>& cidrs(const inventory::record& rec) {
    return std::get<inventory::network_columns>(rec.columns).cidrs;
}
const inventory::subnet_columns& subnet(const inventory::record& rec) {
    return std::get<inventory::subnet_columns>(rec.columns);
}

// networks.list has no official capture: its items have the networks.get shape.
std::string list_of(const std::string& network) {
    return R"({"kind":"compute#networkList","items":[)" + network + "]}";
}

TEST(GcpNetworkPage, ParsesTheOfficialNetworkInAListPage) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto item = test::gcp_fixture("compute/networks.get.default.gcpdiag-gce1.json");
    const auto page = parse_network_page(list_of(item), networks_url);
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    ASSERT_EQ(page.items.size(), 1u);
    const auto& rec = page.items[0];
    EXPECT_EQ(rec.native_id,
              "//compute.googleapis.com/projects/gcpdiag-gce1-aaaa/global/networks/default");
    EXPECT_EQ(rec.name, "default");
    EXPECT_EQ(rec.region, "global");
    EXPECT_EQ(rec.tags, "{}");
    EXPECT_EQ(inventory::table_of(rec), inventory::table::networks);
    EXPECT_TRUE(cidrs(rec).empty()); // an auto-mode VPC: its ranges are its subnets'
    EXPECT_EQ(boost::json::parse(rec.raw), boost::json::parse(item));
}

TEST(GcpSubnetworkPage, ParsesTheOfficialAggregatedList) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text = test::gcp_fixture("compute/subnetworks.aggregatedList.gcpdiag-apigee1.json");
    const auto page = parse_subnetwork_page(text, subnetworks_url);
    EXPECT_FALSE(page.next_page_token);
    EXPECT_TRUE(page.complete);
    EXPECT_EQ(page.warnings.size(), 36u);
    ASSERT_EQ(page.items.size(), 1u);
    const auto& rec = page.items[0];
    EXPECT_EQ(rec.native_id, "//compute.googleapis.com/projects/gcpdiag-apigee1-aaaa/regions/"
                             "us-central1/subnetworks/apigee-subnetwork");
    EXPECT_EQ(rec.name, "apigee-subnetwork");
    EXPECT_EQ(rec.region, "us-central1");
    EXPECT_EQ(rec.tags, "{}");
    EXPECT_EQ(inventory::table_of(rec), inventory::table::subnets);
    EXPECT_EQ(subnet(rec).cidr, "10.128.0.0/20");
    EXPECT_EQ(subnet(rec).network_id,
              "//compute.googleapis.com/projects/gcpdiag-apigee1-aaaa/global/networks/"
              "apigee-network");
    EXPECT_EQ(
        boost::json::parse(rec.raw),
        boost::json::parse(text).at("items").at("regions/us-central1").at("subnetworks").at(0));
}

TEST(GcpSubnetworkPage, JoinsTheOfficialIncludeAllScopesListIntoItsNetwork) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text =
        test::gcp_fixture("compute/subnetworks.aggregatedList.includeAllScopes.kcc-golden.json");
    const auto subnets = parse_subnetwork_page(text, subnetworks_url);
    EXPECT_TRUE(subnets.complete);
    EXPECT_EQ(subnets.warnings.size(), 129u); // global, one region, every zone
    EXPECT_EQ(subnets.warnings[0].scope, "global");
    ASSERT_EQ(subnets.items.size(), 41u);
    const auto& first = subnets.items[0];
    EXPECT_EQ(first.native_id, "//compute.googleapis.com/projects/${projectId}/regions/"
                               "africa-south1/subnetworks/default");
    EXPECT_EQ(first.region, "africa-south1");
    EXPECT_EQ(subnet(first).cidr, "10.218.0.0/20");
    EXPECT_EQ(subnets.items[1].region, "asia-east1");
    EXPECT_EQ(subnet(subnets.items[1]).cidr, "10.140.0.0/20");

    // The network these subnets name, as networks.list would give it.
    auto networks = parse_network_page(list_of(R"({"name":"default","autoCreateSubnetworks":true,
                    "selfLink":"https://www.googleapis.com/compute/v1/projects/${projectId}/global/networks/default"},
                   {"name":"other","selfLink":"projects/${projectId}/global/networks/other"})"),
                                       networks_url);
    ASSERT_EQ(networks.items.size(), 2u);
    join_subnet_ranges(networks.items, subnets.items);
    // subnets JOIN networks ON subnets.network_id = networks.native_id
    for (const auto& rec : subnets.items)
        EXPECT_EQ(subnet(rec).network_id, networks.items[0].native_id);
    const auto& joined = cidrs(networks.items[0]);
    ASSERT_EQ(joined.size(), 41u);
    EXPECT_TRUE(std::is_sorted(joined.begin(), joined.end()));
    EXPECT_EQ(joined.front(), "10.128.0.0/20");
    EXPECT_EQ(joined.back(), "10.226.0.0/20");
    EXPECT_NE(std::find(joined.begin(), joined.end(), "10.218.0.0/20"), joined.end());
    EXPECT_TRUE(cidrs(networks.items[1]).empty());
}

TEST(GcpNetworkJoin, LegacyRangeOrderAndRepeats) {
    auto legacy = parse_network_page(
        R"({"items":[{"selfLink":"projects/p/global/networks/legacy","IPv4Range":"10.240.0.0/16",
                      "gatewayIPv4":"10.240.0.1"}]})",
        networks_url);
    ASSERT_EQ(legacy.items.size(), 1u);
    EXPECT_EQ(legacy.items[0].name, "legacy");
    EXPECT_EQ(cidrs(legacy.items[0]), std::vector<std::string>{"10.240.0.0/16"});

    const auto subnets = parse_subnetwork_page(R"({"items":{
        "regions/b": {"subnetworks":[
          {"selfLink":"projects/p/regions/b/subnetworks/s2","network":"projects/p/global/networks/n",
           "ipCidrRange":"10.2.0.0/24","secondaryIpRanges":[{"rangeName":"pods","ipCidrRange":"10.8.0.0/14"}]},
          {"selfLink":"projects/p/regions/b/subnetworks/s3","network":"projects/p/global/networks/n",
           "ipCidrRange":"10.1.0.0/24"}]},
        "regions/a": {"subnetworks":[
          {"selfLink":"projects/p/regions/a/subnetworks/s1","network":"projects/p/global/networks/n",
           "ipCidrRange":"10.1.0.0/24"},
          {"selfLink":"projects/p/regions/a/subnetworks/s4","network":"projects/p/global/networks/n"}]}},
        "nextPageToken":"next"})",
                                               subnetworks_url);
    EXPECT_EQ(subnets.next_page_token, "next");
    ASSERT_EQ(subnets.items.size(), 4u);
    EXPECT_EQ(subnet(subnets.items[3]).cidr, ""); // none given: none invented
    auto networks = parse_network_page(R"({"items":[{"selfLink":"projects/p/global/networks/n"}]})",
                                       networks_url);
    subnet_ranges ranges;
    for (auto it = subnets.items.rbegin(); it != subnets.items.rend(); ++it)
        ranges.add(*it);
    ranges.add(legacy.items[0]); // not a subnet: ignored
    ranges.fill(networks.items[0]);
    // Primary ranges only (secondary ones stay in the subnet's raw), sorted, once each.
    EXPECT_EQ(cidrs(networks.items[0]), (std::vector<std::string>{"10.1.0.0/24", "10.2.0.0/24"}));
    auto subnet_record = subnets.items[0];
    ranges.fill(subnet_record); // not a network: untouched
    EXPECT_EQ(subnet(subnet_record).cidr, "10.2.0.0/24");
}

TEST(GcpNetworkPages, MalformedPagesAreRefused) {
    for (
        const std::string& text : std::vector<std::string>{
            "", "{\"items\":[", "null", R"({"items":"x"})", R"({"items":[5]})",
            R"({"items":[{"name":"no link"}]})",
            R"({"items":[{"selfLink":"projects/p/regions/r/subnetworks/s"}]})",
            R"({"items":[{"selfLink":"projects/p/global/networks/n","id":1}]})",
            R"({"items":[{"selfLink":"projects/p/global/networks/n","IPv4Range":["10.0.0.0/8"]}]})",
            R"({"items":[{"selfLink":"projects/p/global/networks/n","name":{}}]})",
            R"({"items":[{"selfLink":"projects/p/global/networks/n"}],"nextPageToken":[]})"})
        EXPECT_THROW(parse_network_page(text, networks_url), page_error) << text;
    const std::string ok_link = R"("selfLink":"projects/p/regions/r/subnetworks/s")";
    const std::string ok_net = R"("network":"projects/p/global/networks/n")";
    const auto one = [](const std::string& members) {
        return R"({"items":{"regions/r":{"subnetworks":[{)" + members + "}]}}}";
    };
    for (const std::string& text : std::vector<std::string>{
             "", "{", R"({"items":{"regions/r":{"subnetworks":"x"}}})",
             R"({"items":{"regions/r":5}})", one(ok_net), one(ok_link),
             one(ok_link + R"(,"network":"projects/p/regions/r/subnetworks/s")"),
             one(ok_link + R"(,"network":7)"), one(ok_link + "," + ok_net + R"(,"ipCidrRange":5)"),
             one(ok_link + "," + ok_net + R"(,"id":5)"),
             R"({"items":{"regions/other":{"subnetworks":[{)" + ok_link + "," + ok_net + "}]}}}"})
        EXPECT_THROW(parse_subnetwork_page(text, subnetworks_url), page_error) << text;
    EXPECT_EQ(parse_subnetwork_page(one(ok_link + "," + ok_net), subnetworks_url).items.size(), 1u);
}

TEST(GcpNetworkPages, TruncatedOfficialPagesAreRefused) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto text =
        test::gcp_fixture("compute/subnetworks.aggregatedList.includeAllScopes.kcc-golden.json");
    for (const auto cut : {std::size_t(1), text.size() / 2, text.size() - 2})
        EXPECT_THROW(parse_subnetwork_page(text.substr(0, cut), subnetworks_url), page_error);
    const auto network =
        list_of(test::gcp_fixture("compute/networks.get.default.gcpdiag-gce1.json"));
    EXPECT_THROW(parse_network_page(network.substr(0, network.size() / 2), networks_url),
                 page_error);
}

} // namespace
} // namespace cloudsync::collectors::gcp
