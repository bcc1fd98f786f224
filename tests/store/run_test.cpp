// The run write path against real PostgreSQL: inserts, no-op resyncs, exact
// change sets, and failed/abandoned runs that leave everything as it was.
#include "fixture.hpp"

#include "store/store_error.hpp"

#include <boost/json/parse.hpp>

#include <thread>

namespace cloudsync::store::test {
namespace {

using Runs = store_test;

TEST_F(Runs, FirstRunInsertsEveryRecord) {
    auto counts = sync(make_vms(0, 1000));
    EXPECT_EQ(counts.seen, 1000);
    EXPECT_EQ(counts.added, 1000);
    EXPECT_EQ(counts.modified, 0);
    EXPECT_EQ(counts.removed, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "1000");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes WHERE change = 'added'"), "1000");
    auto row = query("SELECT tenant, account, provider, state, size, private_ips::text, "
                     "public_ips::text, tags->>'owner', raw->'properties'->>'vmId' "
                     "FROM cloudsync.vms WHERE name = 'vm3'");
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row[0][0].as<std::string>(), "platform");
    EXPECT_EQ(row[0][1].as<std::string>(), "azure-prod");
    EXPECT_EQ(row[0][2].as<std::string>(), "azure");
    EXPECT_EQ(row[0][3].as<std::string>(), "running");
    EXPECT_EQ(row[0][4].as<std::string>(), "Standard_B2s");
    EXPECT_EQ(row[0][5].as<std::string>(), "{10.0.0.4}");
    EXPECT_EQ(row[0][6].as<std::string>(), "{2001:db8::3}");
    EXPECT_EQ(row[0][7].as<std::string>(), "team3");
    EXPECT_EQ(row[0][8].as<std::string>(), "3");
    auto run =
        query("SELECT status, seen, added, finished_at IS NOT NULL FROM cloudsync.sync_runs");
    ASSERT_EQ(run.size(), 1u);
    EXPECT_EQ(run[0][0].as<std::string>(), "succeeded");
    EXPECT_EQ(run[0][2].as<int>(), 1000);
    EXPECT_TRUE(run[0][3].as<bool>());
}

TEST_F(Runs, UnchangedResyncWritesNothing) {
    sync({make_vms(0, 500), make_vms(500, 1000)}, scope());
    auto before = dump("vms");
    auto changes_before = scalar("SELECT count(*) FROM cloudsync.changes");
    auto counts = sync({make_vms(500, 1000), make_vms(0, 500)}, scope()); // any order
    EXPECT_EQ(counts.seen, 1000);
    EXPECT_EQ(counts.added + counts.modified + counts.removed, 0);
    EXPECT_EQ(dump("vms"), before); // same xmin and ctid: not one row rewritten
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes"), changes_before);
}

TEST_F(Runs, ChangedAddedRemovedAreExactlyRecorded) {
    sync(make_vms(0, 100));
    auto first_seen = scalar("SELECT first_seen::text FROM cloudsync.vms WHERE name = 'vm1'");
    auto untouched =
        scalar("SELECT xmin::text || ctid::text || updated_at::text FROM cloudsync.vms "
               "WHERE name = 'vm50'");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));

    auto records = make_vms(0, 90); // vm90..vm99 removed
    records[1] = make_vm(1, "Standard_D4s");
    records[2].tags = R"({"owner":"someone-else","env":"prod"})";
    for (int i = 1000; i < 1003; ++i)
        records.push_back(make_vm(i)); // added
    auto counts = sync(records);
    EXPECT_EQ(counts.seen, 93);
    EXPECT_EQ(counts.added, 3);
    EXPECT_EQ(counts.modified, 2);
    EXPECT_EQ(counts.removed, 10);

    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "93");
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm1'"), "Standard_D4s");
    EXPECT_EQ(scalar("SELECT first_seen::text FROM cloudsync.vms WHERE name = 'vm1'"), first_seen);
    EXPECT_EQ(scalar("SELECT updated_at > first_seen FROM cloudsync.vms WHERE name = 'vm1'"), "t");
    EXPECT_EQ(scalar("SELECT xmin::text || ctid::text || updated_at::text FROM cloudsync.vms "
                     "WHERE name = 'vm50'"),
              untouched);

    auto run_id = scalar("SELECT max(id) FROM cloudsync.sync_runs");
    auto changes = query("SELECT change, count(*) FROM cloudsync.changes WHERE run_id = " + run_id +
                         " GROUP BY change ORDER BY change");
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[0][0].as<std::string>() + changes[0][1].as<std::string>(), "added3");
    EXPECT_EQ(changes[1][0].as<std::string>() + changes[1][1].as<std::string>(), "modified2");
    EXPECT_EQ(changes[2][0].as<std::string>() + changes[2][1].as<std::string>(), "removed10");

    auto size_change = boost::json::parse(scalar("SELECT fields::text FROM cloudsync.changes WHERE "
                                                 "change = 'modified' AND native_id LIKE '%/vm1'"));
    EXPECT_EQ(size_change.at("size").at("old"), "Standard_B2s");
    EXPECT_EQ(size_change.at("size").at("new"), "Standard_D4s");
    EXPECT_EQ(size_change.at("raw").at("properties").at("new").at("hardwareProfile").at("vmSize"),
              "Standard_D4s");
    EXPECT_EQ(size_change.as_object().size(), 2u) << size_change; // nothing else changed

    auto tag_change = boost::json::parse(scalar("SELECT fields::text FROM cloudsync.changes WHERE "
                                                "change = 'modified' AND native_id LIKE '%/vm2'"));
    EXPECT_EQ(tag_change.at("tags").at("owner").at("old"), "team2");
    EXPECT_EQ(tag_change.at("tags").at("owner").at("new"), "someone-else");
    EXPECT_EQ(tag_change.at("tags").as_object().size(), 1u) << tag_change;
    EXPECT_EQ(tag_change.as_object().size(), 1u) << tag_change;
}

