// Many subscriptions: the bench's estate (1,000,000 VMs over 200
// subscriptions) is cheap to build and serve, GET /subscriptions pages the
// deterministic ids, and each subscription's inventory is its own. Also the
// executable's flags for subscriptions, latency and the read rate limit.
#include "cloudsim/sim_fixture.hpp"

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

namespace cloudsync::cloudsim::testing {
namespace {

using namespace std::chrono_literals;

class SubscriptionsTest : public sim_test {
protected:
    SubscriptionsTest() : sim_test(sim_options(200, 5000, 1000)) {}
};

TEST_F(SubscriptionsTest, TwoHundredSubscriptionsListedAndPagedWithGuidIds) {
    const auto all = list_all("/subscriptions?api-version=2022-12-01");
    ASSERT_EQ(all.items.size(), 200u);
    EXPECT_EQ(all.pages, 2u);
    const std::regex guid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> ids;
    for (std::size_t s = 0; s < all.items.size(); ++s) {
        const std::string id(all.items[s].at("subscriptionId").as_string());
        EXPECT_TRUE(std::regex_match(id, guid)) << id;
        EXPECT_EQ(id, subscription(static_cast<std::uint32_t>(s)));
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 200u);
    EXPECT_EQ(sim.inventory_snapshot()->live_vms_total(), 1'000'000u);

    const inventory same(sim_options(200, 5000).inventory);
    auto other_seed = sim_options(200, 5000).inventory;
    other_seed.seed = 43;
    const inventory other(other_seed);
    EXPECT_EQ(same.subscription_id(199), subscription(199)) << "ids follow from the seed";
    EXPECT_NE(other.subscription_id(199), subscription(199));
}

TEST_F(SubscriptionsTest, EachSubscriptionServesOnlyItsOwnResources) {
    const auto deep = arm_get(list_path(199, "Microsoft.Compute/virtualMachines") + "&%24skiptoken=4000");
    ASSERT_EQ(deep.result_int(), 200);
    const auto page = parse_json(deep.body());
    ASSERT_EQ(page.at("value").as_array().size(), 1000u);
    EXPECT_FALSE(page.as_object().contains("nextLink"));
    const std::string prefix = "/subscriptions/" + subscription(199) + "/";
    for (const auto& vm : page.at("value").as_array()) {
        EXPECT_EQ(std::string(vm.at("id").as_string()).rfind(prefix, 0), 0u) << vm.at("id");
    }
    const auto first = parse_json(arm_get(list_path(3, "Microsoft.Compute/virtualMachines")).body());
    const auto second = parse_json(arm_get(list_path(4, "Microsoft.Compute/virtualMachines")).body());
    EXPECT_NE(first.at("value").at(0).at("properties").at("vmId"), second.at("value").at(0).at("properties").at("vmId"));
    EXPECT_EQ(list_all(list_path(150, "Microsoft.Storage/storageAccounts", "2023-05-01")).items.size(), 3u);
}

unsigned short wait_for_port(const std::filesystem::path& port_file) {
    unsigned short port = 0;
    for (int i = 0; i < 200 && port == 0; ++i) {
        std::this_thread::sleep_for(50ms);
        std::ifstream in(port_file);
        in >> port;
    }
    return port;
}

TEST(CloudsimExecutable, SubscriptionLatencyAndRateLimitFlags) {
    const std::string binary = std::string(CLOUDSYNC_BINARY_DIR) + "/tests/cloudsim/cloudsim";
    const auto port_file = std::filesystem::temp_directory_path() / ("cloudsim-flags-" + std::to_string(getpid()));
    std::filesystem::remove(port_file);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        execl(binary.c_str(), binary.c_str(), "--subscriptions", "120", "--vms-per-subscription", "10",
              "--subscription-page-size", "50", "--latency", "100ms", "--latency-jitter", "10",
              "--rate-limit-capacity", "5", "--rate-limit-refill", "0.5", "--threads", "3", "--tenant-id",
              tenant.c_str(), "--client-id", client_id.c_str(), "--client-secret", client_secret.c_str(),
              "--port-file", port_file.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    const unsigned short port = wait_for_port(port_file);
    ASSERT_NE(port, 0) << "no port file";
    test_client c(port);
    const auto t = c.token(tenant, client_id, client_secret, "http://127.0.0.1:" + std::to_string(port) + "/.default");
    const auto subs = parse_json(c.get("/subscriptions?api-version=2022-12-01", {{"Authorization", "Bearer " + t}}).body());
    EXPECT_EQ(subs.at("value").as_array().size(), 50u);
    EXPECT_TRUE(subs.as_object().contains("nextLink"));
    EXPECT_EQ(parse_json(c.get("/_sim/latency").body()), boost::json::parse(R"({"latency_ms":100,"jitter_ms":10})"));
    EXPECT_EQ(parse_json(c.get("/_sim/rate-limit").body()),
              boost::json::parse(R"({"capacity":5,"refill_per_second":0.5})"));
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    std::filesystem::remove(port_file);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
