#include "auth/bearer_authorizer.hpp"
#include "auth/error.hpp"
#include "fake_clock.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <vector>

namespace cloudsync::auth {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// A token source whose fetch takes a little real time (so callers overlap) and
// issues "token-1", "token-2" ... or fails when told to. It tests our cache and
// single-flight logic, not any cloud: the wire format is tested elsewhere.
class counting_source final : public bearer_authorizer {
public:
    explicit counting_source(std::shared_ptr<const cloudsync::clock> clock)
        : bearer_authorizer(std::move(clock)) {}
    std::chrono::seconds lifetime = 3600s;
    bool fail = false;

protected:
    asio::awaitable<bearer_token> fetch() override {
        asio::steady_timer delay(co_await asio::this_coro::executor, 20ms);
        co_await delay.async_wait(asio::use_awaitable);
        if (fail)
            throw auth_error("token request to test failed: HTTP 400 invalid_client");
        co_return bearer_token{secret("token-" + std::to_string(++issued_)), lifetime};
    }
    std::string describe() const override { return "test"; }

private:
    int issued_ = 0;
};

struct fixture {
    asio::io_context io;
    std::shared_ptr<test::fake_clock> clock = std::make_shared<test::fake_clock>();
    std::shared_ptr<counting_source> source = std::make_shared<counting_source>(clock);

