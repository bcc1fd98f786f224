// Log fields ride on a job's executor: every handler run through
// log_fields_executor - posted, resumed after an operation completed on
// another executor, or a coroutine spawned from it - sees the job's fields as
// the thread's current ones, and nothing else does. Also the journald native
// datagram encoding.
#include "core/journal.hpp"
#include "core/log_fields_executor.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cloudsync {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::shared_ptr<log_fields> fields_for(const std::string& account) {
    auto fields = std::make_shared<log_fields>();
    fields->account = account;
    fields->collector = "vms";
    fields->provider = "azure";
    return fields;
}

asio::strand<asio::any_io_executor> job_strand(asio::any_io_executor executor,
                                               std::shared_ptr<log_fields> fields) {
    return asio::make_strand(asio::any_io_executor(
        log_fields_executor<asio::any_io_executor>(std::move(executor), std::move(fields))));
}

// The account current on this thread, or "-".
std::string current_account() {
    const auto* fields = current_log_fields();
    return fields ? fields->account : "-";
}

asio::awaitable<std::vector<std::string>> observe(asio::any_io_executor elsewhere) {
    std::vector<std::string> seen{current_account()};
    // Completed by a timer of another executor: resumed on this job's executor.
    asio::steady_timer timer(elsewhere, 5ms);
    co_await timer.async_wait(asio::use_awaitable);
    seen.push_back(current_account());
    // A coroutine spawned on the job's own executor logs with its fields too.
    const auto executor = co_await asio::this_coro::executor;
    seen.push_back(co_await asio::co_spawn(
        executor, []() -> asio::awaitable<std::string> { co_return current_account(); },
        asio::use_awaitable));
    co_return seen;
}

TEST(LogFields, FollowAJobsHandlersAcrossThreadsAndCoroutines) {
    asio::thread_pool pool(2);
    asio::io_context other;
    auto work = asio::make_work_guard(other);
    std::thread other_thread([&] { other.run(); });

    auto a = job_strand(pool.get_executor(), fields_for("azure-a"));
    auto b = job_strand(pool.get_executor(), fields_for("azure-b"));
    std::vector<std::future<std::vector<std::string>>> results;
    for (int i = 0; i < 20; ++i) {
        results.push_back(asio::co_spawn(a, observe(other.get_executor()), asio::use_future));
        results.push_back(asio::co_spawn(b, observe(other.get_executor()), asio::use_future));
    }
    for (std::size_t i = 0; i < results.size(); ++i) {
        const std::string expected = i % 2 == 0 ? "azure-a" : "azure-b";
        EXPECT_EQ(results[i].get(), (std::vector<std::string>{expected, expected, expected}));
    }
    // Outside a job: no fields, on the pool's threads as on this one.
    auto outside = asio::post(pool, asio::use_future([] { return current_account(); }));
    EXPECT_EQ(outside.get(), "-");
    EXPECT_EQ(current_account(), "-");

    work.reset();
    other_thread.join();
    pool.join();
}

TEST(LogFields, ScopesNestAndRestore) {
    const auto a = fields_for("a");
    const auto b = fields_for("b");
    {
        const scoped_log_fields outer(a.get());
        {
            const scoped_log_fields inner(b.get());
            EXPECT_EQ(current_account(), "b");
        }
        EXPECT_EQ(current_account(), "a");
    }
    EXPECT_EQ(current_log_fields(), nullptr);
}

TEST(Journal, FieldsInPlainAndBinaryForm) {
    std::string datagram;
    journal::append_field(datagram, "ACCOUNT", "azure-prod");
    journal::append_field(datagram, "MESSAGE", "two\nlines");
    const std::string binary_size("\x09\0\0\0\0\0\0\0", 8);
    EXPECT_EQ(datagram, "ACCOUNT=azure-prod\nMESSAGE\n" + binary_size + "two\nlines\n");
}

} // namespace
} // namespace cloudsync
