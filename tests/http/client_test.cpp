// The client against a scripted plain-TCP server on loopback: round trips,
// retries and Retry-After, deadlines, limits, keep-alive, concurrency, refusal
// of plain http to remote hosts, and cancellation.
#include "core/metrics.hpp"
#include "http/client.hpp"
#include "http/test_server.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <vector>

namespace cloudsync::http {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::reply;
using test::run_sync;
using test::test_server;
using clock_type = std::chrono::steady_clock;

client_options fast_options() {
    client_options o;
    o.connect_timeout = 2s;
    o.request_timeout = 2s;
    o.retry.max_attempts = 3;
    o.retry.initial_backoff = 5ms;
    o.retry.max_backoff = 20ms;
    return o;
}

request get(std::string url) { return request{boost::beast::http::verb::get, std::move(url), {}, {}}; }

response send_sync(const client_options& options, request req) {
    asio::io_context io;
    client c(io.get_executor(), options);
    return run_sync(io, c.send(std::move(req)));
}

long long ms_since(clock_type::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t).count();
}

double counter_value(const std::string& name, const metrics::labels& labels) {
    return metrics::default_registry().get_counter(name, "", labels).value();
}

TEST(Client, GetAndPostRoundTrip) {
    test_server server([](const test::received& r, int) {
        return reply{200, {{"X-Echo", r.method}}, r.method + ":" + r.target + ":" + r.body};
    });
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    auto got = run_sync(io, c.send(get(server.url("/a?x=1"))));
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.body, "GET:/a?x=1:");
    EXPECT_EQ(got.header("x-echo"), "GET");
    EXPECT_EQ(got.attempts, 1);
    request post{boost::beast::http::verb::post, server.url("/b"),
                 {{"Content-Type", "application/json"}, {"X-Custom", "v"}}, R"({"k":1})"};
    got = run_sync(io, c.send(post));
    EXPECT_EQ(got.body, R"(POST:/b:{"k":1})");
    const auto log = server.log();
    ASSERT_EQ(log.size(), 2u);
    EXPECT_EQ(log[0].header("Host"), "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(log[0].header("User-Agent"), "cloudsyncd");
    EXPECT_EQ(log[0].header("Accept-Encoding"), "identity");
    EXPECT_EQ(log[1].header("Content-Length"), "7");
    EXPECT_EQ(log[1].header("Content-Type"), "application/json");
    EXPECT_EQ(log[1].header("X-Custom"), "v");
}

TEST(Client, TooManyRequestsWithRetryAfterSecondsThenSuccess) {
    test_server server([](const test::received&, int i) {
        return i == 0 ? reply{429, {{"Retry-After", "1"}}, "slow down"} : reply{200, {}, "ok"};
    });
    const metrics::labels retry_labels{{"host", "127.0.0.1"}, {"reason", "throttled"}};
    const metrics::labels ok_labels{{"host", "127.0.0.1"}, {"code", "200"}};
    const double retries_before = counter_value("cloudsync_cloud_api_retries_total", retry_labels);
    const double ok_before = counter_value("cloudsync_cloud_api_requests_total", ok_labels);
    const auto start = clock_type::now();
    auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_GE(ms_since(start), 1000);
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.attempts, 2);
    EXPECT_EQ(server.requests(), 2);
    EXPECT_EQ(counter_value("cloudsync_cloud_api_retries_total", retry_labels), retries_before + 1);
    EXPECT_EQ(counter_value("cloudsync_cloud_api_requests_total", ok_labels), ok_before + 1);
}

std::string http_date(std::chrono::system_clock::time_point t) {
    const std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    ::gmtime_r(&secs, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return text;
}

TEST(Client, RetryAfterAsHttpDate) {
    test_server server([](const test::received&, int i) {
        if (i > 0)
            return reply{200, {}, "ok"};
        return reply{503, {{"Retry-After", http_date(std::chrono::system_clock::now() + 2s)}}, ""};
    });
    const auto start = clock_type::now();
    auto got = send_sync(fast_options(), get(server.url("/")));
    // The date has one-second resolution: the wait is between 1 and 2 seconds.
    EXPECT_GE(ms_since(start), 950);
    EXPECT_LT(ms_since(start), 2500);
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.attempts, 2);
}

