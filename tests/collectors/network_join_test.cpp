#include "collectors/azure/address_index.hpp"
#include "collectors/azure/network_pages.hpp"
#include "fixture.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>

namespace cloudsync::collectors::azure {
namespace {

constexpr std::string_view nic_url =
    "https://management.azure.com/subscriptions/s/providers/Microsoft.Network/networkInterfaces";
constexpr std::string_view pip_url =
    "https://management.azure.com/subscriptions/s/providers/Microsoft.Network/publicIPAddresses";
const std::string rg1 = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/";

TEST(NetworkInterfacePage, ParsesOfficialExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page = parse_network_interface_page(
        test::azure_fixture("network.networkInterfaces.listAll.json"), nic_url);
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_FALSE(page.next_link);
    EXPECT_EQ(page.items[0].id, rg1 + "rg1/providers/Microsoft.Network/networkInterfaces/test-nic");
    ASSERT_EQ(page.items[0].ip_configurations.size(), 1u);
    EXPECT_EQ(page.items[0].ip_configurations[0].private_ip, "172.20.2.4");
    EXPECT_EQ(page.items[0].ip_configurations[0].public_ip_id,
              rg1 + "rg1/providers/Microsoft.Network/publicIPAddresses/test-ip");
    EXPECT_EQ(page.items[1].id,
              rg1 + "rgnew/providers/Microsoft.Network/networkInterfaces/test-nic2");
    EXPECT_EQ(page.items[1].ip_configurations[0].public_ip_id,
              rg1 + "rgnew/providers/Microsoft.Network/publicIPAddresses/test-ip2");
}

TEST(PublicIpPage, ParsesOfficialExample) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto page = parse_public_ip_page(
        test::azure_fixture("network.publicIPAddresses.listAll.json"), pip_url);
    ASSERT_EQ(page.items.size(), 3u);
    EXPECT_EQ(page.items[0].id,
              rg1 + "rg1/providers/Microsoft.Network/publicIPAddresses/testDNS-ip");
    EXPECT_EQ(page.items[0].ip_address, ""); // dynamic, not allocated
    EXPECT_EQ(page.items[1].ip_address, "40.85.154.247");
    EXPECT_EQ(page.items[2].id, rg1 + "rg2/providers/Microsoft.Network/publicIPAddresses/ip02");
    EXPECT_EQ(page.items[2].ip_address, "40.85.154.248");
}

TEST(ArmKey, IgnoresCaseAndSeparatesIds) {
    EXPECT_EQ(arm_key("/subscriptions/A/resourceGroups/RG/x"),
              arm_key("/subscriptions/a/resourcegroups/rg/X"));
    EXPECT_NE(arm_key("/subscriptions/a/x1"), arm_key("/subscriptions/a/x2"));
    EXPECT_NE(arm_key(""), arm_key("/"));
}

// Only ASCII capitals fold, at every position of the eight-byte steps and the
// tail; every other byte (such as '@' and '`', or UTF-8) keeps its identity.
TEST(ArmKey, FoldsExactlyTheAsciiCapitals) {
    const std::string prefix = "/subscriptions/s/resourceGroups/";
    for (std::size_t pad = 0; pad < 9; ++pad) {
        for (int b = 0; b < 256; ++b) {
            const auto byte = static_cast<char>(b);
            const bool capital = b >= 'A' && b <= 'Z';
            const auto other = static_cast<char>(b ^ 0x20);
            const std::string id = prefix + std::string(pad, 'x') + byte + "/tail";
            const std::string flipped = prefix + std::string(pad, 'x') + other + "/tail";
            const bool folds = capital || (b >= 'a' && b <= 'z');
            EXPECT_EQ(arm_key(id) == arm_key(flipped), folds) << "byte " << b << " pad " << pad;
        }
    }
    EXPECT_NE(arm_key("/a/b"), arm_key("/a/b/"));
    EXPECT_NE(arm_key("12345678"), arm_key("1234567"));
}

// The official NICs point at public IPs test-ip / test-ip2 that the official
// public-IP list does not contain: the join must leave them out, not invent them.
TEST(AddressIndex, FormatsIpv4AsInetNtopDoes) {
    auto check = [](std::uint32_t value) {
        char expected[INET_ADDRSTRLEN] = {};
        in_addr v4{};
        v4.s_addr = value;
        ASSERT_NE(inet_ntop(AF_INET, &v4, expected, sizeof expected), nullptr);
        EXPECT_EQ(format_ipv4(value), expected);
    };
    // Every byte value in every position, and a spread of whole addresses.
    for (std::uint32_t b = 0; b < 256; ++b)
        for (int shift = 0; shift < 32; shift += 8)
            check(b << shift | (255u - b) << ((shift + 8) % 32));
    std::uint32_t x = 12345;
    for (int i = 0; i < 100000; ++i) {
        x = x * 1664525u + 1013904223u;
        check(x);
    }
}

TEST(AddressIndex, JoinsOfficialExamplesAndSkipsMissingPublicIps) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    address_index index;
    for (const auto& ip :
         parse_public_ip_page(test::azure_fixture("network.publicIPAddresses.listAll.json"),
                              pip_url)
             .items)
        index.add_public_ip(ip);
    EXPECT_EQ(index.public_ips(), 2u); // testDNS-ip has no address yet
    for (const auto& nic :
         parse_network_interface_page(test::azure_fixture("network.networkInterfaces.listAll.json"),
                                      nic_url)
             .items)
        index.add_network_interface(nic);
    index.seal();
    std::vector<std::string> private_ips, public_ips;
    index.append_addresses(rg1 + "RG1/providers/Microsoft.Network/networkInterfaces/TEST-NIC",
                           private_ips, public_ips);
    EXPECT_EQ(private_ips, std::vector<std::string>{"172.20.2.4"});
    EXPECT_TRUE(public_ips.empty());
    EXPECT_EQ(index.public_ips(), 0u); // freed by seal()
}

