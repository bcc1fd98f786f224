// Migrations against the harness's real PostgreSQL; connection errors.
#include "fixture.hpp"

#include "store/migrations.hpp"
#include "store/store_error.hpp"

namespace cloudsync::store::test {
namespace {

using Migrations = store_test;

TEST_F(Migrations, ApplyOnceAndAreIdempotent) {
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.schema_migrations"),
              std::to_string(embedded_migrations().size()));
    auto applied_at = scalar("SELECT max(applied_at)::text FROM cloudsync.schema_migrations");
    EXPECT_EQ(run_blocking(db_->migrate()), known_schema_version());
    EXPECT_EQ(scalar("SELECT count(*) FROM cloudsync.schema_migrations"),
              std::to_string(embedded_migrations().size()));
    EXPECT_EQ(scalar("SELECT max(applied_at)::text FROM cloudsync.schema_migrations"), applied_at);
    EXPECT_EQ(scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                     "'cloudsync' AND table_name IN ('vms','storage','networks','subnets',"
                     "'containers','alerts','metric_samples','tenants','accounts','sync_runs',"
                     "'changes','resources')"),
              "12");
}

TEST_F(Migrations, ConcurrentMigratorsApplyOnce) {
    auto fresh = cloudsync::test::pg_cluster::instance().create_database();
    database a(options{cloudsync::secret(fresh.dsn), 1, 1});
    database b(options{cloudsync::secret(fresh.dsn), 1, 1});
    auto fa = std::async(std::launch::async, [&] { return run_blocking(a.migrate()); });
    auto fb = std::async(std::launch::async, [&] { return run_blocking(b.migrate()); });
    EXPECT_EQ(fa.get(), known_schema_version());
    EXPECT_EQ(fb.get(), known_schema_version());
}

TEST_F(Migrations, NewerSchemaIsRefused) {
    query("SELECT 1"); // connection works
    pqxx::connection conn(db_info_.dsn);
    pqxx::work tx(conn);
    tx.exec0("INSERT INTO cloudsync.schema_migrations (version, name) VALUES (9999, 'future')");
    tx.commit();
    try {
        run_blocking(db_->migrate());
        FAIL() << "a newer schema was accepted";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("9999 is newer"), std::string::npos) << e.what();
    }
}

TEST(StoreConnection, ErrorNeverShowsThePassword) {
    auto& cluster = cloudsync::test::pg_cluster::instance();
    database db(options{cloudsync::secret("host=" + cluster.socket_dir() +
                                          " port=" + std::to_string(cluster.port()) +
                                          " dbname=no_such_db user=nobody password=hunter2secret"),
                        1, 1});
    try {
        run_blocking(db.migrate());
        FAIL() << "connected to a database that does not exist";
    } catch (const store_error& e) {
        std::string what = e.what();
        EXPECT_EQ(what.find("hunter2secret"), std::string::npos) << what;
        EXPECT_NE(what.find("cannot connect to PostgreSQL"), std::string::npos) << what;
    }
    EXPECT_FALSE(run_blocking(db.ping(std::chrono::seconds(5))));
}

TEST(StoreConnection, UriErrorNeverShowsThePassword) {
    auto& cluster = cloudsync::test::pg_cluster::instance();
    database db(
        options{cloudsync::secret("postgresql://nobody:hunter2secret@/no_such_db?host=" +
                                  cluster.socket_dir() + "&port=" + std::to_string(cluster.port())),
                1, 1});
    try {
        run_blocking(db.last_runs());
        FAIL() << "connected to a database that does not exist";
    } catch (const store_error& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2secret"), std::string::npos) << e.what();
    }
}

TEST_F(Migrations, PingAnswers) {
    EXPECT_TRUE(run_blocking(db_->ping(std::chrono::seconds(5))));
}

} // namespace
} // namespace cloudsync::store::test
