#include "cloudsim/sim_fixture.hpp"

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace cloudsync::cloudsim::testing {
namespace {

using ControlTest = sim_test;


boost::json::value post_json(test_client& c, const std::string& path, const std::string& body,
                             unsigned expected = 200) {
    const auto res = c.post(path, body, "application/json");
    EXPECT_EQ(res.result_int(), expected) << res.body();
    return parse_json(res.body());
}

TEST_F(ControlTest, InventoryMutateAndStatsOverHttp) {
    const auto summary = post_json(*client, "/_sim/inventory",
                                   R"({"seed":3,"subscriptions":3,"vms_per_subscription":100,"page_size":40})");
    EXPECT_EQ(summary.at("live_vms").as_int64(), 300);
    EXPECT_EQ(summary.at("subscriptions").as_array().size(), 3u);
    EXPECT_EQ(sim.page_size(), 40u);
    const auto first = list_all(list_path(2, "Microsoft.Compute/virtualMachines"));
    EXPECT_EQ(first.items.size(), 100u);
    EXPECT_EQ(first.pages, 3u);

    const auto m = post_json(*client, "/_sim/mutate", R"({"seed":8,"add_share":0.1,"remove_share":0.2})");
    EXPECT_EQ(m.at("added").as_int64(), 30);
    EXPECT_EQ(m.at("removed").as_int64(), 60);
    EXPECT_EQ(list_all(list_path(2, "Microsoft.Compute/virtualMachines")).items.size(), 90u);

    const auto stats = parse_json(client->get("/_sim/stats").body());
    EXPECT_EQ(stats.at("requests").at("virtualMachines").as_int64(), 6);
    EXPECT_EQ(stats.at("requests").at("token").as_int64(), 1);
    post_json(*client, "/_sim/stats/reset", "");
    EXPECT_EQ(sim.stats().requests_total, 0u);
}

TEST_F(ControlTest, FaultsAndTokenExpiryOverHttp) {
    auth();
    const auto pending = post_json(*client, "/_sim/faults",
                                   R"({"faults":[{"kind":"throttle","match":"subscriptions","retry_after":3},
                                                 {"kind":"delay","match":"x","delay_ms":10,"count":4}]})");
    EXPECT_EQ(pending.at("pending").as_int64(), 2);
    const auto res = arm_get("/subscriptions?api-version=2022-12-01");
    EXPECT_EQ(res.result_int(), 429);
    EXPECT_EQ(res[boost::beast::http::field::retry_after], "3");
    EXPECT_EQ(client->request(boost::beast::http::verb::delete_, "/_sim/faults", "", {}).result_int(), 200);
    EXPECT_EQ(sim.pending_faults(), 0u);
    post_json(*client, "/_sim/expire-tokens", "");
    EXPECT_EQ(arm_get("/subscriptions?api-version=2022-12-01").result_int(), 401);
}

TEST_F(ControlTest, GcpMutationsAndDisabledApisOverHttp) {
    cloudsim::gcp_estate_options gcp;
    gcp.projects = 2;
    gcp.instances_per_project = 10;
    sim.set_gcp_estate(gcp);
    const auto project = sim.gcp_snapshot()->projects()[1].id;
    const auto m = post_json(*client, "/_sim/gcp/mutate", R"({"seed":4,"add":3,"remove":1})");
    EXPECT_EQ(m.at("live_instances").as_int64(), 2 * (10 + 3 - 1));
    post_json(*client, "/_sim/gcp/apis",
              R"({"project":")" + project + R"(","api":"storage","enabled":false})");
    EXPECT_TRUE(sim.gcp_snapshot()->find(project)->storage_disabled);
    post_json(*client, "/_sim/gcp/apis", R"({"project":")" + project + R"(","api":"storage"})");
    EXPECT_FALSE(sim.gcp_snapshot()->find(project)->storage_disabled);
    post_json(*client, "/_sim/gcp/apis", R"({"project":")" + project + R"(","api":"bigquery"})", 400);
    post_json(*client, "/_sim/gcp/apis", R"({"project":"nope","api":"run"})", 404);
}

TEST_F(ControlTest, BadControlInputIsA400) {
    post_json(*client, "/_sim/faults", R"({"kind":"meteor"})", 400);
    post_json(*client, "/_sim/mutate", R"({"remove_share":7})", 400);
    post_json(*client, "/_sim/inventory", "{not json", 400);
    post_json(*client, "/_sim/inventory", R"({"subscriptions":0})", 400);
    EXPECT_EQ(client->get("/_sim/nothing").result_int(), 404);
    EXPECT_EQ(sim.inventory_snapshot()->subscription_count(), 2u);
}

TEST(CloudsimExecutable, ServesUntilSigterm) {
    const std::string binary = std::string(CLOUDSYNC_BINARY_DIR) + "/tests/cloudsim/cloudsim";
    ASSERT_TRUE(std::filesystem::exists(binary)) << binary;
    const auto port_file = std::filesystem::temp_directory_path() / ("cloudsim-port-" + std::to_string(getpid()));
    std::filesystem::remove(port_file);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        execl(binary.c_str(), binary.c_str(), "--seed", "5", "--subscriptions", "2", "--vms-per-subscription", "30",
              "--page-size", "10", "--tenant-id", tenant.c_str(), "--client-id", client_id.c_str(),
              "--client-secret", client_secret.c_str(), "--port-file", port_file.c_str(), "--token-lifetime", "60",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    unsigned short port = 0;
    for (int i = 0; i < 100 && port == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::ifstream in(port_file);
        in >> port;
    }
    ASSERT_NE(port, 0) << "no port file";
    test_client c(port);
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const auto t = c.token(tenant, client_id, client_secret, base + "/.default");
    const auto subs = parse_json(c.get("/subscriptions?api-version=2022-12-01", {{"Authorization", "Bearer " + t}}).body());
    EXPECT_EQ(subs.at("value").as_array().size(), 2u);
    const auto inv = parse_json(c.get("/_sim/inventory").body());
    EXPECT_EQ(inv.at("live_vms").as_int64(), 60);
    EXPECT_EQ(inv.at("page_size").as_int64(), 10);
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    std::filesystem::remove(port_file);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
