// The write path holds no transaction while a run waits on the cloud, runs
// with a pinned search_path, absorbs a change of the content hash's
// definition, and shuts down within its bound on a hung database; its second
// COPY stream reports what the server refused.
#include "fixture.hpp"

#include "store/detail/side_copy.hpp"
#include "store/store_error.hpp"

#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace cloudsync::store::test {
namespace {

using namespace std::chrono_literals;
using Staging = store_test;

TEST_F(Staging, AnOpenRunIsIdleNotIdleInTransaction) {
    auto db = scalar("SELECT current_database()");
    // Any transaction left idle longer than this is killed by the server.
    query("ALTER ROLE CURRENT_USER IN DATABASE " + db +
          " SET idle_in_transaction_session_timeout = '100ms'");
    sync(make_vms(0, 100));
    std::string states;
    auto counts = run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
        auto run = co_await db_->begin(scope());
        auto sink = co_await run->open_scope("sub-a");
        auto records = make_vms(50, 150);
        records[0] = make_vm(50, "Standard_D4s");
        co_await sink->write(records);
        std::this_thread::sleep_for(400ms); // the collector waits on the cloud
        states = scalar("SELECT string_agg(DISTINCT state, ',') FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND backend_type = 'client backend'");
        co_await sink->write(make_vms(150, 160));
        std::this_thread::sleep_for(300ms);
        co_await sink->complete();
        co_return co_await run->commit();
    }());
    EXPECT_EQ(states, "idle");
    EXPECT_EQ(counts.added, 60);
    EXPECT_EQ(counts.modified, 50); // vm50..vm99 moved from scope "" to sub-a
    EXPECT_EQ(counts.removed, 50);
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm50'"), "Standard_D4s");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "110");
}

TEST_F(Staging, APlantedFunctionIsNeverCalled) {
    auto db = scalar("SELECT current_database()");
    query("CREATE SCHEMA evil; CREATE TABLE evil.calls (n int); "
          "CREATE FUNCTION evil.to_jsonb(text) RETURNS jsonb LANGUAGE sql AS "
          "$$ INSERT INTO evil.calls VALUES (1); SELECT '\"evil\"'::jsonb $$; "
          "GRANT USAGE ON SCHEMA evil TO PUBLIC; "
          "ALTER DATABASE " +
          db + " SET search_path = evil, pg_catalog, public");
    // The trap works on a session that does not pin its search_path: an exact
    // match in an earlier schema beats pg_catalog's polymorphic to_jsonb.
    EXPECT_EQ(scalar("SELECT to_jsonb('x'::text)::text"), "\"evil\"");
    query("TRUNCATE evil.calls");

    sync(make_vms(0, 10));
    auto records = make_vms(0, 10);
    records[1] = make_vm(1, "Standard_D4s"); // the diff calls to_jsonb(text) on size
    auto counts = sync(records);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM evil.calls"), "0");
    EXPECT_EQ(scalar("SELECT fields->'size'->>'new' FROM cloudsync.changes "
                     "WHERE change = 'modified'"),
              "Standard_D4s");
    EXPECT_EQ(scalar("SELECT count(*) FROM evil.calls"), "0");
}

TEST_F(Staging, ANewHashDefinitionRecordsNoBogusChanges) {
    sync(make_vms(0, 200));
    // Rows as an older binary hashed them: every stored hash differs.
    query("UPDATE cloudsync.vms SET content_hash = content_hash # 6148914691236517205");
    auto values = [&] {
        return scalar("SELECT string_agg((to_jsonb(t) - 'content_hash')::text, '\n' "
                      "ORDER BY native_id) FROM cloudsync.vms t");
    };
    auto before = values();
    auto changes = scalar("SELECT count(*) FROM cloudsync.changes");
    auto records = make_vms(0, 200);
    records[7] = make_vm(7, "Standard_D4s"); // one real change among them
    auto counts = sync(records);
    EXPECT_EQ(counts.added + counts.removed, 0);
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes"),
              std::to_string(std::stoi(changes) + 1));
    // Only the hash moved on the others (updated_at included).
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE updated_at > first_seen"), "1");
    auto after = values();
    EXPECT_NE(after, before); // vm7
    // The next resync is unchanged: not one row rewritten.
    auto rows = dump("vms");
    auto again = sync(records);
    EXPECT_EQ(again.added + again.modified + again.removed, 0);
    EXPECT_EQ(dump("vms"), rows);
}

