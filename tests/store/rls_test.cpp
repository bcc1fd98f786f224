// Row-level security: readers see exactly their tenants' rows, everywhere, and
// nothing a client can set widens that.
#include "fixture.hpp"

#include "store/store_error.hpp"

#include <unistd.h>

namespace cloudsync::store::test {
namespace {

const std::vector<std::string> tenant_tables{
    "vms",     "storage",  "networks",  "subnets", "containers", "alerts", "metric_samples",
    "tenants", "accounts", "sync_runs", "changes", "resources"};

class Rls : public store_test {
protected:
    void SetUp() override {
        store_test::SetUp();
        auto suffix = std::to_string(::getpid()) + "_" + db_info_.name;
        reader_a_ = "reader_a_" + suffix;
        reader_b_ = "reader_b_" + suffix;
        outsider_ = "outsider_" + suffix;
        auto& cluster = cloudsync::test::pg_cluster::instance();
        for (const auto& role : {reader_a_, reader_b_, outsider_})
            cluster.create_role(role, true);
        apply({{"ta", {reader_a_}}, {"tb", {reader_b_}}});
        sync({make_vms(0, 30)}, scope("acct-a", "ta"));
        sync({make_vms(0, 20)}, scope("acct-b", "tb"));
        for (const auto& t : {"ta", "tb"})
            seed_other_tables(t);
    }

    void apply(std::vector<tenant_spec> tenants) {
        run_blocking(
            db_->apply_tenants(std::move(tenants), {{"acct-a", "ta", inv::provider::azure},
                                                    {"acct-b", "tb", inv::provider::gcp}}));
    }

    void seed_other_tables(const std::string& t) {
        auto v = "'" + t + "', 'acct-" + t.substr(1) + "', 'azure', 'id-" + t +
                 "', gen_random_uuid(), 1";
        for (const auto& table : {"storage", "networks", "subnets", "containers", "alerts"})
            query_admin(std::string("INSERT INTO cloudsync.") + table +
                        " (tenant, account, provider, native_id, id_hash, content_hash) VALUES (" +
                        v + ")");
        query_admin("SELECT cloudsync.ensure_metric_partitions(ARRAY[current_date])");
        query_admin("INSERT INTO cloudsync.metric_samples (tenant, account, provider, native_id, "
                    "native_metric, metric, ts, value) VALUES ('" +
                    t +
                    "', 'acct', 'azure', 'id', 'Percentage CPU', "
                    "'cpu_percent', now(), 1)");
    }

    void query_admin(const std::string& sql) { query(sql); }

    std::unique_ptr<pqxx::connection> reader(const std::string& role) {
        return std::make_unique<pqxx::connection>(
            cloudsync::test::pg_cluster::instance().dsn(db_info_.name, role));
    }

    // count(*) of the table and count of rows of other tenants, as `role`.
    std::pair<long, long> visible(const std::string& role, const std::string& table,
                                  const std::string& own, const std::string& before = {}) {
        auto conn = reader(role);
        pqxx::work tx(*conn);
        if (!before.empty())
            tx.exec(before);
        auto row = tx.exec1("SELECT count(*), count(*) FILTER (WHERE tenant <> '" + own +
                            "') FROM cloudsync." + table);
        return {row[0].as<long>(), row[1].as<long>()};
    }