TEST(Client, RetryAfterBeyondTheLimitReturnsTheResponse) {
    test_server server([](const test::received&, int) {
        return reply{429, {{"Retry-After", "3600"}}, "later"};
    });
    auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 429u);
    EXPECT_EQ(got.attempts, 1);
    EXPECT_EQ(server.requests(), 1);
}

TEST(Client, ServerErrorsThenSuccess) {
    test_server server([](const test::received&, int i) {
        return i < 2 ? reply{500, {}, "oops"} : reply{200, {}, "fine"};
    });
    auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.body, "fine");
    EXPECT_EQ(got.attempts, 3);
    EXPECT_EQ(server.requests(), 3);
}

TEST(Client, AttemptsExhaustedReturnsLastServerError) {
    test_server server([](const test::received&, int i) {
        return reply{503, {}, "attempt " + std::to_string(i + 1)};
    });
    auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 503u);
    EXPECT_EQ(got.body, "attempt 3");
    EXPECT_EQ(got.attempts, 3);
    EXPECT_EQ(server.requests(), 3);
}

TEST(Client, NotFoundIsAValueNotRetried) {
    test_server server([](const test::received&, int) { return reply{404, {}, "nope"}; });
    auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 404u);
    EXPECT_EQ(server.requests(), 1);
}

TEST(Client, ConnectionRefusedThrowsAfterMaxAttempts) {
    const auto port = test::unused_port();
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/p?sig=SECRET";
    try {
        send_sync(fast_options(), get(url));
        FAIL() << "no exception";
    } catch (const transport_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("GET http://127.0.0.1:" + std::to_string(port) + "/p: "),
                  std::string::npos) << what;
        EXPECT_NE(what.find("refused"), std::string::npos) << what;
        EXPECT_NE(what.find("after 3 attempts"), std::string::npos) << what;
        EXPECT_EQ(what.find("SECRET"), std::string::npos) << what;
    }
}

TEST(Client, SlowServerTimesOut) {
    test_server server([](const test::received&, int) { return reply{200, {}, "late", 3s}; });
    auto options = fast_options();
    options.request_timeout = 150ms;
    options.retry.max_attempts = 2;
    const auto start = clock_type::now();
    try {
        send_sync(options, get(server.url("/")));
        FAIL() << "no exception";
    } catch (const transport_error& e) {
        EXPECT_NE(std::string(e.what()).find("timed out after 150 ms"), std::string::npos)
            << e.what();
    }
    // Two 150 ms attempts and a backoff, never the server's 3 s: the bound
    // leaves room for sanitizer builds (1.1 s seen under TSan).
    EXPECT_LT(ms_since(start), 2500);
    EXPECT_EQ(server.requests(), 2);
}

