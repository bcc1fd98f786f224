// Per-request latency: every cloud answer waits fixed + jitter on a timer, so
// many delayed requests overlap; /_sim controls are never delayed.
#include "cloudsim/latency.hpp"
#include "cloudsim/error.hpp"
#include "cloudsim/sim_fixture.hpp"

#include <chrono>
#include <thread>

namespace cloudsync::cloudsim::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using LatencyTest = sim_test;

std::chrono::milliseconds elapsed_since(clock_type::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
}

TEST(CloudsimLatencyModel, JitterStaysWithinItsBoundsAndVaries) {
    latency_model model;
    EXPECT_EQ(model.next(), 0ms);
    model.configure({100ms, 20ms});
    std::set<long> seen;
    for (int i = 0; i < 500; ++i) {
        const auto d = model.next();
        EXPECT_GE(d, 100ms);
        EXPECT_LE(d, 120ms);
        seen.insert(static_cast<long>(d.count()));
    }
    EXPECT_GT(seen.size(), 10u);
    EXPECT_THROW(model.configure({-1ms, 0ms}), cloudsim_error);
    EXPECT_THROW(model.configure({0ms, -1ms}), cloudsim_error);
}

TEST_F(LatencyTest, DelaysArmAndTokenAnswersButNotControls) {
    const std::string path = list_path(0, "Microsoft.Compute/virtualMachines");
    arm_get(path); // token fetched before the latency is set
    sim.set_latency({150ms, 0ms});
    auto start = clock_type::now();
    EXPECT_EQ(arm_get(path).result_int(), 200);
    EXPECT_GE(elapsed_since(start), 150ms);
    start = clock_type::now();
    fresh_token();
    EXPECT_GE(elapsed_since(start), 150ms);
    start = clock_type::now();
    EXPECT_EQ(client->get("/_sim/health").result_int(), 200);
    EXPECT_LT(elapsed_since(start), 100ms);
}

// 50 connections at once, 200 ms each: served one after another this would
// take 10 s; the timers overlap, so it takes little more than 200 ms.
TEST_F(LatencyTest, FiftyConcurrentDelayedRequestsOverlap) {
    const auto header = auth();
    const std::string path = list_path(1, "Microsoft.Compute/virtualMachines");
    sim.set_latency({200ms, 0ms});
    constexpr int requests = 50;
    std::vector<std::unique_ptr<test_client>> clients;
    for (int i = 0; i < requests; ++i) clients.push_back(std::make_unique<test_client>(sim.port()));
    std::vector<int> status(requests, 0);
    std::vector<std::thread> threads;
    const auto start = clock_type::now();
    for (int i = 0; i < requests; ++i) {
        threads.emplace_back([&, i] { status[i] = clients[i]->get(path, header).result_int(); });
    }
    for (auto& t : threads) t.join();
    const auto took = elapsed_since(start);
    for (int i = 0; i < requests; ++i) EXPECT_EQ(status[i], 200) << i;
    EXPECT_GE(took, 200ms);
    EXPECT_LT(took, 2000ms) << "50 x 200 ms would be 10 s sequentially";
}

TEST_F(LatencyTest, SetOverHttpAndFromOptions) {
    auto res = client->post("/_sim/latency", R"({"latency_ms":120,"jitter_ms":30})", "application/json");
    ASSERT_EQ(res.result_int(), 200) << res.body();
    EXPECT_EQ(parse_json(res.body()), boost::json::parse(R"({"latency_ms":120,"jitter_ms":30})"));
    EXPECT_EQ(sim.latency().fixed, 120ms);
    EXPECT_EQ(sim.latency().jitter, 30ms);
    res = client->post("/_sim/latency", R"({"jitter_ms":0})", "application/json");
    EXPECT_EQ(parse_json(res.body()).at("latency_ms").as_int64(), 120);
    EXPECT_EQ(client->post("/_sim/latency", R"({"latency_ms":-5})", "application/json").result_int(), 400);
    EXPECT_EQ(parse_json(client->get("/_sim/latency").body()).at("jitter_ms").as_int64(), 0);

    options o = sim_options();
    o.latency = {80ms, 10ms};
    server other(o);
    EXPECT_EQ(other.latency().fixed, 80ms);
    EXPECT_EQ(other.latency().jitter, 10ms);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