    std::string reader_a_, reader_b_, outsider_;
};

TEST_F(Rls, EachReaderSeesOnlyItsTenantEverywhere) {
    for (const auto& table : tenant_tables) {
        auto [a_total, a_other] = visible(reader_a_, table, "ta");
        auto [b_total, b_other] = visible(reader_b_, table, "tb");
        EXPECT_GT(a_total, 0) << table;
        EXPECT_EQ(a_other, 0) << table;
        EXPECT_GT(b_total, 0) << table;
        EXPECT_EQ(b_other, 0) << table;
    }
    EXPECT_EQ(visible(reader_a_, "vms", "ta").first, 30);
    EXPECT_EQ(visible(reader_b_, "resources", "tb").first, 20 + 5);
}

TEST_F(Rls, PolicyIsEvaluatedOncePerQuery) {
    auto conn = reader(reader_a_);
    pqxx::work tx(*conn);
    std::string plan;
    for (const auto& row : tx.exec("EXPLAIN SELECT * FROM cloudsync.vms"))
        plan += row[0].as<std::string>() + "\n";
    EXPECT_NE(plan.find("InitPlan"), std::string::npos) << plan;
}

TEST_F(Rls, SessionSettingsWidenNothing) {
    for (const auto& spoof :
         {std::string("SELECT set_config('cloudsync.tenant', 'tb', false)"),
          std::string("SET app.tenant = 'tb'"),
          std::string("SELECT set_config('request.jwt.claims', '{\"tenant\":\"tb\",\"role\":\"") +
              reader_b_ + "\"}', false)",
          std::string("SET cloudsync.tenants = 'ta,tb'"), std::string("SET row_security = off")}) {
        for (const auto& table : tenant_tables) {
            try {
                auto [total, other] = visible(reader_a_, table, "ta", spoof);
                EXPECT_EQ(other, 0) << spoof << " on " << table;
                EXPECT_GT(total, 0) << spoof << " on " << table;
            } catch (const pqxx::sql_error& e) {
                // row_security = off makes PostgreSQL refuse the query outright.
                EXPECT_NE(std::string(e.what()).find("row-level security"), std::string::npos)
                    << spoof << ": " << e.what();
            }
        }
    }
}

TEST_F(Rls, RoleTricksAndWritesAreRefused) {
    auto conn = reader(reader_a_);
    auto refused = [&](const std::string& sql) {
        pqxx::work tx(*conn);
        EXPECT_THROW(tx.exec(sql), pqxx::sql_error) << sql;
    };
    refused("SET ROLE " + reader_b_);
    refused("SET SESSION AUTHORIZATION " + reader_b_);
    refused("SET ROLE cloudsync_admin");
    refused("INSERT INTO cloudsync.vms (tenant, account, provider, native_id, id_hash, "
            "content_hash) VALUES ('tb', 'x', 'azure', 'evil', gen_random_uuid(), 1)");
    refused("UPDATE cloudsync.vms SET name = 'evil'");
    refused("DELETE FROM cloudsync.vms");
    refused("INSERT INTO cloudsync.tenant_readers VALUES ('tb', '" + reader_a_ + "')");
    refused("SELECT * FROM cloudsync.hash_key"); // the change-detection secret
    refused("SELECT * FROM cloudsync.tenant_readers");
    refused("CREATE TABLE cloudsync.evil (x int)");
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE name = 'evil'"), "0");
}

// The mapping function every reader may execute answers only for the reader
// itself (and roles it may act as): asking for another reader's tenants
// learns nothing.
TEST_F(Rls, AReaderCannotAskForAnotherReadersTenants) {
    auto conn = reader(reader_a_);
    pqxx::work tx(*conn);
    EXPECT_EQ(tx.exec1("SELECT cloudsync.visible_tenants(current_user)::text")[0].as<std::string>(),
              "{ta}");
    EXPECT_EQ(tx.exec_params1("SELECT cloudsync.visible_tenants($1)::text", reader_b_)[0]
                  .as<std::string>(),
              "{}");
    EXPECT_EQ(tx.exec1("SELECT cloudsync.visible_tenants('cloudsync_admin')::text")[0]
                  .as<std::string>(),
              "{}");
}

TEST_F(Rls, UnmappedRoleSeesNothing) {
    auto conn = reader(outsider_);
    pqxx::work tx(*conn);
    EXPECT_THROW(tx.exec("SELECT count(*) FROM cloudsync.vms"), pqxx::sql_error);
}

TEST_F(Rls, RemovedReaderLosesItsGrants) {
    apply({{"ta", {}}, {"tb", {reader_b_}}});
    {
        auto conn = reader(reader_a_);
        pqxx::work tx(*conn);
        EXPECT_THROW(tx.exec("SELECT count(*) FROM cloudsync.vms"), pqxx::sql_error);
    }
    EXPECT_EQ(visible(reader_b_, "vms", "tb").first, 20);
    EXPECT_EQ(scalar("SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = '" +
                     reader_a_ + "'"),
              "0");
    // Granted again, both tenants: a reader may read several.
    apply({{"ta", {reader_a_}}, {"tb", {reader_b_, reader_a_}}});
    EXPECT_EQ(visible(reader_a_, "vms", "ta"), (std::pair<long, long>{50, 20}));
}

TEST_F(Rls, MissingRoleIsAClearErrorAndChangesNothing) {
    try {
        apply({{"ta", {reader_a_, "no_such_role_xyz"}}, {"tb", {}}});
        FAIL() << "a missing role was accepted";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("no_such_role_xyz"), std::string::npos) << e.what();
    }
    EXPECT_EQ(visible(reader_b_, "vms", "tb").first, 20); // tb's reader kept its grant
}

// Rows keep the tenant they were written for: an account moved to another
// tenant must not leave them behind for the old tenant's readers.
TEST_F(Rls, AnAccountMovedToAnotherTenantTakesItsRowsAway) {
    const auto rows_of_acct_a = [&] {
        long rows = 0;
        for (const auto* table : {"vms", "storage", "networks", "subnets", "containers", "alerts",
                                  "changes", "sync_runs"})
            rows += std::stol(scalar(std::string("SELECT count(*) FROM cloudsync.") + table +
                                     " WHERE account = 'acct-a'"));
        return rows;
    };
    ASSERT_GT(rows_of_acct_a(), 30);
    run_blocking(db_->apply_tenants({{"ta", {reader_a_}}, {"tb", {reader_b_}}},
                                    {{"acct-a", "tb", inv::provider::azure},
                                     {"acct-b", "tb", inv::provider::gcp}}));
    EXPECT_EQ(rows_of_acct_a(), 0);
    for (const auto* table : {"vms", "changes", "sync_runs", "storage"})
        EXPECT_EQ(visible(reader_a_, table, "ta").first, 0) << table;
    EXPECT_EQ(scalar("SELECT tenant FROM cloudsync.accounts WHERE account = 'acct-a'"), "tb");
    // The next run writes for the new tenant only.
    sync({make_vms(0, 5)}, scope("acct-a", "tb"));
    EXPECT_EQ(visible(reader_b_, "vms", "tb"), (std::pair<long, long>{25, 0}));
    EXPECT_EQ(visible(reader_a_, "vms", "ta").first, 0);
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE account = 'acct-b'"), "20");
}

TEST_F(Rls, AnAccountLeavingTheConfigTakesItsRowsAway) {
    run_blocking(db_->apply_tenants({{"ta", {reader_a_}}, {"tb", {reader_b_}}},
                                    {{"acct-b", "tb", inv::provider::gcp}}));
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.accounts WHERE account = 'acct-a'"), "0");
    for (const auto* table : {"vms", "storage", "changes", "sync_runs"})
        EXPECT_EQ(scalar(std::string("SELECT count(*) FROM cloudsync.") + table +
                         " WHERE account = 'acct-a'"),
                  "0")
            << table;
    EXPECT_EQ(visible(reader_b_, "vms", "tb").first, 20);
}

// A run in flight while its account moves: its final transaction sees the move
// and writes nothing, so no row of the old tenant comes back.
TEST_F(Rls, ARunWhoseAccountMovedMeanwhileWritesNothing) {
    const auto run_scope = scope("acct-a", "ta");
    try {
        run_blocking([&]() -> boost::asio::awaitable<void> {
            auto run = co_await db_->begin(run_scope);
            auto sink = co_await run->open_scope("");
            co_await sink->write(make_vms(100, 110));
            co_await sink->complete();
            co_await db_->apply_tenants({{"ta", {reader_a_}}, {"tb", {reader_b_}}},
                                        {{"acct-a", "tb", inv::provider::azure},
                                         {"acct-b", "tb", inv::provider::gcp}});
            co_await run->commit();
        }());
        FAIL() << "the run committed for a tenant its account had left";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("moved from tenant 'ta' to 'tb'"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.vms WHERE account = 'acct-a'"), "0");
    EXPECT_EQ(visible(reader_a_, "vms", "ta").first, 0);
}

TEST_F(Rls, ARunOfAnAccountTheConfigDoesNotListIsRefused) {
    const inv::run_scope stray{"ta", "acct-unknown", inv::provider::azure,
                               inv::collector_kind::vms, "once"};
    try {
        run_blocking([&]() -> boost::asio::awaitable<void> { co_await db_->begin(stray); }());
        FAIL() << "a run began for an account nobody configured";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("account 'acct-unknown' is not configured for "
                                             "tenant 'ta'"),
                  std::string::npos)
            << e.what();
    }
    // Nor under another tenant than its own.
    const inv::run_scope wrong{"tb", "acct-a", inv::provider::azure, inv::collector_kind::vms,
                               "once"};
    EXPECT_THROW(run_blocking([&]() -> boost::asio::awaitable<void> { co_await db_->begin(wrong); }()),
                 store_error);
}

} // namespace
} // namespace cloudsync::store::test