    std::string token() {
        std::string out;
        asio::co_spawn(
            io, [&]() -> asio::awaitable<void> { out = (co_await source->token()).reveal(); },
            asio::detached);
        io.restart();
        io.run();
        return out;
    }
};

TEST(PlanRefresh, MarginIsFiveMinutesOrTenPercentWhicheverIsSmaller) {
    const clock::steady_time t0{};
    EXPECT_EQ(plan_refresh(t0, 3599s).refresh_at, t0 + 3299s);
    EXPECT_EQ(plan_refresh(t0, 3599s).expires_at, t0 + 3599s);
    EXPECT_EQ(plan_refresh(t0, 60s).refresh_at, t0 + 54s);
    EXPECT_EQ(plan_refresh(t0, 3000s).refresh_at, t0 + 2700s);
}

TEST(PlanRefresh, ClampsLifetimesOutsideAMinuteToADay) {
    const clock::steady_time t0{};
    EXPECT_EQ(clamp_token_lifetime(1s), 60s);
    EXPECT_EQ(clamp_token_lifetime(-5s), 60s);
    EXPECT_EQ(clamp_token_lifetime(86400s), 86400s);
    EXPECT_EQ(clamp_token_lifetime(86401s), 86400s);
    EXPECT_EQ(plan_refresh(t0, 1s).expires_at, t0 + 60s);
    EXPECT_EQ(plan_refresh(t0, 1s).refresh_at, t0 + 54s);
    EXPECT_EQ(plan_refresh(t0, 3'600'000s).expires_at, t0 + 86400s); // milliseconds sent as seconds
    EXPECT_EQ(plan_refresh(t0, 3'600'000s).refresh_at, t0 + 86100s);
    // INT64_MAX seconds would overflow the time arithmetic without the clamp.
    EXPECT_EQ(plan_refresh(t0, std::chrono::seconds::max()).expires_at, t0 + 86400s);
}

TEST(BearerAuthorizer, ATinyLifetimeDoesNotRefetchOnEveryCall) {
    fixture f;
    f.source->lifetime = 1s;
    EXPECT_EQ(f.token(), "token-1");
    f.clock->advance(30s);
    EXPECT_EQ(f.token(), "token-1");
    EXPECT_EQ(f.source->fetch_count(), 1u);
    f.clock->advance(30s); // the clamped minute is over
    EXPECT_EQ(f.token(), "token-2");
}

TEST(BearerAuthorizer, AHugeLifetimeIsRefreshedWithinADay) {
    fixture f;
    f.source->lifetime = std::chrono::seconds::max();
    EXPECT_EQ(f.token(), "token-1");
    f.clock->advance(86400s);
    EXPECT_EQ(f.token(), "token-2");
}

TEST(BearerAuthorizer, CachesUntilTheRefreshPoint) {
    fixture f;
    EXPECT_EQ(f.token(), "token-1");
    f.clock->advance(3299s);
    EXPECT_EQ(f.token(), "token-1");
    EXPECT_EQ(f.source->fetch_count(), 1u);
}

TEST(BearerAuthorizer, RefreshesInTheBackgroundWhileTheOldTokenIsValid) {
    fixture f;
    EXPECT_EQ(f.token(), "token-1");
    f.clock->advance(3400s);         // past refresh_at (3300s), before expiry (3600s)
    EXPECT_EQ(f.token(), "token-1"); // served at once; the refresh completed during run()
    EXPECT_EQ(f.source->fetch_count(), 2u);
    EXPECT_EQ(f.token(), "token-2");
}

TEST(BearerAuthorizer, WaitsForANewTokenOnceExpired) {
    fixture f;
    EXPECT_EQ(f.token(), "token-1");
    f.clock->advance(3600s);
    EXPECT_EQ(f.token(), "token-2");
    EXPECT_EQ(f.source->fetch_count(), 2u);
}

TEST(BearerAuthorizer, ConcurrentCallersShareOneFetch) {
    fixture f;
    std::vector<std::string> got;
    for (int i = 0; i < 50; ++i)
        asio::co_spawn(
            f.io,
            [&]() -> asio::awaitable<void> {
                got.push_back((co_await f.source->token()).reveal());
            },
            asio::detached);
    f.io.run();
    ASSERT_EQ(got.size(), 50u);
    for (const auto& token : got)
        EXPECT_EQ(token, "token-1");
    EXPECT_EQ(f.source->fetch_count(), 1u);
}

TEST(BearerAuthorizer, FailedFetchFailsEveryWaiterThenRetries) {
    fixture f;
    f.source->fail = true;
    int failures = 0;
    for (int i = 0; i < 5; ++i)
        asio::co_spawn(
            f.io,
            [&]() -> asio::awaitable<void> {
                try {
                    co_await f.source->token();
                } catch (const auth_error& e) {
                    EXPECT_NE(std::string(e.what()).find("invalid_client"), std::string::npos);
                    ++failures;
                }
            },
            asio::detached);
    f.io.run();
    EXPECT_EQ(failures, 5);
    EXPECT_EQ(f.source->fetch_count(), 1u);
    f.source->fail = false;
    EXPECT_EQ(f.token(), "token-1");
    EXPECT_EQ(f.source->fetch_count(), 2u);
}

// A caller that gives up (its deadline fired) leaves the refresh and the other
// waiters alone.
TEST(BearerAuthorizer, CancelledWaiterDoesNotDisturbTheRefresh) {
    using namespace asio::experimental::awaitable_operators;
    fixture f;
    std::size_t impatient_result = 99;
    std::string patient;
    asio::co_spawn(
        f.io,
        [&]() -> asio::awaitable<void> {
            asio::steady_timer deadline(co_await asio::this_coro::executor, 2ms);
            const auto result =
                co_await (f.source->token() || deadline.async_wait(asio::use_awaitable));
            impatient_result = result.index();
        },
        asio::detached);
    asio::co_spawn(
        f.io, [&]() -> asio::awaitable<void> { patient = (co_await f.source->token()).reveal(); },
        asio::detached);
    f.io.run();
    EXPECT_EQ(impatient_result, 1u); // the deadline won
    EXPECT_EQ(patient, "token-1");
    EXPECT_EQ(f.source->fetch_count(), 1u);
    EXPECT_EQ(f.token(), "token-1"); // cached by the refresh the cancelled caller started
}

TEST(BearerAuthorizer, InvalidateForcesAFreshToken) {
    fixture f;
    EXPECT_EQ(f.token(), "token-1");
    f.source->invalidate();
    EXPECT_EQ(f.token(), "token-2");
}

TEST(BearerAuthorizer, A401ForAnOlderTokenKeepsTheNewOne) {
    fixture f;
    http::request first;
    first.headers = {{"Authorization", "Bearer " + f.token()}};
    f.source->invalidate(first); // token-1 refused: forget it
    EXPECT_EQ(f.token(), "token-2");
    // A request sent with token-1 before the refresh is refused too: token-2 stays.
    f.source->invalidate(first);
    EXPECT_EQ(f.token(), "token-2");
    http::request second;
    second.headers = {{"Authorization", "Bearer token-2"}};
    f.source->invalidate(second);
    EXPECT_EQ(f.token(), "token-3");
}

TEST(BearerAuthorizer, AuthorizeSetsExactlyOneBearerHeader) {
    fixture f;
    http::request req;
    req.url = "https://management.example/subscriptions";
    req.headers = {{"authorization", "Bearer stale"}, {"Accept", "application/json"}};
    http::request out;
    asio::co_spawn(
        f.io, [&]() -> asio::awaitable<void> { out = co_await f.source->authorize(req); },
        asio::detached);
    f.io.run();
    ASSERT_EQ(out.headers.size(), 2u);
    EXPECT_EQ(out.headers[0].first, "Accept");
    EXPECT_EQ(out.headers[1].first, "Authorization");
    EXPECT_EQ(out.headers[1].second, "Bearer token-1");
}

} // namespace
} // namespace cloudsync::auth
