// The schema stays distributable by tenant: read from pg_catalog, every
// primary key, unique constraint and index of every table that carries a
// tenant column starts with it (a distributed table's unique keys must contain
// its distribution column). A future migration that adds a key or an index not
// led by tenant fails here. Also: 0009, which made it so, keeps every row.
#include "fixture.hpp"

#include <map>
#include <set>

namespace cloudsync::store::test {
namespace {

// Keys that may lead with another column, each with its reason. accounts is
// one of the small global tables replicated whole (a Citus reference table),
// and account names are global: the config, the API and the jobs name an
// account alone.
const std::set<std::string> global_keys{"accounts.accounts_account_key"};

// Every index (primary keys and unique constraints are indexes too) of every
// table or partition in schema cloudsync that has a tenant column, with the
// name of its first key column ('' for an expression).
constexpr const char* indexes_of_tenant_tables =
    "SELECT t.relname || '.' || i.relname, coalesce(a.attname::text, '') "
    "FROM pg_catalog.pg_index x "
    "JOIN pg_catalog.pg_class t ON t.oid = x.indrelid "
    "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'cloudsync' "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
    "WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_attribute c WHERE c.attrelid = t.oid "
    "AND c.attname = 'tenant' AND NOT c.attisdropped) ORDER BY 1";

// Primary key, unique and exclusion constraints of the same tables, with the
// first column of each.
constexpr const char* constraints_of_tenant_tables =
    "SELECT t.relname || '.' || k.conname, a.attname::text "
    "FROM pg_catalog.pg_constraint k "
    "JOIN pg_catalog.pg_class t ON t.oid = k.conrelid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'cloudsync' "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.conkey[1] "
    "WHERE k.contype IN ('p', 'u', 'x') AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute c "
    "WHERE c.attrelid = t.oid AND c.attname = 'tenant' AND NOT c.attisdropped) ORDER BY 1";

// What the catalog says of a database's tenant tables.
struct key_audit {
    std::set<std::string> tables;    // every table and partition looked at
    std::set<std::string> offenders; // "table.index": led by another column
};

class TenantKeys : public store_test {
protected:
    key_audit audit() {
        key_audit out;
        for (const auto* sql : {indexes_of_tenant_tables, constraints_of_tenant_tables}) {
            for (const auto& row : query(sql)) {
                const auto name = row[0].as<std::string>();
                out.tables.insert(name.substr(0, name.find('.')));
                if (row[1].as<std::string>() != "tenant" && !global_keys.count(name))
                    out.offenders.insert(name);
            }
        }
        return out;
    }
};

TEST_F(TenantKeys, EveryKeyAndIndexOfATenantTableStartsWithTenant) {
    // Day partitions of every partitioned table exist, so their indexes are
    // checked too (they are built from the parents' definitions).
    sync(make_vms(0, 3));
    query("SELECT cloudsync.ensure_metric_partitions(ARRAY[current_date])");

    const auto found = audit();
    EXPECT_TRUE(found.offenders.empty()) << ::testing::PrintToString(found.offenders);
    // Not vacuous: every table that will be distributed or replicated by
    // tenant was looked at, partitions included.
    for (const auto* table :
         {"vms", "storage", "networks", "subnets", "containers", "alerts", "metric_samples",
          "sync_runs", "changes", "tenants", "accounts", "tenant_readers"})
        EXPECT_TRUE(found.tables.count(table)) << table;
    EXPECT_GT(scalar("SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent IN "
                     "('cloudsync.sync_runs'::regclass, 'cloudsync.changes'::regclass, "
                     "'cloudsync.metric_samples'::regclass)"),
              "0");
}

TEST_F(TenantKeys, TheRunHistoryIsReadThroughTheNewKeys) {
    sync(make_vms(0, 5));
    auto changed = make_vms(0, 5);
    changed[1].name = "renamed";
    sync(std::vector<std::vector<inv::record>>{changed}, scope());
    sync({make_vms(0, 2)}, scope("azure-dev", "research"));

    const auto last = run_blocking(db_->last_runs());
    ASSERT_EQ(last.size(), 2u);
    EXPECT_EQ(last[0].scope.account, "azure-dev");
    EXPECT_EQ(last[1].scope.account, "azure-prod");
    EXPECT_EQ(last[1].counts.modified, 1);
    const auto found = run_blocking(db_->find(last[1].id));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->scope.tenant, "platform");
    EXPECT_EQ(found->status, inv::run_status::succeeded);
    EXPECT_FALSE(run_blocking(db_->find(last[1].id + 100)));
}

class TenantKeysUpgrade : public TenantKeys {
protected:
    void SetUp() override {}
};

TEST_F(TenantKeysUpgrade, RekeyingKeepsEveryRow) {
    start_at(8); // the version before 0009 (the binary writes 0008's columns)
    // ... and stages its runs in 0010's schema: lent for these syncs, whose
    // staging tables are gone when they end, and dropped before the upgrade.
    query("CREATE SCHEMA cloudsync_stage");
    sync(make_vms(0, 20));
    auto changed = make_vms(0, 20);
    changed[3].name = "renamed";
    sync(std::vector<std::vector<inv::record>>{changed}, scope());
    query("SELECT cloudsync.ensure_metric_partitions(ARRAY[current_date])");
    query("INSERT INTO cloudsync.metric_samples (tenant, account, provider, native_id, "
          "native_metric, ts, metric, value) SELECT 'platform', 'azure-prod', 'azure', "
          "'vm' || i, 'Percentage CPU', date_trunc('day', now()) + make_interval(mins => i), "
          "'cpu_percent', i FROM generate_series(1, 10) i");
    std::map<std::string, std::string> before;
    for (const auto* table : {"vms", "sync_runs", "changes", "metric_samples"})
        before[table] = scalar(std::string("SELECT string_agg(t::text, E'\\n' ORDER BY t::text) "
                                           "FROM cloudsync.") +
                               table + " t");

    // The audit sees what 0009 fixes (on the parents; their partitions too).
    const auto old_keys = audit().offenders;
    for (const auto* name :
         {"sync_runs.sync_runs_pkey", "sync_runs.sync_runs_latest", "sync_runs.sync_runs_started",
          "changes.changes_run", "changes.changes_at", "metric_samples.metric_samples_ts"})
        EXPECT_TRUE(old_keys.count(name)) << name;

    query("DROP SCHEMA cloudsync_stage");
    run_blocking(db_->migrate());
    EXPECT_TRUE(audit().offenders.empty()) << ::testing::PrintToString(audit().offenders);
    for (const auto& [table, rows] : before) {
        EXPECT_FALSE(rows.empty()) << table;
        EXPECT_EQ(scalar("SELECT string_agg(t::text, E'\\n' ORDER BY t::text) FROM cloudsync." +
                         table + " t"),
                  rows)
            << table;
    }
    EXPECT_EQ(scalar("SELECT pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint "
                     "WHERE conrelid = 'cloudsync.sync_runs'::regclass AND contype = 'p'"),
              "PRIMARY KEY (tenant, id, started_at)");
    // Runs go on under the new key: the next one finishes and is found.
    const auto counts = sync(make_vms(0, 19));
    EXPECT_EQ(counts.removed, 1);
    const auto last = run_blocking(db_->last_runs());
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].counts.removed, 1);
    EXPECT_EQ(last[0].status, inv::run_status::succeeded);
}

} // namespace
} // namespace cloudsync::store::test