TEST(AddressIndex, ResolvesPublicIpsCaseInsensitivelyKeepsOrderAndIpv6) {
    address_index index;
    index.add_public_ip({"/subs/s/publicIPAddresses/PIP-B", "2001:db8::1"});
    index.add_public_ip({"/subs/s/publicIPAddresses/pip-a", "40.85.154.247"});
    index.add_public_ip({"/subs/s/publicIPAddresses/pip-bad", "not-an-ip"});
    index.add_network_interface({"/subs/s/networkInterfaces/nic-1",
                                 {{"10.0.0.4", "/subs/s/publicIPAddresses/Pip-A"},
                                  {"10.0.0.5", ""},
                                  {"fd00::5", "/subs/s/publicIPAddresses/pip-b"},
                                  {"", "/subs/s/publicIPAddresses/pip-bad"}}});
    index.add_network_interface({"/subs/s/networkInterfaces/nic-0", {{"10.1.0.4", ""}}});
    index.seal();
    std::vector<std::string> private_ips, public_ips;
    index.append_addresses("/SUBS/S/networkInterfaces/NIC-1", private_ips, public_ips);
    EXPECT_EQ(private_ips, (std::vector<std::string>{"10.0.0.4", "10.0.0.5", "fd00::5"}));
    EXPECT_EQ(public_ips, (std::vector<std::string>{"40.85.154.247", "2001:db8::1"}));
    index.append_addresses("/subs/s/networkInterfaces/nic-0", private_ips, public_ips);
    EXPECT_EQ(private_ips.back(), "10.1.0.4");
    std::vector<std::string> none_private, none_public;
    index.append_addresses("/subs/s/networkInterfaces/unknown", none_private, none_public);
    EXPECT_TRUE(none_private.empty());
    EXPECT_TRUE(none_public.empty());
}

// NICs with one private and one public address each must stay compact: 16 bytes
// per address and at most 4 of lookup directory, independent of the length of
// ARM ids (so a million VMs with two addresses need at most 40 MB). 200k keeps
// the Debug test fast; the cost is linear.
TEST(AddressIndex, ManyNicsStayCompact) {
    address_index index;
    const std::string prefix =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-bench/providers/"
        "Microsoft.Network/";
    constexpr int count = 200'000;
    auto ipv4 = [](int i) {
        return "10." + std::to_string((i >> 16) & 255) + "." + std::to_string((i >> 8) & 255) +
               "." + std::to_string(i & 255);
    };
    for (int i = 0; i < count; ++i)
        index.add_public_ip({prefix + "publicIPAddresses/pip-" + std::to_string(i), ipv4(i)});
    for (int i = 0; i < count; ++i)
        index.add_network_interface(
            {prefix + "networkInterfaces/nic-" + std::to_string(i),
             {{ipv4(count - i), prefix + "publicIPAddresses/pip-" + std::to_string(i)}}});
    index.seal();
    EXPECT_EQ(index.nic_rows(), 2u * count);
    EXPECT_LE(index.memory_bytes(), 2u * count * (16u + 4u));
    std::vector<std::string> private_ips, public_ips;
    index.append_addresses(prefix + "networkInterfaces/nic-123456", private_ips, public_ips);
    EXPECT_EQ(private_ips, std::vector<std::string>{ipv4(count - 123456)});
    EXPECT_EQ(public_ips, std::vector<std::string>{ipv4(123456)});
}

} // namespace
} // namespace cloudsync::collectors::azure
