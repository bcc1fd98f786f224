// The provider-neutral engine without a network: the pager (next page requested
// before the current one is consumed, parse off the caller's thread), the
// bounded runner (limit, first error cancels the rest), scope de-duplication,
// and ARM's throttle reading its rate limit headers.
#include "collectors/azure/arm_throttle.hpp"
#include "collectors/common/bounded.hpp"
#include "collectors/common/pager.hpp"
#include "collectors/common/scope_walk.hpp"
#include "collectors/errors.hpp"
#include "run_coroutine.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <stdexcept>
#include <thread>

namespace cloudsync::collectors {
namespace {

namespace asio = boost::asio;

// Three pages "1" -> "2" -> "3"; each event in order of occurrence.
struct paging_log {
    std::vector<std::string> events;
    std::set<std::thread::id> parse_threads;
    std::set<std::thread::id> consume_threads;
};

asio::awaitable<std::string> echo(std::string body) {
    co_return body;
}

common::page_steps<std::string, std::vector<int>> three_pages(std::shared_ptr<paging_log> log) {
    common::page_steps<std::string, std::vector<int>> steps;
    // Logged when the request is issued, not when it completes.
    steps.fetch = [log](std::string token) {
        log->events.push_back("fetch " + token);
        return echo(std::move(token));
    };
    steps.parse = [log](const std::string& body, const std::string&) {
        log->parse_threads.insert(std::this_thread::get_id());
        return body;
    };
    steps.next = [](const std::string& page) -> std::optional<std::string> {
        if (page == "3")
            return std::nullopt;
        return std::to_string(std::stoi(page) + 1);
    };
    steps.build = [log](std::string page, const std::string&) {
        log->parse_threads.insert(std::this_thread::get_id());
        return std::vector<int>{std::stoi(page)};
    };
    steps.consume = [log](std::vector<int> items) -> asio::awaitable<void> {
        log->consume_threads.insert(std::this_thread::get_id());
        log->events.push_back("consume " + std::to_string(items.at(0)));
        co_return;
    };
    return steps;
}

TEST(Pager, RequestsTheNextPageBeforeConsumingTheCurrentOne) {
    asio::io_context io;
    auto log = std::make_shared<paging_log>();
    test::run_coroutine(io, common::page_through(std::string("1"), three_pages(log), {}));
    const std::vector<std::string> expected = {"fetch 1", "fetch 2",   "consume 1", "fetch 3",
                                               "consume 2", "consume 3"};
    EXPECT_EQ(log->events, expected);
}

TEST(Pager, ParsesOnTheParseExecutorAndConsumesOnTheCallers) {
    asio::io_context io;
    asio::thread_pool pool(2);
    auto log = std::make_shared<paging_log>();
    test::run_coroutine(io, common::page_through(std::string("1"), three_pages(log),
                                                 pool.get_executor()));
    const auto io_thread = std::this_thread::get_id(); // run_coroutine runs io here
    ASSERT_FALSE(log->parse_threads.empty());
    EXPECT_EQ(log->parse_threads.count(io_thread), 0u);
    EXPECT_EQ(log->consume_threads, std::set<std::thread::id>{io_thread});
    EXPECT_EQ(log->events.back(), "consume 3");
    pool.join();
}

TEST(Pager, ABuildErrorPropagatesBeforeTheNextPageIsRequested) {
    asio::io_context io;
    auto log = std::make_shared<paging_log>();
    auto steps = three_pages(log);
    steps.build = [](std::string page, const std::string& token) -> std::vector<int> {
        if (page == "2")
            throw page_error("malformed page from GET " + token);
        return {std::stoi(page)};
    };
    EXPECT_THROW(test::run_coroutine(io, common::page_through(std::string("1"), steps, {})),
                 page_error);
    const std::vector<std::string> expected = {"fetch 1", "fetch 2", "consume 1"};
    EXPECT_EQ(log->events, expected); // page 3 never requested
}

TEST(Pager, AConsumeErrorPropagatesAndCancelsTheFetchInFlight) {
    asio::io_context io;
    auto log = std::make_shared<paging_log>();
    auto steps = three_pages(log);
    steps.consume = [log](std::vector<int> items) -> asio::awaitable<void> {
        if (items.at(0) == 2)
            throw page_error("store refused page 2");
        log->events.push_back("consume " + std::to_string(items.at(0)));
        co_return;
    };
    EXPECT_THROW(test::run_coroutine(io, common::page_through(std::string("1"), steps, {})),
                 page_error);
    EXPECT_EQ(log->events.back(), "fetch 3"); // started, then abandoned
}

// The same three pages whose texts state their next token (peek_next), with
// each parse logged: run inline (no parse executor) so the log is one thread's.
common::page_steps<std::string, std::vector<int>>
three_peeked_pages(std::shared_ptr<paging_log> log,
                   std::function<std::optional<std::string>(const std::string&)> peek) {
    auto steps = three_pages(log);
    steps.parse = [log](const std::string& body, const std::string&) {
        log->events.push_back("parse " + body);
        return body;
    };
    steps.peek_next = std::move(peek);
    return steps;
}

TEST(Pager, RequestsAPeekedPageBeforeParsingTheCurrentOne) {
    asio::io_context io;
    auto log = std::make_shared<paging_log>();
    auto steps = three_peeked_pages(log, [](const std::string& body) -> std::optional<std::string> {
        if (body == "3")
            return std::nullopt;
        return std::to_string(std::stoi(body) + 1);
    });
    test::run_coroutine(io, common::page_through(std::string("1"), steps, {}));
    const std::vector<std::string> expected = {"fetch 1",   "fetch 2", "parse 1",
                                               "consume 1", "fetch 3", "parse 2",
                                               "consume 2", "parse 3", "consume 3"};
    EXPECT_EQ(log->events, expected);
}

TEST(Pager, APeekTheParseContradictsIsDroppedForThePageTheParseNames) {
    asio::io_context io;
    auto log = std::make_shared<paging_log>();
    // Page 1's text seems to name page 9; page 3's seems to name a page 4.
    auto steps = three_peeked_pages(log, [](const std::string& body) -> std::optional<std::string> {
        return body == "1" ? "9" : std::to_string(std::stoi(body) + 1);
    });
    std::vector<int> consumed;
    steps.consume = [&consumed, log](std::vector<int> items) -> asio::awaitable<void> {
        consumed.push_back(items.at(0));
        log->events.push_back("consume " + std::to_string(items.at(0)));
        co_return;
    };
    test::run_coroutine(io, common::page_through(std::string("1"), steps, {}));
    EXPECT_EQ(consumed, (std::vector<int>{1, 2, 3})); // neither page 9 nor page 4
    const std::vector<std::string> expected = {"fetch 1",   "fetch 9", "parse 1",  "fetch 2",
                                               "consume 1", "fetch 3", "parse 2",  "consume 2",
                                               "fetch 4",   "parse 3", "consume 3"};
    EXPECT_EQ(log->events, expected);
}

asio::awaitable<void> sleep_ms(int ms) {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
    co_await timer.async_wait(asio::use_awaitable);
}

TEST(RunBounded, RunsAtMostLimitAtOnce) {
    asio::io_context io;
    int running = 0, most = 0, done = 0;
    test::run_coroutine(io, common::run_bounded(10, 3, [&](std::size_t) -> asio::awaitable<void> {
                            most = std::max(most, ++running);
                            co_await sleep_ms(5);
                            --running;
                            ++done;
                        }));
    EXPECT_EQ(most, 3);
    EXPECT_EQ(done, 10);
}

TEST(RunBounded, FirstErrorCancelsTheOthersAndIsRethrown) {
    asio::io_context io;
    int cancelled = 0, started = 0;
    auto task = [&](std::size_t i) -> asio::awaitable<void> {
        ++started;
        if (i == 1) {
            co_await sleep_ms(5);
            throw std::runtime_error("boom");
        }
        try {
            co_await sleep_ms(10'000);
        } catch (const boost::system::system_error& e) {
            EXPECT_EQ(e.code(), asio::error::operation_aborted);
            ++cancelled;
            throw;
        }
    };
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_THROW(test::run_coroutine(io, common::run_bounded(8, 4, task)), std::runtime_error);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
    EXPECT_EQ(started, 4); // no task starts after the error
    EXPECT_EQ(cancelled, 3);
}

TEST(ScopeWalk, UniqueScopesKeepsTheFirstOfEachId) {
    EXPECT_EQ(common::unique_scopes({"a", "B", "a", "b", "c"}, false),
              (std::vector<std::string>{"a", "B", "b", "c"}));
    EXPECT_EQ(common::unique_scopes({"a", "B", "A", "b", "c"}, true),
              (std::vector<std::string>{"a", "B", "c"}));
}

TEST(ScopeWalk, DefaultRuleEndsOnlyTheScopeForCloudErrors) {
    using common::failure_reach;
    const auto reach = common::default_failure_reach;
    EXPECT_EQ(reach(api_error(403, "", "", "x")), failure_reach::scope);
    EXPECT_EQ(reach(api_error(429, "", "", "x")), failure_reach::scope);
    EXPECT_EQ(reach(api_error(503, "", "", "x")), failure_reach::scope);
    EXPECT_EQ(reach(api_error(400, "", "", "x")), failure_reach::collection);
    EXPECT_EQ(reach(api_error(401, "", "", "x")), failure_reach::collection);
    EXPECT_EQ(reach(page_error("x")), failure_reach::scope);
    EXPECT_EQ(reach(http::transport_error("x")), failure_reach::scope);
    EXPECT_EQ(reach(std::runtime_error("sink")), failure_reach::collection);
    EXPECT_EQ(reach(boost::system::system_error(asio::error::operation_aborted)),
              failure_reach::collection);
}

http::response with_headers(http::header_list headers) {
    http::response r;
    r.status = 200;
    r.headers = std::move(headers);
    return r;
}

TEST(ArmThrottle, ReadsTheLowestRemainingBudget) {
    using azure::arm_remaining_reads;
    EXPECT_EQ(arm_remaining_reads({}), std::nullopt);
    EXPECT_EQ(arm_remaining_reads({{"x-ms-ratelimit-remaining-subscription-reads", "11999"}}),
              11999u);
    EXPECT_EQ(arm_remaining_reads({{"X-Ms-Ratelimit-Remaining-Subscription-Reads", "300"},
                                   {"x-ms-ratelimit-remaining-subscription-global-reads", "40"}}),
              40u);
    EXPECT_EQ(arm_remaining_reads(
                  {{"x-ms-ratelimit-remaining-resource",
                    "Microsoft.Compute/HighCostGet3Min;159,Microsoft.Compute/HighCostGet30Min;799"},
                   {"x-ms-ratelimit-remaining-subscription-reads", "200"}}),
              159u);
    EXPECT_EQ(arm_remaining_reads({{"x-ms-ratelimit-remaining-subscription-reads", "lots"}}),
              std::nullopt);
}

TEST(ArmThrottle, SlowsASubscriptionWhoseBudgetRunsLow) {
    common::throttle_settings s;
    s.low_watermark = 50;
    s.refill_window = std::chrono::milliseconds(10'000);
    s.max_delay = std::chrono::milliseconds(5'000);
    azure::arm_throttle throttle(s);
    const std::chrono::milliseconds zero(0);
    EXPECT_EQ(throttle.delay("sub-a"), zero); // nothing known yet
    throttle.observe("sub-a", with_headers({{"x-ms-ratelimit-remaining-subscription-reads", "11000"}}));
    EXPECT_EQ(throttle.delay("sub-a"), zero);
    throttle.observe("sub-a", with_headers({{"x-ms-ratelimit-remaining-subscription-reads", "10"}}));
    throttle.observe("sub-b", with_headers({{"x-ms-ratelimit-remaining-subscription-reads", "900"}}));
    // The first request at a low budget goes at once and books the next slot
    // refill_window / remaining later; requests in a row are spaced by that.
    EXPECT_EQ(throttle.delay("sub-a"), zero);
    const auto second = throttle.delay("sub-a");
    EXPECT_GT(second, std::chrono::milliseconds(900));
    EXPECT_LE(second, std::chrono::milliseconds(1000));
    const auto third = throttle.delay("sub-a");
    EXPECT_GT(third, second + std::chrono::milliseconds(900)); // 8 left: 1.25 s apart
    EXPECT_LE(third, s.max_delay);
    EXPECT_EQ(throttle.delay("sub-b"), zero); // other subscriptions are not slowed
    // Recovered budget: no more spacing.
    throttle.observe("sub-a", with_headers({{"x-ms-ratelimit-remaining-subscription-reads", "249"}}));
    EXPECT_EQ(throttle.delay("sub-a"), zero);
}

TEST(ArmThrottle, NeverWaitsLongerThanMaxDelayAndCanBeOff) {
    common::throttle_settings s;
    s.max_delay = std::chrono::milliseconds(300);
    azure::arm_throttle throttle(s);
    throttle.observe("a", with_headers({{"x-ms-ratelimit-remaining-subscription-reads", "0"}}));
    for (int i = 0; i < 5; ++i)
        EXPECT_LE(throttle.delay("a"), s.max_delay);
    s.enabled = false;
    azure::arm_throttle off(s);
    off.observe("a", with_headers({{"x-ms-ratelimit-remaining-subscription-reads", "0"}}));
    off.delay("a");
    EXPECT_EQ(off.delay("a"), std::chrono::milliseconds(0));
}

} // namespace
} // namespace cloudsync::collectors
