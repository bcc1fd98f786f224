// The run history (changes, sync_runs) lives in UTC day partitions, and
// history.retention drops whole days (issue 7, item 7); a database written
// before migration 0006 keeps every row and run id.
#include "fixture.hpp"

#include "store/store_error.hpp"

namespace cloudsync::store::test {
namespace {

using History = store_test;

// Runs and changes `days_ago` old, as the writer would have recorded them.
void age(pqxx::work& tx, int days_ago, const std::string& account) {
    const auto when = "(now() - interval '" + std::to_string(days_ago) + " days')";
    tx.exec("SELECT cloudsync.ensure_history_partitions(ARRAY[(" + when +
             " AT TIME ZONE 'UTC')::date])");
    tx.exec0("INSERT INTO cloudsync.sync_runs (tenant, account, provider, kind, trigger, status, "
             "started_at, finished_at) VALUES ('platform', '" +
             account + "', 'azure', 'vms', 'old', 'succeeded', " + when + ", " + when + ")");
    tx.exec0("INSERT INTO cloudsync.changes (run_id, tenant, account, table_name, native_id, "
             "change, at) SELECT 1, 'platform', '" +
             account + "', 'vms', 'vm' || i, 'added', " + when +
             " FROM generate_series(1, 100) i");
}

TEST_F(History, ChangesAndRunsAreDayPartitioned) {
    sync(make_vms(0, 10));
    EXPECT_EQ(scalar("SELECT string_agg(relname || ':' || relkind::text || ':' || "
                     "relforcerowsecurity::text, ' ' ORDER BY relname) FROM pg_class "
                     "WHERE relname IN ('changes', 'sync_runs') AND relnamespace = "
                     "'cloudsync'::regnamespace"),
              "changes:p:true sync_runs:p:true");
    // Today's rows sit in today's partitions.
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes WHERE tableoid::regclass::text = "
                     "'cloudsync.changes_p' || to_char((now() AT TIME ZONE 'UTC')::date, "
                     "'YYYYMMDD')"),
              "10");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.sync_runs WHERE tableoid::regclass::text = "
                     "'cloudsync.sync_runs_p' || to_char((now() AT TIME ZONE 'UTC')::date, "
                     "'YYYYMMDD')"),
              "1");
}

TEST_F(History, RetentionDropsWholeOldDaysAndKeepsTheRest) {
    register_account("azure-prod", "platform");
    {
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        for (int days : {200, 120, 91, 89, 10})
            age(tx, days, "azure-prod");
        tx.commit();
    }
    sync(make_vms(0, 10)); // today: 1 run, 10 changes
    auto result = run_blocking(db_->apply_history_retention(std::chrono::hours(24 * 90)));
    EXPECT_EQ(result.partitions_dropped, 6); // 200, 120 and 91 days ago, in both tables
    EXPECT_EQ(result.rows_deleted, 0);      // nothing sat in the boundary day
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.sync_runs"), "3");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes"), "210");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.sync_runs WHERE started_at < now() - "
                     "interval '90 days'"),
              "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_class WHERE relname ~ '^(changes|sync_runs)_p' "
                     "AND relkind = 'r' AND NOT relispartition"),
              "0"); // nothing left detached
    // Again: nothing to do, and the days ahead exist for the writers.
    auto again = run_blocking(db_->apply_history_retention(std::chrono::hours(24 * 90)));
    EXPECT_EQ(again.partitions_dropped, 0);
    EXPECT_EQ(again.rows_deleted, 0);
    EXPECT_EQ(scalar("SELECT to_regclass('cloudsync.changes_p' || to_char((now() AT TIME ZONE "
                     "'UTC')::date + 2, 'YYYYMMDD')) IS NOT NULL"),
              "t");
    EXPECT_THROW(run_blocking(db_->apply_history_retention(std::chrono::seconds(0))), store_error);
    // The history left is whole: the next run still succeeds and is counted.
    sync(make_vms(0, 5));
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.sync_runs"), "4");
}

TEST_F(History, TheBoundaryDayIsTrimmedRowByRow) {
    register_account("azure-prod", "platform");
    {
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        age(tx, 30, "azure-prod");
        tx.commit();
    }
    // A retention ending an hour after those rows, inside their day (or, in the
    // last hour of a UTC day, just after it): its older rows go either way.
    auto result = run_blocking(db_->apply_history_retention(std::chrono::hours(24 * 30) -
                                                            std::chrono::hours(1)));
    if (result.partitions_dropped == 0)
        EXPECT_EQ(result.rows_deleted, 101); // the boundary day, trimmed in batches
    else
        EXPECT_EQ(result.partitions_dropped, 2);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.sync_runs"), "0");
}

using HistoryUpgrade = store_upgrade_test;

TEST_F(HistoryUpgrade, RowsWrittenBefore0006MoveIntoDayPartitions) {
    start_at(5);
    register_account("azure-prod", "platform");
    query("INSERT INTO cloudsync.sync_runs (tenant, account, provider, kind, trigger, status, "
          "started_at) SELECT 'platform', 'azure-prod', 'azure', 'vms', 'old', 'succeeded', "
          "now() - make_interval(days => i) FROM generate_series(0, 4) i");
    query("INSERT INTO cloudsync.changes (run_id, tenant, account, table_name, native_id, "
          "change, at) SELECT 1, 'platform', 'azure-prod', 'vms', 'vm' || i, 'added', "
          "now() - make_interval(days => i) FROM generate_series(0, 4) i");
    const auto runs_before = scalar("SELECT string_agg(id || started_at::text, ',' ORDER BY id) "
                                    "FROM cloudsync.sync_runs");
    run_blocking(db_->migrate());
    EXPECT_EQ(scalar("SELECT string_agg(id || started_at::text, ',' ORDER BY id) "
                     "FROM cloudsync.sync_runs"),
              runs_before);
    EXPECT_EQ(scalar("SELECT count(DISTINCT tableoid) FROM cloudsync.changes"), "5");
    sync(make_vms(0, 3));
    EXPECT_EQ(scalar("SELECT max(id) FROM cloudsync.sync_runs"), "6"); // ids go on
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.changes"), "8");
}

} // namespace
} // namespace cloudsync::store::test
