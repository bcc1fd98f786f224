#include "cloudsim/sim_fixture.hpp"

#include <boost/algorithm/string/replace.hpp>

#include <fstream>

namespace cloudsync::cloudsim::testing {
namespace {

namespace json = boost::json;

using ArmTest = sim_test;

void expect_arm_error(const response& res, unsigned status, const std::string& code) {
    EXPECT_EQ(res.result_int(), status) << res.body();
    const auto body = parse_json(res.body());
    EXPECT_EQ(keys_of(body), std::set<std::string>{"error"});
    EXPECT_EQ(body.at("error").at("code").as_string(), code) << res.body();
    EXPECT_FALSE(body.at("error").at("message").as_string().empty());
}

// Every key we send exists in the official example object (we send a subset).
void expect_keys_within(const json::value& ours, const json::value& official, const std::string& where) {
    for (const auto& key : keys_of(ours)) {
        EXPECT_TRUE(official.as_object().contains(key)) << where << " has unofficial key " << key;
    }
}

TEST_F(ArmTest, RequiresBearerTokenItIssued) {
    const std::string target = list_path(0, "Microsoft.Compute/virtualMachines");
    const auto missing = client->get(target);
    expect_arm_error(missing, 401, "AuthenticationFailed");
    EXPECT_EQ(std::string(missing[boost::beast::http::field::www_authenticate]).rfind("Bearer ", 0), 0u);
    expect_arm_error(client->get(target, {{"Authorization", "Bearer forged"}}), 401, "InvalidAuthenticationToken");
    EXPECT_EQ(arm_get(target).result_int(), 200);
    sim.expire_tokens();
    const auto expired = arm_get(target);
    expect_arm_error(expired, 401, "ExpiredAuthenticationToken");
    EXPECT_NE(std::string(expired[boost::beast::http::field::www_authenticate]).find("invalid_token"), std::string::npos);
    EXPECT_EQ(sim.stats().auth_failures, 3u);
    token = fresh_token();
    EXPECT_EQ(arm_get(target).result_int(), 200);
}

TEST_F(ArmTest, TokenExpiresAfterItsLifetime) {
    auto o = sim_options();
    o.token_lifetime = std::chrono::seconds(1);
    server short_lived(o);
    short_lived.start();
    test_client c(short_lived.port());
    const auto t = c.token(tenant, client_id, client_secret, short_lived.base_url() + "/.default");
    const std::string target = "/subscriptions?api-version=2022-12-01";
    EXPECT_EQ(c.get(target, {{"Authorization", "Bearer " + t}}).result_int(), 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    expect_arm_error(c.get(target, {{"Authorization", "Bearer " + t}}), 401, "ExpiredAuthenticationToken");
}

TEST_F(ArmTest, RejectsMissingApiVersionUnknownSubscriptionAndRoute) {
    expect_arm_error(arm_get("/subscriptions/" + subscription(0) + "/providers/Microsoft.Compute/virtualMachines"),
                     400, "MissingApiVersionParameter");
    expect_arm_error(arm_get("/subscriptions?api-version=yesterday"), 400, "InvalidApiVersionParameter");
    expect_arm_error(arm_get("/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
                             "Microsoft.Compute/virtualMachines?api-version=2024-07-01"),
                     404, "SubscriptionNotFound");
    expect_arm_error(arm_get("/subscriptions/" + subscription(0) + "/providers/Microsoft.Foo/bars?api-version=2024-07-01"),
                     404, "NotFound");
    expect_arm_error(arm_get("/nothing/here?api-version=2024-07-01"), 404, "NotFound");
    expect_arm_error(arm_get(list_path(0, "Microsoft.Compute/virtualMachines") + "&%24skiptoken=zz"), 400,
                     "InvalidSkipToken");
}

TEST_F(ArmTest, ListsSubscriptionsInOfficialShape) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    auto o = sim_options(250, 1);
    sim.set_inventory(o.inventory);
    const auto all = list_all("/subscriptions?api-version=2022-12-01");
    ASSERT_EQ(all.items.size(), 250u);
    EXPECT_EQ(all.pages, 3u);
    const auto official = read_fixture("resources.subscriptions.list.json").at("value").at(0);
    std::set<std::string> ids;
    for (const auto& s : all.items) {
        expect_keys_within(s, official, "subscription");
        EXPECT_EQ(s.at("tenantId").as_string(), tenant);
        EXPECT_EQ(s.at("id").as_string(), "/subscriptions/" + std::string(s.at("subscriptionId").as_string()));
        ids.emplace(s.at("subscriptionId").as_string());
    }
    EXPECT_EQ(ids.size(), 250u);
}

TEST_F(ArmTest, PagesVirtualMachinesToCompletion) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("compute.virtualMachines.listAll.json").at("value").at(0);
    std::set<std::string> ids;
    for (std::uint32_t s = 0; s < 2; ++s) {
        const auto all = list_all(list_path(s, "Microsoft.Compute/virtualMachines"));
        ASSERT_EQ(all.items.size(), 50u);
        EXPECT_EQ(all.pages, 3u); // 20 + 20 + 10
        for (const auto& vm : all.items) {
            expect_keys_within(vm, official, "vm");
            expect_keys_within(vm.at("properties"), official.at("properties"), "vm.properties");
            const std::string id(vm.at("id").as_string());
            EXPECT_EQ(id.rfind("/subscriptions/" + subscription(s) + "/resourceGroups/rg-", 0), 0u) << id;
            EXPECT_NE(id.find("/providers/Microsoft.Compute/virtualMachines/" + std::string(vm.at("name").as_string())),
                      std::string::npos);
            const auto os = vm.at("properties").at("storageProfile").at("osDisk").at("osType").as_string();
            EXPECT_TRUE(os == "Linux" || os == "Windows");
            EXPECT_FALSE(vm.at("properties").as_object().contains("instanceView"));
            ids.insert(id);
        }
    }
    EXPECT_EQ(ids.size(), 100u);
    EXPECT_EQ(sim.stats().count("virtualMachines"), 6u);
    EXPECT_EQ(sim.stats().count("token"), 1u);
}

TEST_F(ArmTest, StatusOnlyAddsInstanceViewStatuses) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto official = read_fixture("compute.virtualMachines.instanceView.json").at("statuses");
    const auto all = list_all(list_path(0, "Microsoft.Compute/virtualMachines") + "&statusOnly=true");
    ASSERT_EQ(all.items.size(), 50u);
    std::set<std::string> states;
    for (const auto& vm : all.items) {
        const auto& statuses = vm.at("properties").at("instanceView").at("statuses").as_array();
        ASSERT_EQ(statuses.size(), 2u);
        EXPECT_EQ(keys_of(statuses[0]), keys_of(official.at(0)));
        EXPECT_EQ(keys_of(statuses[1]), keys_of(official.at(1)));
        EXPECT_EQ(statuses[0].at("code"), official.at(0).at("code"));
        const std::string code(statuses[1].at("code").as_string());
        ASSERT_EQ(code.rfind("PowerState/", 0), 0u);
        EXPECT_EQ(statuses[1].at("displayStatus").as_string(), "VM " + code.substr(11));
        states.insert(code);
    }
    EXPECT_GE(states.size(), 3u) << "power states should vary";
}

