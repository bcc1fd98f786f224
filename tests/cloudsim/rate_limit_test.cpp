// The subscription read rate limit: bucket arithmetic on a fake clock, then
// the wire (remaining-reads header, 429 SubscriptionRequestsThrottled with
// Retry-After, per-subscription buckets, stats, control API).
#include "cloudsim/error.hpp"
#include "cloudsim/rate_limit.hpp"
#include "cloudsim/sim_fixture.hpp"

#include <chrono>
#include <thread>

namespace cloudsync::cloudsim::testing {
namespace {

using namespace std::chrono_literals;
constexpr auto remaining_header = "x-ms-ratelimit-remaining-subscription-reads";

TEST(CloudsimRateLimiter, OffByDefault) {
    rate_limiter limiter;
    EXPECT_FALSE(limiter.enabled());
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.take(0, rate_limiter::clock::now()).allowed);
}

TEST(CloudsimRateLimiter, BucketEmptiesThenRefillsUpToCapacity) {
    rate_limiter limiter;
    limiter.configure({3, 2.0}); // 3 tokens, 2 a second
    const auto t0 = rate_limiter::clock::time_point{} + 1h;
    EXPECT_EQ(limiter.take(7, t0).remaining, 2u);
    EXPECT_EQ(limiter.take(7, t0).remaining, 1u);
    EXPECT_EQ(limiter.take(7, t0).remaining, 0u);
    const auto refused = limiter.take(7, t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 1s); // half a second, rounded up
    EXPECT_TRUE(limiter.take(8, t0).allowed) << "each scope has its own bucket";
    EXPECT_FALSE(limiter.take(7, t0 + 400ms).allowed);
    const auto refilled = limiter.take(7, t0 + 500ms);
    EXPECT_TRUE(refilled.allowed);
    EXPECT_EQ(refilled.remaining, 0u);
    EXPECT_EQ(limiter.take(7, t0 + 1h).remaining, 2u) << "never above capacity";
}

TEST(CloudsimRateLimiter, RetryAfterCoversTheWaitForOneToken) {
    rate_limiter limiter;
    limiter.configure({1, 0.25}); // a token every 4 s
    const auto t0 = rate_limiter::clock::time_point{} + 1h;
    EXPECT_TRUE(limiter.take(0, t0).allowed);
    EXPECT_EQ(limiter.take(0, t0).retry_after, 4s);
    EXPECT_EQ(limiter.take(0, t0 + 2500ms).retry_after, 2s);
    limiter.configure({1, 0});
    EXPECT_TRUE(limiter.take(0, t0).allowed) << "configure refills";
    EXPECT_EQ(limiter.take(0, t0).retry_after, 3600s);
    EXPECT_THROW(limiter.configure({1, -1}), cloudsim_error);
}

class RateLimitTest : public sim_test {
protected:
    RateLimitTest() : sim_test(limited()) {}
    static options limited() {
        options o = sim_options(3, 30, 10);
        o.read_rate_limit = {3, 0};
        return o;
    }
};

TEST_F(RateLimitTest, EachSubscriptionHasABucketAndAnEmptyOneAnswers429) {
    const std::string path = list_path(0, "Microsoft.Compute/virtualMachines");
    for (const char* left : {"2", "1", "0"}) {
        const auto res = arm_get(path);
        ASSERT_EQ(res.result_int(), 200) << res.body();
        EXPECT_EQ(res[remaining_header], left);
    }
    const auto res = arm_get(path);
    ASSERT_EQ(res.result_int(), 429);
    EXPECT_EQ(res["Retry-After"], "3600");
    EXPECT_EQ(res[remaining_header], "0");
    EXPECT_FALSE(res["x-ms-request-id"].empty());
    const auto error = parse_json(res.body()).at("error");
    EXPECT_EQ(error.at("code"), "SubscriptionRequestsThrottled");
    const std::string message(error.at("message").as_string());
    EXPECT_NE(message.find("'read' requests for subscription '" + subscription(0) + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("actor '" + client_id + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("after '3600' seconds"), std::string::npos) << message;

    const auto other = arm_get(list_path(1, "Microsoft.Network/networkInterfaces"));
    EXPECT_EQ(other.result_int(), 200);
    EXPECT_EQ(other[remaining_header], "2");
    EXPECT_EQ(arm_get("/subscriptions/" + subscription(1) + "?api-version=2022-12-01")[remaining_header], "1");
    const auto tenant_level = arm_get("/subscriptions?api-version=2022-12-01");
    EXPECT_EQ(tenant_level.result_int(), 200) << "the subscriptions list is tenant-level, not bucketed";

    const auto s = sim.stats();
    EXPECT_EQ(s.throttled, 1u);
    EXPECT_EQ(s.rate_limited, 1u);
}

TEST_F(RateLimitTest, RefillLetsAPatientClientThrough) {
    sim.set_read_rate_limit({2, 20}); // a token every 50 ms
    const std::string path = list_path(2, "Microsoft.Compute/virtualMachines");
    int ok = 0;
    int throttled = 0;
    for (int i = 0; i < 4; ++i) (arm_get(path).result_int() == 200 ? ok : throttled) += 1;
    EXPECT_GE(throttled, 1);
    std::this_thread::sleep_for(150ms);
    EXPECT_EQ(arm_get(path).result_int(), 200);
    EXPECT_EQ(sim.stats().rate_limited, static_cast<std::uint64_t>(throttled));
}

TEST_F(RateLimitTest, InjectedThrottlesCountAsThrottledOnly) {
    sim.set_read_rate_limit({});
    sim.add_fault({fault_kind::throttle, "virtualMachines", 2});
    const std::string path = list_path(0, "Microsoft.Compute/virtualMachines");
    EXPECT_EQ(arm_get(path).result_int(), 429);
    EXPECT_EQ(arm_get(path).result_int(), 429);
    const auto res = arm_get(path);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res[remaining_header], "11999") << "no limit: the constant header of before";
    EXPECT_EQ(sim.stats().throttled, 2u);
    EXPECT_EQ(sim.stats().rate_limited, 0u);
}

TEST_F(RateLimitTest, ConfiguredOverHttp) {
    auto res = client->post("/_sim/rate-limit", R"({"capacity":250,"refill_per_second":25})", "application/json");
    ASSERT_EQ(res.result_int(), 200) << res.body();
    EXPECT_EQ(parse_json(res.body()), boost::json::parse(R"({"capacity":250,"refill_per_second":25.0})"));
    EXPECT_EQ(sim.read_rate_limit().capacity, 250u);
    EXPECT_EQ(arm_get(list_path(0, "Microsoft.Compute/virtualMachines"))[remaining_header], "249");
    EXPECT_EQ(client->post("/_sim/rate-limit", R"({"refill_per_second":-1})", "application/json").result_int(), 400);
    res = client->post("/_sim/rate-limit", R"({"capacity":0})", "application/json");
    EXPECT_EQ(parse_json(client->get("/_sim/rate-limit").body()).at("capacity").as_int64(), 0);
    const auto stats = parse_json(client->get("/_sim/stats").body());
    EXPECT_EQ(stats.at("throttled").as_int64(), 0);
    EXPECT_EQ(stats.at("rate_limited").as_int64(), 0);
}

} // namespace
} // namespace cloudsync::cloudsim::testing