TEST_F(Runs, DuplicateNativeIdKeepsTheLast) {
    auto records = make_vms(0, 10);
    records.push_back(make_vm(3, "Standard_D8s"));
    auto later = make_vms(20, 22);
    later.push_back(make_vm(21, "Standard_E2s")); // a duplicate of a new row, next batch
    later.push_back(make_vm(4, "Standard_F2s"));
    auto counts = sync({records, later}, scope());
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "12");
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm3'"), "Standard_D8s");
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm21'"), "Standard_E2s");
    EXPECT_EQ(scalar("SELECT size FROM cloudsync.vms WHERE name = 'vm4'"), "Standard_F2s");
    EXPECT_EQ(counts.seen, 15);
    // A second identical run sees the final state as unchanged.
    auto again = sync({records, later}, scope());
    EXPECT_EQ(again.added + again.modified + again.removed, 0);
}

TEST_F(Runs, FailedRunLeavesEverythingAsItWas) {
    sync(make_vms(0, 200));
    auto vms = dump("vms");
    auto changes = dump("changes");
    auto id = run_blocking([&]() -> boost::asio::awaitable<inv::run_id> {
        auto run = co_await db_->begin(scope());
        auto records = make_vms(0, 150);
        records[0] = make_vm(0, "Standard_X");
        for (int i = 500; i < 600; ++i)
            records.push_back(make_vm(i));
        auto sink = co_await run->open_scope("");
        co_await sink->write(records);
        co_await run->fail(inv::run_status::cancelled, "stopping");
        co_return run->id();
    }());
    EXPECT_EQ(dump("vms"), vms);
    EXPECT_EQ(dump("changes"), changes);
    auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::cancelled);
    EXPECT_EQ(record->error, "stopping");
    EXPECT_TRUE(record->finished_at);
    EXPECT_EQ(record->counts.seen, 250);
}

TEST_F(Runs, BadRecordFailsTheRunAndChangesNothing) {
    sync(make_vms(0, 50));
    auto vms = dump("vms");
    auto changes = dump("changes");
    auto bad = make_vms(100, 110);
    bad[5].raw = "{not json";
    std::string error;
    inv::run_id id = 0;
    run_blocking([&]() -> boost::asio::awaitable<void> {
        auto run = co_await db_->begin(scope());
        id = run->id();
        auto sink = co_await run->open_scope("");
        co_await sink->write(make_vms(0, 10));
        co_await sink->write(bad);
        try {
            co_await sink->write(make_vms(10, 20)); // may already see the error
            co_await sink->complete();
            co_await run->commit();
        } catch (const store_error& e) {
            error = e.what();
        }
    }());
    EXPECT_NE(error.find("json"), std::string::npos) << error;
    EXPECT_EQ(dump("vms"), vms);
    EXPECT_EQ(dump("changes"), changes);
    auto record = run_blocking(db_->find(id));
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::failed);
    EXPECT_EQ(record->error, error);
}