TEST_F(ArmTest, NetworkListsMatchTheVirtualMachines) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const auto vms = list_all(list_path(0, "Microsoft.Compute/virtualMachines"));
    const auto nics = list_all(list_path(0, "Microsoft.Network/networkInterfaces", "2024-05-01"));
    const auto pips = list_all(list_path(0, "Microsoft.Network/publicIPAddresses", "2024-05-01"));
    ASSERT_EQ(nics.items.size(), vms.items.size());
    const auto official_nic = read_fixture("network.networkInterfaces.listAll.json").at("value").at(0);
    const auto official_pip = read_fixture("network.publicIPAddresses.listAll.json").at("value").at(1);
    std::set<std::string> vm_ids, pip_ids, private_ips, pip_refs;
    for (const auto& vm : vms.items) vm_ids.emplace(vm.at("id").as_string());
    for (const auto& nic : nics.items) {
        expect_keys_within(nic, official_nic, "nic");
        expect_keys_within(nic.at("properties"), official_nic.at("properties"), "nic.properties");
        EXPECT_TRUE(vm_ids.count(std::string(nic.at("properties").at("virtualMachine").at("id").as_string())));
        const auto& ipc = nic.at("properties").at("ipConfigurations").at(0).at("properties");
        private_ips.emplace(ipc.at("privateIPAddress").as_string());
        if (const auto* pip = ipc.as_object().if_contains("publicIPAddress")) pip_refs.emplace(pip->at("id").as_string());
    }
    EXPECT_EQ(private_ips.size(), nics.items.size());
    for (const auto& pip : pips.items) {
        expect_keys_within(pip, official_pip, "public ip");
        expect_keys_within(pip.at("properties"), official_pip.at("properties"), "public ip.properties");
        pip_ids.emplace(pip.at("id").as_string());
        EXPECT_FALSE(pip.at("properties").at("ipAddress").as_string().empty());
    }
    EXPECT_EQ(pip_ids, pip_refs);
    EXPECT_GT(pips.items.size(), 10u);
    EXPECT_LT(pips.items.size(), 40u);
}