TEST(Client, BodyOverTheLimitFailsWithoutRetry) {
    test_server server([](const test::received&, int) {
        return reply{200, {}, std::string(10'000, 'x')};
    });
    auto options = fast_options();
    options.max_body_bytes = 1'000;
    try {
        send_sync(options, get(server.url("/")));
        FAIL() << "no exception";
    } catch (const transport_error& e) {
        EXPECT_NE(std::string(e.what()).find("too large: the body exceeds the limit of 1000 bytes"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(server.requests(), 1);
}

TEST(Client, BodyCutShortIsRetried) {
    test_server server([](const test::received&, int i) {
        reply r{200, {}, std::string(4'000, 'b')};
        if (i == 0)
            r.how = reply::misbehave::cut_body;
        return r;
    });
    auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.body.size(), 4'000u);
    EXPECT_EQ(got.attempts, 2);
    EXPECT_EQ(server.connections(), 2);
}

TEST(Client, KeepAliveReusesOneConnection) {
    test_server server([](const test::received& r, int) { return reply{200, {}, r.target}; });
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(run_sync(io, c.send(get(server.url("/" + std::to_string(i))))).body,
                  "/" + std::to_string(i));
    EXPECT_EQ(server.connections(), 1);
    EXPECT_EQ(c.idle_connections(), 1u);
    c.close_idle();
    EXPECT_EQ(c.idle_connections(), 0u);
    run_sync(io, c.send(get(server.url("/again"))));
    EXPECT_EQ(server.connections(), 2);
}

TEST(Client, ConnectionCloseIsNotReused) {
    test_server server([](const test::received&, int) {
        return reply{200, {{"Connection", "close"}}, "bye"};
    });
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    for (int i = 0; i < 3; ++i)
        run_sync(io, c.send(get(server.url("/"))));
    EXPECT_EQ(server.connections(), 3);
    EXPECT_EQ(c.idle_connections(), 0u);
}

TEST(Client, StalePooledConnectionIsReplacedWithoutCountingAnAttempt) {
    test_server server([](const test::received&, int) {
        return reply{200, {}, "once", 0ms, reply::misbehave::close_after_reply};
    });
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    run_sync(io, c.send(get(server.url("/"))));
    std::this_thread::sleep_for(50ms); // let the server's close arrive
    auto got = run_sync(io, c.send(get(server.url("/"))));
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.attempts, 1);
    EXPECT_EQ(server.connections(), 2);
}

TEST(Client, ConcurrentSendsFromSeveralCoroutines) {
    test_server server([](const test::received& r, int) { return reply{200, {}, r.target, 20ms}; });
    asio::io_context io;
    auto options = fast_options();
    options.max_idle_per_host = 3;
    client c(io.get_executor(), options);
    int done = 0;
    for (int worker = 0; worker < 6; ++worker)
        asio::co_spawn(
            io,
            [&, worker]() -> asio::awaitable<void> {
                for (int i = 0; i < 3; ++i) {
                    const auto path = "/" + std::to_string(worker) + "/" + std::to_string(i);
                    auto got = co_await c.send(get(server.url(path)));
                    EXPECT_EQ(got.body, path);
                    ++done;
                }
            },
            asio::detached);
    io.run();
    EXPECT_EQ(done, 18);
    EXPECT_EQ(server.requests(), 18);
    EXPECT_LE(server.connections(), 6); // each worker's next request reuses a connection
    EXPECT_LE(c.idle_connections(), 3u);
}

TEST(Client, PlainHttpToRemoteHostIsRefusedAtOnce) {
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    const auto start = clock_type::now();
    for (const char* url : {"http://example.com/x?token=SECRET", "http://10.1.2.3/",
                            "ftp://127.0.0.1/", "relative/path"}) {
        try {
            run_sync(io, c.send(get(url)));
            FAIL() << url;
        } catch (const transport_error& e) {
            EXPECT_EQ(std::string(e.what()).find("SECRET"), std::string::npos) << e.what();
            EXPECT_EQ(std::string(e.what()).rfind("GET ", 0), 0u) << e.what();
        }
    }
    EXPECT_LT(ms_since(start), 50); // no DNS, no connect, no backoff
}

TEST(Client, CancellationByTheCallerAbortsPromptly) {
    test_server server([](const test::received&, int) { return reply{200, {}, "late", 5s}; });
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    const auto start = clock_type::now();
    auto raced = run_sync(io, [&]() -> asio::awaitable<int> {
        using namespace asio::experimental::awaitable_operators;
        asio::steady_timer timer(io, 100ms);
        auto r = co_await (c.send(get(server.url("/"))) || timer.async_wait(asio::use_awaitable));
        co_return static_cast<int>(r.index());
    }());
    EXPECT_EQ(raced, 1);
    EXPECT_LT(ms_since(start), 1000);
}

TEST(Client, CancellationPropagatesOperationAborted) {
    // Cancelled while waiting the 5 s the server asked for.
    test_server server([](const test::received&, int) {
        return reply{429, {{"Retry-After", "5"}}, "busy"};
    });
    asio::io_context io;
    client c(io.get_executor(), fast_options());
    asio::cancellation_signal signal;
    std::exception_ptr failure;
    asio::co_spawn(io, c.send(get(server.url("/"))),
                   asio::bind_cancellation_slot(signal.slot(),
                                                [&](std::exception_ptr e, response) { failure = e; }));
    asio::steady_timer timer(io, 200ms);
    timer.async_wait([&](auto) { signal.emit(asio::cancellation_type::terminal); });
    const auto start = clock_type::now();
    io.run();
    EXPECT_LT(ms_since(start), 2000);
    ASSERT_TRUE(failure);
    try {
        std::rethrow_exception(failure);
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), asio::error::operation_aborted);
    }
}

// Issue 6: one cap on requests in flight across every host of the client.
TEST(ClientInFlight, NeverMoreThanTheCapAtTheServerAndAllComplete) {
    test_server server([](const test::received& r, int) { return reply{200, {}, r.target, 40ms}; });
    asio::io_context io;
    auto options = fast_options();
    options.max_in_flight = 3;
    client c(io.get_executor(), options);
    int done = 0;
    std::size_t most_waiting = 0;
    for (int i = 0; i < 20; ++i)
        asio::co_spawn(
            io,
            [&, i]() -> asio::awaitable<void> {
                // Two host names for one server: the cap is global, not per host.
                const auto path = "/" + std::to_string(i);
                auto got = co_await c.send(get(server.url(path, i % 2 ? "localhost" : "127.0.0.1")));
                EXPECT_EQ(got.body, path);
                EXPECT_LE(c.in_flight(), 3u);
                most_waiting = std::max(most_waiting, c.waiting());
                ++done;
            },
            asio::detached);
    io.run();
    EXPECT_EQ(done, 20);
    EXPECT_EQ(server.requests(), 20);
    EXPECT_LE(server.max_active(), 3);
    EXPECT_GE(server.max_active(), 2); // they do overlap
    EXPECT_GT(most_waiting, 0u);
    EXPECT_EQ(c.in_flight(), 0u);
    EXPECT_EQ(c.waiting(), 0u);
}

TEST(ClientInFlight, WaitersAreServedInArrivalOrder) {
    test_server server([](const test::received& r, int) { return reply{200, {}, r.target, 10ms}; });
    asio::io_context io;
    auto options = fast_options();
    options.max_in_flight = 1;
    client c(io.get_executor(), options);
    for (int i = 0; i < 8; ++i)
        asio::co_spawn(io, c.send(get(server.url("/" + std::to_string(i)))), asio::detached);
    io.run();
    const auto log = server.log();
    ASSERT_EQ(log.size(), 8u);
    for (int i = 0; i < 8; ++i)
        EXPECT_EQ(log[static_cast<std::size_t>(i)].target, "/" + std::to_string(i));
    EXPECT_EQ(server.max_active(), 1);
}

TEST(ClientInFlight, CancellingAQueuedSendFreesNothingWrongly) {
    test_server server([](const test::received& r, int) { return reply{200, {}, r.target, 300ms}; });
    asio::io_context io;
    auto options = fast_options();
    options.max_in_flight = 1;
    client c(io.get_executor(), options);
    std::vector<std::string> finished;
    const auto track = [&](std::string path) {
        return [&, path](std::exception_ptr e, response r) {
            finished.push_back(e ? path + ":aborted" : path + ":" + r.body);
        };
    };
    asio::co_spawn(io, c.send(get(server.url("/holder"))), track("/holder"));
    asio::cancellation_signal signal;
    asio::co_spawn(io, c.send(get(server.url("/cancelled"))),
                   asio::bind_cancellation_slot(signal.slot(), track("/cancelled")));
    asio::co_spawn(io, c.send(get(server.url("/next"))), track("/next"));
    std::size_t in_flight_after_cancel = 99, waiting_after_cancel = 99;
    asio::steady_timer timer(io, 50ms);
    timer.async_wait([&](auto) {
        signal.emit(asio::cancellation_type::terminal);
        asio::post(io, [&] {
            in_flight_after_cancel = c.in_flight();
            waiting_after_cancel = c.waiting();
        });
    });
    io.run();
    EXPECT_EQ(in_flight_after_cancel, 1u); // the holder keeps its slot
    EXPECT_EQ(waiting_after_cancel, 1u);   // only /next still queued
    EXPECT_EQ(finished, (std::vector<std::string>{"/cancelled:aborted", "/holder:/holder",
                                                  "/next:/next"}));
    EXPECT_EQ(server.requests(), 2); // the cancelled send never reached the server
    EXPECT_EQ(server.max_active(), 1);
    EXPECT_EQ(c.in_flight(), 0u);
    EXPECT_EQ(c.waiting(), 0u);
}

TEST(ClientInFlight, RetryWaitsDoNotHoldASlot) {
    test_server server([](const test::received& r, int index) {
        if (index == 0) // the throttled send's first attempt
            return reply{429, {{"Retry-After", "1"}}, "busy"};
        return reply{200, {}, r.target};
    });
    asio::io_context io;
    auto options = fast_options();
    options.max_in_flight = 1;
    client c(io.get_executor(), options);
    const auto start = clock_type::now();
    long long throttled_ms = -1, other_ms = -1;
    int throttled_attempts = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto first = co_await c.send(get(server.url("/throttled")));
            throttled_attempts = first.attempts;
            throttled_ms = ms_since(start);
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            asio::steady_timer pause(io, 100ms); // the throttled send is in its Retry-After wait
            co_await pause.async_wait(asio::use_awaitable);
            auto got = co_await c.send(get(server.url("/other")));
            EXPECT_EQ(got.body, "/other");
            other_ms = ms_since(start);
        },
        asio::detached);
    io.run();
    EXPECT_EQ(throttled_attempts, 2);
    EXPECT_GE(throttled_ms, 1000);
    EXPECT_GE(other_ms, 100);
    EXPECT_LT(other_ms, 900); // served during the first Retry-After wait
}

TEST(ClientHeaders, TheLastResponsesHeadersReachTheCaller) {
    test_server server([](const test::received&, int index) {
        if (index == 0)
            return reply{429,
                         {{"Retry-After", "0"}, {"x-ms-ratelimit-remaining-subscription-reads", "0"}},
                         "busy"};
        return reply{200, {{"x-ms-ratelimit-remaining-subscription-reads", "11998"}}, "ok"};
    });
    const auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 200u);
    EXPECT_EQ(got.attempts, 2);
    EXPECT_EQ(got.header("X-MS-RateLimit-Remaining-Subscription-Reads"), "11998");
    EXPECT_EQ(got.header("Retry-After"), "");
}

TEST(ClientHeaders, AnExhausted429ComesBackWithItsRetryAfter) {
    test_server server([](const test::received&, int) {
        return reply{429,
                     {{"Retry-After", "0"}, {"x-ms-ratelimit-remaining-subscription-reads", "0"}},
                     "busy"};
    });
    const auto got = send_sync(fast_options(), get(server.url("/")));
    EXPECT_EQ(got.status, 429u);
    EXPECT_EQ(got.attempts, 3);
    EXPECT_EQ(got.header("retry-after"), "0");
    EXPECT_EQ(got.header("x-ms-ratelimit-remaining-subscription-reads"), "0");
}

} // namespace
} // namespace cloudsync::http
