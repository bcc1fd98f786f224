// Runs left 'running' by a process or connection that died are failed as
// interrupted at the next start; a run some live process still carries out (a
// second daemon on the same database) is never touched. The staging tables of
// a dead run go with it; a live run's stay.
#include "fixture.hpp"

#include <chrono>
#include <thread>

namespace cloudsync::store::test {
namespace {

class interrupted : public store_test {
protected:
    std::string staging_tables() {
        return scalar("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                      "WHERE schemaname = 'cloudsync_stage'");
    }
};

TEST_F(interrupted, ALiveRunIsLeftAloneAndADeadOneIsFailed) {
    const auto s = scope();
    database other(options{cloudsync::secret(db_info_.dsn), 1, 1}); // another daemon
    run_blocking([&]() -> boost::asio::awaitable<void> {
        auto run = co_await db_->begin(s);
        auto sink = co_await run->open_scope("");
        co_await sink->write(make_vms(0, 3));
        EXPECT_TRUE((co_await other.mark_interrupted_runs()).empty()) << "a live run was failed";
        EXPECT_EQ(staging_tables(), "run_" + std::to_string(run->id()) + "_vms") << "dropped live";
        co_await sink->complete();
        co_await run->commit();
    }());
    EXPECT_EQ(staging_tables(), "");
    EXPECT_EQ(scalar("SELECT string_agg(status, ',') FROM cloudsync.sync_runs"), "succeeded");

    // The connection of a second run dies under it (as when the daemon is
    // killed or the server restarts): its lock goes with it.
    run_blocking([&]() -> boost::asio::awaitable<void> {
        auto run = co_await db_->begin(s);
        auto sink = co_await run->open_scope("");
        co_await sink->write(make_vms(0, 3));
        co_await sink->complete();
        const auto id = run->id();
        const auto held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = " +
                          std::to_string(id);
        EXPECT_EQ(scalar(held), "1");
        query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
              "AND objid = " + std::to_string(id));
        // The backend ends (and its locks go) a moment after it is told to.
        for (int i = 0; i < 100 && scalar(held) != "0"; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(scalar(held), "0");
        const auto marked = co_await other.mark_interrupted_runs();
        EXPECT_EQ(marked, std::vector<inv::run_id>{id});
        EXPECT_EQ(scalar("SELECT status || ': ' || error FROM cloudsync.sync_runs WHERE id = " +
                         std::to_string(id)),
                  "failed: interrupted: the daemon or its database connection ended during the "
                  "run");
        EXPECT_EQ(staging_tables(), "") << "the dead run's staging stayed";
        EXPECT_TRUE((co_await other.mark_interrupted_runs()).empty()) << "marked once";
    }());
}

} // namespace
} // namespace cloudsync::store::test