TEST_F(ArmTest, SameSeedGivesSamePageBytes) {
    server twin(sim_options());
    twin.start();
    test_client c(twin.port());
    const auto t = c.token(tenant, client_id, client_secret, twin.base_url() + "/.default");
    const std::string target = list_path(1, "Microsoft.Compute/virtualMachines") + "&statusOnly=true&%24skiptoken=20";
    std::string ours = arm_get(target).body();
    std::string theirs = c.get(target, {{"Authorization", "Bearer " + t}}).body();
    boost::algorithm::replace_all(theirs, twin.base_url(), sim.base_url());
    EXPECT_EQ(ours, theirs);
    auto other = sim_options();
    other.inventory.seed = 43;
    twin.set_inventory(other.inventory);
    EXPECT_NE(c.get(target, {{"Authorization", "Bearer " + t}}).result_int(), 200); // other subscription ids
}

std::size_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

TEST_F(ArmTest, MillionVmInventoryServesDeepPagesWithoutMemoryGrowth) {
    auto o = sim_options(1, 1'000'000);
    sim.set_inventory(o.inventory);
    sim.set_page_size(1000);
    const std::size_t before = resident_bytes();
    const std::string base = list_path(0, "Microsoft.Compute/virtualMachines");
    for (std::uint64_t start : {0ull, 500'000ull, 998'500ull}) {
        const auto res = arm_get(base + "&%24skiptoken=" + std::to_string(start));
        ASSERT_EQ(res.result_int(), 200);
        const auto page = parse_json(res.body());
        EXPECT_EQ(page.at("value").as_array().size(), 1000u);
        const std::string name(page.at("value").at(0).at("name").as_string());
        EXPECT_NE(name.find(std::to_string(start == 0 ? 0 : start)), std::string::npos) << name;
        ASSERT_TRUE(page.as_object().contains("nextLink"));
    }
    const auto last = parse_json(arm_get(base + "&%24skiptoken=999500").body());
    EXPECT_EQ(last.at("value").as_array().size(), 500u);
    EXPECT_FALSE(last.as_object().contains("nextLink"));
    EXPECT_EQ(sim.inventory_snapshot()->live_vms_total(), 1'000'000u);
    // A million VMs are not materialized: a few pages cost a few MiB at most.
    // (Not under AddressSanitizer: its quarantine keeps freed memory resident.)
#if !defined(__SANITIZE_ADDRESS__) && !(defined(__has_feature) && __has_feature(address_sanitizer))
    EXPECT_LT(resident_bytes(), before + 64u * 1024 * 1024);
#else
    (void)before;
#endif
}

} // namespace
} // namespace cloudsync::cloudsim::testing