TEST_F(Runs, AbandonedRunRollsBackAndIsMarkedFailed) {
    sync(make_vms(0, 50));
    auto vms = dump("vms");
    auto id = run_blocking([&]() -> boost::asio::awaitable<inv::run_id> {
        auto run = co_await db_->begin(scope());
        auto sink = co_await run->open_scope("");
        co_await sink->write(make_vms(25, 80));
        co_return run->id(); // destroyed without commit or fail
    }());
    std::optional<inv::run_record> record;
    for (int i = 0; i < 500; ++i) {
        record = run_blocking(db_->find(id));
        if (record && record->status != inv::run_status::running)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(record);
    EXPECT_EQ(record->status, inv::run_status::failed);
    EXPECT_EQ(record->error, "abandoned");
    EXPECT_EQ(dump("vms"), vms);
    // The slot came back: more runs than slots still proceed.
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(sync(make_vms(0, 50)).added, 0);
}

TEST_F(Runs, ConcurrentRunsOfDifferentAccountsDoNotBlock) {
    auto counts = run_blocking([&]() -> boost::asio::awaitable<std::pair<int, int>> {
        auto a = co_await db_->begin(scope("acct-a"));
        auto b = co_await db_->begin(scope("acct-b"));
        auto sa = co_await a->open_scope("");
        auto sb = co_await b->open_scope("");
        co_await sa->write(make_vms(0, 100));
        co_await sb->write(make_vms(0, 70));
        co_await sb->complete();
        co_await sa->complete();
        auto cb = co_await b->commit();
        auto ca = co_await a->commit();
        co_return std::pair{static_cast<int>(ca.added), static_cast<int>(cb.added)};
    }());
    EXPECT_EQ(counts.first, 100);
    EXPECT_EQ(counts.second, 70);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE account = 'acct-b'"), "70");
}

TEST_F(Runs, RunOnlyOwnsItsKindsTables) {
    sync(make_vms(0, 20));
    auto s = scope();
    s.kind = inv::collector_kind::networks;
    inv::record net;
    net.native_id = "/subscriptions/s1/virtualNetworks/n1";
    net.name = "n1";
    net.columns = inv::network_columns{{"10.0.0.0/16", "10.1.2.3/16", "bogus"}};
    inv::record sub;
    sub.native_id = net.native_id + "/subnets/s1";
    sub.columns = inv::subnet_columns{net.native_id, "10.0.1.0/24"};
    auto counts = sync({{net, sub}}, s);
    EXPECT_EQ(counts.added, 2);
    EXPECT_EQ(scalar("SELECT cidrs::text FROM cloudsync.networks"), "{10.0.0.0/16,10.1.0.0/16}");
    EXPECT_EQ(scalar("SELECT cidr::text FROM cloudsync.subnets"), "10.0.1.0/24");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "20"); // untouched by a networks run
    EXPECT_EQ(scalar("SELECT string_agg(kind, ',' ORDER BY kind) FROM cloudsync.resources "
                     "WHERE kind <> 'vms'"),
              "networks,subnets");
    // A vms record in a networks run is refused; nothing lands.
    EXPECT_THROW(sync({{make_vm(99)}}, s), store_error);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms"), "20");
}

TEST_F(Runs, KilledConnectionsAreReopened) {
    sync(make_vms(0, 10));
    EXPECT_EQ(run_blocking(db_->last_runs()).size(), 1u);
    EXPECT_TRUE(run_blocking(db_->ping(std::chrono::seconds(5))));
    auto killed = query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    EXPECT_GE(killed[0][0].as<int>(), 3); // a run slot, the control and the health connection
    EXPECT_EQ(run_blocking(db_->last_runs()).size(), 1u);
    EXPECT_EQ(sync(make_vms(0, 12)).added, 2);
    // The health connection reconnects on the ping after the one that failed.
    run_blocking(db_->ping(std::chrono::seconds(5)));
    EXPECT_TRUE(run_blocking(db_->ping(std::chrono::seconds(5))));
}

TEST_F(Runs, LastRunsReportsLatestPerAccountAndKind) {
    sync(make_vms(0, 5));
    sync(make_vms(0, 6));
    sync({make_vms(0, 3)}, scope("other"));
    auto runs = run_blocking(db_->last_runs());
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].scope.account, "azure-prod");
    EXPECT_EQ(runs[0].counts.seen, 6);
    EXPECT_EQ(runs[0].scope.trigger, "once");
    EXPECT_EQ(runs[1].scope.account, "other");
    EXPECT_EQ(runs[1].status, inv::run_status::succeeded);
    EXPECT_FALSE(run_blocking(db_->find(424242)));
}

} // namespace
} // namespace cloudsync::store::test
