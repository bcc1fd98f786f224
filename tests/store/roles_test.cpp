// Roles: the schema's owner, the daemon's writer and the readers are apart.
// The daemon logs in as one role, acts as the owner for migrations, grants and
// retention and as the writer for everything else; row-level security is
// forced, so owning the tables (or being a member of their owner) reads
// nothing around the tenant policies, and a reader that could read around them
// is refused by name.
#include "fixture.hpp"

#include "store/store_error.hpp"

#include <chrono>
#include <future>
#include <thread>

#include <unistd.h>

namespace cloudsync::store::test {
namespace {

class Roles : public ::testing::Test {
protected:
    void SetUp() override {
        auto& cluster = cloudsync::test::pg_cluster::instance();
        db_info_ = cluster.create_database();
        suffix_ = std::to_string(::getpid()) + "_" + db_info_.name;
        owner_ = "owner_" + suffix_;
        writer_ = "writer_" + suffix_;
        login_ = "daemon_" + suffix_;
        reader_ = "reader_" + suffix_;
        cluster.create_role(owner_, false);
        cluster.create_role(writer_, false);
        cluster.create_role(login_, true);
        cluster.create_role(reader_, true);
        // What the README's "Roles" tells an operator to run.
        admin("GRANT " + owner_ + ", " + writer_ + " TO " + login_);
        admin("GRANT CREATE ON DATABASE " + db_info_.name + " TO " + owner_);

        options opts{cloudsync::secret(cluster.dsn(db_info_.name, login_)), 2, 2};
        opts.owner_role = owner_;
        opts.writer_role = writer_;
        db_ = std::make_unique<database>(std::move(opts));
        run_blocking(db_->migrate());
        apply({{"ta", {reader_}}});
        sync(make_vms(0, 10));
    }

    void apply(std::vector<tenant_spec> tenants) {
        run_blocking(db_->apply_tenants(std::move(tenants), {{"acct-a", "ta"}}));
    }

    inv::run_counts sync(std::vector<inv::record> records) {
        return run_blocking([&]() -> boost::asio::awaitable<inv::run_counts> {
            auto run = co_await db_->begin(
                {"ta", "acct-a", inv::provider::azure, inv::collector_kind::vms, "once"});
            auto sink = co_await run->open_scope("");
            co_await sink->write(std::move(records));
            co_await sink->complete();
            co_return co_await run->commit();
        }());
    }

    void admin(const std::string& sql) {
        cloudsync::test::pg_cluster::instance().exec_admin(db_info_.name, sql);
    }

    // The first column of the first row of `sql`, run as the superuser after
    // `before` (e.g. a SET ROLE).
    std::string as_admin(const std::string& before, const std::string& sql) {
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        if (!before.empty())
            tx.exec(before);
        auto value = tx.exec1(sql)[0].as<std::string>();
        tx.commit();
        return value;
    }

    // The store_error apply() throws for these readers, or "" when it succeeds.
    std::string refusal(const std::vector<std::string>& readers) {
        try {
            apply({{"ta", readers}});
        } catch (const store_error& e) {
            return e.what();
        }
        return {};
    }