TEST_F(Staging, DestructionIsBoundedOnAHungDatabase) {
    auto opts = options{cloudsync::secret(db_info_.dsn), 1, 1};
    opts.shutdown_grace = 300ms;
    auto store = std::make_unique<database>(opts);
    run_blocking(store->migrate());
    // Another session holds a lock every read of sync_runs waits for.
    pqxx::connection blocker(db_info_.dsn);
    pqxx::work hold(blocker);
    hold.exec("LOCK TABLE cloudsync.sync_runs IN ACCESS EXCLUSIVE MODE");
    boost::asio::io_context io;
    auto reading = boost::asio::co_spawn(io, store->last_runs(), boost::asio::use_future);
    std::thread runner([&] { io.run(); });
    std::this_thread::sleep_for(300ms); // last_runs is now waiting on the lock
    auto start = std::chrono::steady_clock::now();
    store.reset();
    auto took = std::chrono::steady_clock::now() - start;
    runner.join();
    EXPECT_LT(took, 2s);
    EXPECT_THROW(reading.get(), store_error);
    hold.abort();
}

// The second COPY stream of a large run, on its own: rows count once complete()
// returns; a row the server refuses fails complete() once, and the stream
// goes on afterwards; discard() drops what is queued; the connection closes
// with the stream (an idle run slot holds one).
TEST_F(Staging, TheSideCopyWritesReportsAndCloses) {
    query("CREATE TABLE cloudsync_stage.side_test (n int NOT NULL)");
    const std::string table = "cloudsync_stage.side_test";
    const std::vector<std::string> columns{"n"};
    // The side copy's own backends, told apart by their application_name:
    // the fixture's store opens and closes connections of its own meanwhile.
    auto backends = [&] {
        return std::stoi(scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND application_name = 'side-copy-test'"));
    };
    detail::session_rules rules;
    rules.dsn = cloudsync::secret(db_info_.dsn + " application_name=side-copy-test");
    detail::session db(rules);
    {
        detail::side_copy side(db);
        side.write(table, columns, "1\n2\n");
        side.write(table, columns, "3\n");
        side.complete();
        EXPECT_EQ(scalar("SELECT string_agg(n::text, ',' ORDER BY n) FROM " + table), "1,2,3");
        EXPECT_EQ(backends(), 1);

        side.write(table, columns, "4\nnot a number\n5\n");
        side.write(table, columns, "6\n"); // after the error: dropped
        try {
            side.complete();
            ADD_FAILURE() << "a refused row went unreported";
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find("not a number"), std::string::npos) << e.what();
        }
        EXPECT_NO_THROW(side.complete());                        // reported once
        EXPECT_EQ(scalar("SELECT count(*) FROM " + table), "3"); // the failed COPY wrote nothing

        side.write(table, columns, "7\n"); // on a fresh connection
        side.complete();
        EXPECT_EQ(scalar("SELECT string_agg(n::text, ',' ORDER BY n) FROM " + table), "1,2,3,7");
        side.write(table, columns, "8\n");
        side.discard();
        EXPECT_NO_THROW(side.complete());
    }
    // A backend ends a moment after its client said goodbye.
    for (int i = 0; i < 100 && backends() != 0; ++i)
        std::this_thread::sleep_for(50ms);
    EXPECT_EQ(backends(), 0);
}

// The daemon's hook for its run threads (it lowers their priority there) runs
// once on each run slot's thread, before any run.
TEST_F(Staging, TheRunThreadSetupRunsOnEachRunThread) {
    std::mutex mutex;
    std::set<std::thread::id> threads;
    auto opts = test_options();
    opts.max_runs = 3;
    opts.run_thread_setup = [&] {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
    };
    auto store = std::make_unique<database>(opts);
    run_blocking(store->migrate());
    db_ = std::move(store);
    EXPECT_EQ(sync(make_vms(0, 10)).added, 10);
    db_.reset(); // joins the threads
    EXPECT_EQ(threads.size(), 3u);
    EXPECT_FALSE(threads.count(std::this_thread::get_id()));
}

} // namespace
} // namespace cloudsync::store::test
