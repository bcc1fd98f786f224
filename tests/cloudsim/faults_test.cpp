#include "cloudsim/error.hpp"
#include "cloudsim/sim_fixture.hpp"

namespace cloudsync::cloudsim::testing {
namespace {

using FaultTest = sim_test;
namespace http = boost::beast::http;

TEST_F(FaultTest, ThrottleAnswers429WithRetryAfterThenRecovers) {
    CLOUDSYNC_REQUIRE_EXAMPLES();
    const std::string target = list_path(0, "Microsoft.Compute/virtualMachines");
    auth();
    sim.add_fault({.kind = fault_kind::throttle, .match = "virtualMachines", .count = 2,
                   .retry_after = std::chrono::seconds(7)});
    for (int i = 0; i < 2; ++i) {
        const auto res = arm_get(target);
        ASSERT_EQ(res.result_int(), 429);
        EXPECT_EQ(res[http::field::retry_after], "7");
        EXPECT_EQ(res["x-ms-ratelimit-remaining-resource"], "Microsoft.Compute/HighCostGet;0");
        const auto error = parse_json(res.body()).at("error");
        const auto official = read_fixture("arm.throttling.compute429.body.json");
        EXPECT_EQ(keys_of(error), keys_of(official));
        EXPECT_EQ(error.at("code"), official.at("code"));
        EXPECT_EQ(error.at("details").at(0).at("code"), "TooManyRequests");
    }
    EXPECT_EQ(arm_get(target).result_int(), 200);
    EXPECT_EQ(sim.stats().faults_applied, 2u);
    EXPECT_EQ(sim.pending_faults(), 0u);
}

TEST_F(FaultTest, FaultsOnlyHitMatchingTargets) {
    auth();
    sim.add_fault({.kind = fault_kind::server_error, .match = "publicIPAddresses"});
    EXPECT_EQ(arm_get(list_path(0, "Microsoft.Compute/virtualMachines")).result_int(), 200);
    const auto res = arm_get(list_path(0, "Microsoft.Network/publicIPAddresses"));
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(parse_json(res.body()).at("error").at("code"), "InternalServerError");
}

TEST_F(FaultTest, ServiceUnavailableCarriesRetryAfter) {
    auth();
    sim.add_fault({.kind = fault_kind::server_error, .match = "", .status = 503});
    const auto res = arm_get("/subscriptions?api-version=2022-12-01");
    EXPECT_EQ(res.result_int(), 503);
    EXPECT_EQ(res[http::field::retry_after], "1");
    EXPECT_THROW(sim.add_fault({.kind = fault_kind::server_error, .match = "", .count = 1, .status = 404}), cloudsim_error);
    EXPECT_THROW(sim.add_fault({.kind = fault_kind::delay, .match = "", .count = 0}), cloudsim_error);
}

TEST_F(FaultTest, DelaySlowsTheResponse) {
    auth();
    sim.add_fault({.kind = fault_kind::delay, .match = "subscriptions", .delay = std::chrono::milliseconds(300)});
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(arm_get("/subscriptions?api-version=2022-12-01").result_int(), 200);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(290));
}

TEST_F(FaultTest, CutBodyClosesHalfway) {
    const auto headers = auth();
    sim.add_fault({.kind = fault_kind::cut_body, .match = "virtualMachines"});
    const std::string raw = client->raw_get(list_path(0, "Microsoft.Compute/virtualMachines"), headers);
    const auto split = raw.find("\r\n\r\n");
    ASSERT_NE(split, std::string::npos);
    const auto at = raw.find("Content-Length: ");
    ASSERT_NE(at, std::string::npos);
    const auto announced = std::stoul(raw.substr(at + 16));
    const auto received = raw.size() - split - 4;
    EXPECT_GT(announced, 1000u);
    EXPECT_EQ(received, announced / 2);
    // The next request on a new connection is whole.
    EXPECT_EQ(arm_get(list_path(0, "Microsoft.Compute/virtualMachines")).result_int(), 200);
}

TEST_F(FaultTest, MalformedJsonIsNotParseable) {
    auth();
    sim.add_fault({.kind = fault_kind::malformed_json, .match = "networkInterfaces"});
    const auto res = arm_get(list_path(0, "Microsoft.Network/networkInterfaces"));
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_THROW(parse_json(res.body()), std::exception);
}

TEST_F(FaultTest, ExpireTokensFaultMakesTheRequestUnauthorized) {
    auth();
    sim.add_fault({.kind = fault_kind::expire_tokens, .match = "virtualMachines"});
    const auto res = arm_get(list_path(0, "Microsoft.Compute/virtualMachines"));
    EXPECT_EQ(res.result_int(), 401);
    EXPECT_EQ(parse_json(res.body()).at("error").at("code"), "ExpiredAuthenticationToken");
    token = fresh_token();
    EXPECT_EQ(arm_get(list_path(0, "Microsoft.Compute/virtualMachines")).result_int(), 200);
}

TEST_F(FaultTest, TokenEndpointCanBeFaulted) {
    sim.add_fault({.kind = fault_kind::server_error, .match = "/oauth2/v2.0/token", .status = 503});
    EXPECT_THROW(fresh_token(), std::runtime_error);
    EXPECT_FALSE(fresh_token().empty());
}

} // namespace
} // namespace cloudsync::cloudsim::testing

namespace cloudsync::cloudsim::testing {
namespace {

TEST_F(FaultTest, ForbiddenAnswers403ForOneSubscriptionOnly) {
    auth();
    sim.add_fault({.kind = fault_kind::forbidden, .match = subscription(1), .count = 100});
    const auto res = arm_get(list_path(1, "Microsoft.Storage/storageAccounts"));
    ASSERT_EQ(res.result_int(), 403);
    const auto error = parse_json(res.body()).at("error");
    EXPECT_EQ(error.at("code"), "AuthorizationFailed");
    const std::string message(error.at("message").as_string());
    EXPECT_NE(message.find("'" + client_id + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("Microsoft.Storage/storageAccounts/read"), std::string::npos) << message;
    EXPECT_NE(message.find("over scope '/subscriptions/" + subscription(1) + "'"), std::string::npos) << message;
    EXPECT_EQ(arm_get(list_path(0, "Microsoft.Storage/storageAccounts")).result_int(), 200);
    EXPECT_EQ(arm_get(list_path(1, "Microsoft.Insights/metricAlerts")).result_int(), 403);
    // The bearer check comes first.
    EXPECT_EQ(client->get(list_path(1, "Microsoft.Compute/virtualMachines")).result_int(), 401);
}

TEST_F(FaultTest, ExistingFaultsWorkOnTheNewRoutes) {
    auth();
    sim.add_fault({.kind = fault_kind::throttle, .match = "containerGroups"});
    EXPECT_EQ(arm_get(list_path(0, "Microsoft.ContainerInstance/containerGroups")).result_int(), 429);
    sim.add_fault({.kind = fault_kind::server_error, .match = "metrics:getBatch", .status = 503});
    const auto res = client->post("/eastus/subscriptions/" + subscription(0) + "/metrics:getBatch?api-version=2024-02-01",
                                  "{}", "application/json", auth());
    EXPECT_EQ(res.result_int(), 503);
    sim.add_fault({.kind = fault_kind::malformed_json, .match = "AlertsManagement"});
    EXPECT_THROW(parse_json(arm_get(list_path(0, "Microsoft.AlertsManagement/alerts")).body()), std::exception);
    EXPECT_EQ(sim.stats().faults_applied, 3u);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