    cloudsync::test::database_info db_info_;
    std::string suffix_, owner_, writer_, login_, reader_;
    std::unique_ptr<database> db_;
};

TEST_F(Roles, TheOwnerOwnsTheSchemaAndTheWriterWritesUnderItsPolicy) {
    EXPECT_EQ(as_admin("", "SELECT tableowner FROM pg_tables WHERE schemaname = 'cloudsync' "
                           "AND tablename = 'vms'"),
              owner_);
    EXPECT_EQ(as_admin("", "SELECT count(DISTINCT tableowner) FROM pg_tables "
                           "WHERE schemaname = 'cloudsync'"),
              "1");
    EXPECT_EQ(as_admin("SET ROLE " + writer_, "SELECT count(*) FROM cloudsync.vms"), "10");
    EXPECT_EQ(as_admin("SET ROLE " + reader_, "SELECT count(*) FROM cloudsync.vms"), "10");
    // A second run changes one VM and drops another: the writer updates and deletes.
    auto next = make_vms(0, 9);
    next[0] = make_vm(0, "Standard_D4s_v5");
    auto counts = sync(std::move(next));
    EXPECT_EQ(counts.modified, 1);
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(as_admin("SET ROLE " + reader_, "SELECT count(*) FROM cloudsync.changes"), "12");

    // The writer has DML only: no DDL, no way out of the policies.
    for (const auto* ddl : {"DROP TABLE cloudsync.vms",
                            "ALTER TABLE cloudsync.vms NO FORCE ROW LEVEL SECURITY",
                            "DROP POLICY tenant_readers ON cloudsync.vms",
                            "ALTER POLICY writer ON cloudsync.vms TO PUBLIC",
                            "CREATE TABLE cloudsync.evil (x int)"}) {
        pqxx::connection conn(db_info_.dsn);
        pqxx::work tx(conn);
        tx.exec("SET ROLE " + writer_);
        EXPECT_THROW(tx.exec(ddl), pqxx::sql_error) << ddl;
    }
}

// FORCE ROW LEVEL SECURITY: owning the tables, or acting as their owner,
// reads and writes nothing around the policies (before 0004 it read all).
TEST_F(Roles, TheOwnerAndItsMembersReadNothingAroundThePolicies) {
    auto ops = "ops_" + suffix_;
    cloudsync::test::pg_cluster::instance().create_role(ops, true);
    admin("GRANT " + owner_ + " TO " + ops);
    pqxx::connection conn(cloudsync::test::pg_cluster::instance().dsn(db_info_.name, ops));
    pqxx::work tx(conn);
    tx.exec("SET ROLE " + owner_);
    for (const auto* table : {"vms", "changes", "sync_runs", "accounts", "tenants"})
        EXPECT_EQ(tx.exec1(std::string("SELECT count(*) FROM cloudsync.") + table)[0].as<long>(), 0)
            << table;
    EXPECT_EQ(tx.exec("UPDATE cloudsync.vms SET name = 'evil'").affected_rows(), 0u);
    EXPECT_EQ(tx.exec("DELETE FROM cloudsync.vms").affected_rows(), 0u);
    EXPECT_THROW(tx.exec("INSERT INTO cloudsync.vms (tenant, account, provider, native_id, "
                         "id_hash, content_hash) "
                         "VALUES ('ta', 'x', 'azure', 'evil', gen_random_uuid(), 1)"),
                 pqxx::sql_error);
}

TEST_F(Roles, AReaderThatCouldReadAroundThePoliciesIsRefusedByName) {
    auto& cluster = cloudsync::test::pg_cluster::instance();
    const auto super = "super_" + suffix_, bypass = "bypass_" + suffix_,
               of_owner = "of_owner_" + suffix_, of_writer = "of_writer_" + suffix_;
    admin("CREATE ROLE " + super + " LOGIN SUPERUSER");
    admin("CREATE ROLE " + bypass + " LOGIN BYPASSRLS");
    cluster.create_role(of_owner, true);
    cluster.create_role(of_writer, true);
    admin("GRANT " + owner_ + " TO " + of_owner);
    admin("GRANT " + writer_ + " TO " + of_writer);

    const std::pair<std::string, std::string> cases[] = {
        {super, "is a superuser"},
        {bypass, "has BYPASSRLS"},
        {of_owner, "is a member of " + owner_ + ", the role that owns the schema cloudsync"},
        {of_writer, "is a member of " + writer_ + ", the role cloudsyncd writes as"},
        {writer_, "is a member of " + writer_},
        {login_, "is a member of " + owner_},
    };
    for (const auto& [role, why] : cases) {
        auto error = refusal({reader_, role});
        EXPECT_NE(error.find("reader role " + role + " may not read the inventory: it " + why),
                  std::string::npos)
            << role << ": " << error;
        // Refused as a whole: nothing was granted, the reader that was fine keeps its rows.
        EXPECT_EQ(as_admin("", "SELECT count(*) FROM cloudsync.tenant_readers "
                               "WHERE role_name = '" + role + "'"),
                  "0")
            << role;
        if (role != writer_ && role != login_)
            EXPECT_EQ(as_admin("", "SELECT count(*) FROM information_schema.role_table_grants "
                                   "WHERE grantee = '" + role + "'"),
                      "0")
                << role;
        EXPECT_EQ(as_admin("SET ROLE " + reader_, "SELECT count(*) FROM cloudsync.vms"), "10");
    }
    EXPECT_EQ(refusal({reader_}), "");
}

// Retention drops partitions, which only their owner may: it acts as the
// owner, and the partitions the writer has created are the owner's.
// Several instances: the board runs as the writer, which may register,
// heartbeat (reading the schema version), enlist, claim and release.
TEST_F(Roles, TheWriterKeepsTheJobBoard) {
    auto& cluster = cloudsync::test::pg_cluster::instance();
    options opts{cloudsync::secret(cluster.dsn(db_info_.name, login_)), 1, 1};
    opts.owner_role = owner_;
    opts.writer_role = writer_;
    opts.instance_id = "i1";
    database board(std::move(opts));
    instance_info self;
    self.id = "i1";
    self.host = "test";
    self.version = "0";
    self.config_digest = "d";
    self.accounts = {{"acct-a", "ta"}};
    run_blocking(board.apply_tenants({{"ta", {reader_}}}, {{"acct-a", "ta"}}, self));
    const auto beat = run_blocking(board.heartbeat(self));
    EXPECT_EQ(beat.schema_version, known_schema_version());
    ASSERT_EQ(beat.instances.size(), 1u);
    EXPECT_TRUE(beat.instances[0].live);
    run_blocking(
        board.enlist_jobs({{"ta", "acct-a", inv::provider::azure, inv::collector_kind::vms, {}}}));
    const job_ref job{"acct-a", inv::collector_kind::vms};
    ASSERT_EQ(run_blocking(board.claim_jobs({job}, 1, false, std::chrono::seconds(60)))
                  .claimed.size(),
              1u);
    EXPECT_TRUE(run_blocking(
        board.release_lease(job, std::chrono::minutes(1), 0, std::nullopt, false)));
    EXPECT_EQ(run_blocking(board.read_jobs()).size(), 1u);
}

// A peer attaching a day partition in an open transaction, as a run or
// retention does through cloudsync.ensure_metric_partitions; commit() ends it.
class partition_attach {
public:
    partition_attach(const std::string& dsn, const std::string& writer) : conn_(dsn), tx_(conn_) {
        tx_.exec0("SET LOCAL ROLE " + tx_.quote_name(writer));
        tx_.exec("SELECT cloudsync.ensure_metric_partitions(ARRAY[current_date])");
    }
    void commit() { tx_.commit(); }

private:
    pqxx::connection conn_;
    pqxx::work tx_;
};

// Whether some session of the database waits for a lock, within `limit`.
bool someone_waits_for_a_lock(const std::string& dsn, std::chrono::seconds limit) {
    pqxx::connection conn(dsn);
    const auto until = std::chrono::steady_clock::now() + limit;
    do {
        pqxx::nontransaction tx(conn);
        if (tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND wait_event_type = 'Lock'")[0]
                .as<int>() > 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < until);
    return false;
}

// GRANT rewrites metric_samples' catalog row without locking the table, and
// attaching its first partition rewrites that row too: a daemon starting with
// a new reader while a peer attached partitions failed with "cannot apply
// tenants: ERROR: tuple concurrently updated". The grants wait for the attach.
TEST_F(Roles, GrantsWaitForAPeerAttachingAPartition) {
    ASSERT_EQ(as_admin("", "SELECT relhassubclass::text FROM pg_class "
                           "WHERE oid = 'cloudsync.metric_samples'::regclass"),
              "false")
        << "the attach below must be metric_samples' first, to rewrite its catalog row";
    const auto second = "reader2_" + suffix_;
    cloudsync::test::pg_cluster::instance().create_role(second, true);
    partition_attach peer(db_info_.dsn, writer_);
    auto applied = std::async(std::launch::async, [&] { apply({{"ta", {reader_, second}}}); });
    EXPECT_TRUE(someone_waits_for_a_lock(db_info_.dsn, std::chrono::seconds(10)));
    peer.commit();
    EXPECT_NO_THROW(applied.get());
    EXPECT_EQ(as_admin("", "SELECT has_table_privilege('" + second +
                               "', 'cloudsync.metric_samples', 'SELECT')::text"),
              "true");
    EXPECT_EQ(as_admin("", "SELECT relhassubclass::text FROM pg_class "
                           "WHERE oid = 'cloudsync.metric_samples'::regclass"),
              "true");
}

// Every start but the first applies a config whose grants are all in place:
// it rewrites no catalog row and waits for no peer's partition attach.
TEST_F(Roles, AnUnchangedConfigGrantsNothingAndWaitsForNoAttach) {
    const auto catalog_versions = [&] {
        // The attach below rewrites metric_samples' row and adds its partition's.
        return as_admin("", "SELECT string_agg(relname || ':' || xmin::text, ',' ORDER BY relname) "
                            "FROM pg_class WHERE relnamespace = 'cloudsync'::regnamespace "
                            "AND relname !~ '^metric_samples'") +
               "/" +
               as_admin("", "SELECT xmin::text FROM pg_namespace WHERE nspname = 'cloudsync'") +
               "/" + as_admin("", "SELECT string_agg(xmin::text, ',') FROM pg_policy");
    };
    const auto before = catalog_versions();
    partition_attach peer(db_info_.dsn, writer_);
    auto applied = std::async(std::launch::async, [&] { apply({{"ta", {reader_}}}); });
    const bool done = applied.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
    peer.commit();
    EXPECT_NO_THROW(applied.get());
    EXPECT_TRUE(done) << "applying an unchanged config waited for a peer's partition attach";
    EXPECT_EQ(catalog_versions(), before);
}

TEST_F(Roles, RetentionDropsThePartitionsTheWriterCreated) {
    as_admin("SET ROLE " + writer_,
             "SELECT cloudsync.ensure_metric_partitions(ARRAY[current_date - 40, current_date])");
    EXPECT_EQ(as_admin("", "SELECT tableowner FROM pg_tables WHERE tablename = "
                           "'metric_samples_p' || to_char(current_date - 40, 'YYYYMMDD')"),
              owner_);
    auto result = run_blocking(db_->apply_retention(std::chrono::hours(24 * 30)));
    EXPECT_EQ(result.partitions_dropped, 1);
    EXPECT_EQ(as_admin("", "SELECT count(*) FROM pg_tables WHERE tablename = "
                           "'metric_samples_p' || to_char(current_date - 40, 'YYYYMMDD')"),
              "0");
}

TEST_F(Roles, HistoryRetentionDropsThePartitionsTheWriterCreated) {
    as_admin("SET ROLE " + writer_,
             "SELECT cloudsync.ensure_history_partitions(ARRAY[current_date - 100])");
    EXPECT_EQ(as_admin("", "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE "
                           "tablename IN ('changes_p' || to_char(current_date - 100, 'YYYYMMDD'), "
                           "'sync_runs_p' || to_char(current_date - 100, 'YYYYMMDD'))"),
              owner_);
    auto result = run_blocking(db_->apply_history_retention(std::chrono::hours(24 * 90)));
    EXPECT_EQ(result.partitions_dropped, 2);
}

// A run's staging tables are the writer's, in a schema no reader may use; they
// hold the run's rows while it crawls and are gone when it ends.
TEST_F(Roles, ARunStagesInTablesNoReaderReaches) {
    run_blocking([&]() -> boost::asio::awaitable<void> {
        auto run = co_await db_->begin(
            {"ta", "acct-a", inv::provider::azure, inv::collector_kind::vms, "once"});
        auto sink = co_await run->open_scope("");
        co_await sink->write(make_vms(0, 15)); // five new: staged; ten unchanged: not
        co_await sink->complete();
        const auto table = "cloudsync_stage.run_" + std::to_string(run->id()) + "_vms";
        // complete() returns once queued; the run's thread writes a moment later.
        const auto staged = [&] {
            return as_admin("", "SELECT count(*) FROM pg_tables WHERE schemaname = "
                                "'cloudsync_stage'") == "1" &&
                   as_admin("", "SELECT count(*) FROM " + table) == "5";
        };
        for (int i = 0; i < 100 && !staged(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(as_admin("", "SELECT count(*) FROM " + table), "5");
        EXPECT_EQ(as_admin("", "SELECT tableowner FROM pg_tables WHERE schemaname = "
                               "'cloudsync_stage'"),
                  writer_);
        for (const auto* sql : {"SELECT count(*) FROM ", "DELETE FROM "}) {
            try {
                as_admin("SET ROLE " + reader_, sql + table);
                ADD_FAILURE() << "a reader reached " << table;
            } catch (const pqxx::insufficient_privilege& e) {
                EXPECT_NE(std::string(e.what()).find("permission denied for schema "
                                                     "cloudsync_stage"),
                          std::string::npos)
                    << e.what();
            }
        }
        try {
            as_admin("SET ROLE " + reader_, "CREATE TABLE cloudsync_stage.mine (n int)");
            ADD_FAILURE() << "a reader created a table in cloudsync_stage";
        } catch (const pqxx::insufficient_privilege&) {
        }
        co_await run->commit();
    }());
    EXPECT_EQ(as_admin("", "SELECT count(*) FROM pg_tables WHERE schemaname = 'cloudsync_stage'"),
              "0");
    EXPECT_EQ(as_admin("SET ROLE " + reader_, "SELECT count(*) FROM cloudsync.vms"), "15");
}

} // namespace
} // namespace cloudsync::store::test
