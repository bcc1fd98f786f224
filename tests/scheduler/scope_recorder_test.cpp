// The job's scope ledger: scopes open at once, each counted once, failures
// (including abandoned scopes) in the order they happened.
#include "scheduler/detail/scope_recorder.hpp"

#include "fakes.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace cloudsync::scheduler {
namespace {

namespace asio = boost::asio;
using detail::scope_recorder;
using testing::memory_run;
using testing::run_log;

// Runs `task` to completion on a fresh io_context; rethrows its failure.
void run(asio::awaitable<void> task) {
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure)
        std::rethrow_exception(failure);
}

TEST(ScopeRecorder, TwoScopesOpenAtOnceOneFailing) {
    run_log log;
    auto recorder = std::make_shared<scope_recorder>(std::make_shared<memory_run>(log));
    run([](std::shared_ptr<scope_recorder> sink) -> asio::awaitable<void> {
        auto a = co_await sink->open_scope("sub-a");
        auto b = co_await sink->open_scope("sub-b");
        co_await a->write(std::vector<inventory::record>(2));
        co_await b->write(std::vector<inventory::record>(3));
        co_await b->fail("429 TooManyRequests");
        co_await a->complete();
    }(recorder));
    EXPECT_EQ(recorder->begun(), 2u);
    ASSERT_EQ(recorder->failed().size(), 1u);
    EXPECT_EQ(recorder->failed()[0],
              (std::pair<std::string, std::string>("sub-b", "429 TooManyRequests")));
    EXPECT_EQ(log.peak_scopes_open, 2);
    EXPECT_EQ(log.records, 5u);
    EXPECT_EQ(log.scopes_completed, std::vector<std::string>{"sub-a"});
    ASSERT_EQ(log.scopes_failed.size(), 1u) << "the failure reached the run";
}

TEST(ScopeRecorder, AnAbandonedScopeCountsAsFailed) {
    run_log log;
    auto recorder = std::make_shared<scope_recorder>(std::make_shared<memory_run>(log));
    run([](std::shared_ptr<scope_recorder> sink) -> asio::awaitable<void> {
        auto kept = co_await sink->open_scope("sub-1");
        { auto dropped = co_await sink->open_scope("sub-2"); }
        co_await kept->complete();
    }(recorder));
    EXPECT_EQ(recorder->begun(), 2u);
    ASSERT_EQ(recorder->failed().size(), 1u);
    EXPECT_EQ(recorder->failed()[0], (std::pair<std::string, std::string>("sub-2", "abandoned")));
}

} // namespace
} // namespace cloudsync::scheduler
