// cloudsyncd while its PostgreSQL goes away in the middle of a run (issue 7):
// the daemon keeps serving, /healthz answers 503 while the database is down
// and 200 once it is back, the interrupted run ends failed with its error in
// sync_runs and /status, the next run succeeds, and the inventory neither loses
// nor duplicates a row. Once with the server down for a while (pg_ctl stop,
// then start), once with `pg_ctl restart`.
#include "cloudsim/test_client.hpp"
#include "daemon_fixture.hpp"
#include "notify_listener.hpp"

#include <boost/json.hpp>

#include <csignal>

namespace cloudsync::test {
namespace {

using namespace std::chrono_literals;
using cloudsim::testing::test_client;
namespace json = boost::json;

// What a run says when it lost its database: the session died under it, or a
// new one could not be opened.
bool says_database_lost(const json::value& run) {
    if (!run.at("error").is_string()) return false;
    const std::string error(run.at("error").as_string());
    return error.find("the connection to PostgreSQL was lost") != std::string::npos ||
           error.find("cannot connect to PostgreSQL") != std::string::npos;
}

class PgRestartTest : public DaemonTest {
protected:
    void TearDown() override {
        // Whatever failed, the cluster serves the next test of this process.
        pg_cluster::instance().start_server();
        daemon_.reset();
        DaemonTest::TearDown();
    }

    void start() {
        notify_ = std::make_unique<notify_listener>(dir_ + "/notify.sock");
        auto environment = env();
        environment.push_back("NOTIFY_SOCKET=" + notify_->path());
        daemon_ = std::make_unique<child_process>(
            daemon_binary,
            std::vector<std::string>{"--config", write_config(config_yaml("127.0.0.1:0"))},
            environment, dir_ + "/daemon.log");
        ASSERT_TRUE(notify_->wait_for("READY=1", 30s)) << daemon_->log();
        const auto port = api_port(*daemon_);
        ASSERT_NE(port, 0) << daemon_->log();
        api_ = std::make_unique<test_client>(port);
    }

    bool alive() { return !daemon_->wait(0ms).has_value(); }

    int healthz() { return api_->get("/healthz").result_int(); }

    // The last run of azure-a's VM job as /status shows it (null before any).
    json::value last_run() {
        const auto status = json::parse(api_->get("/status", bearer).body());
        for (const auto& job : status.at("jobs").as_array())
            if (job.at("account") == "azure-a") return job.at("last_run");
        return nullptr;
    }

    bool all_jobs_succeeded() {
        const auto status = json::parse(api_->get("/status", bearer).body());
        for (const auto& job : status.at("jobs").as_array()) {
            const auto& last = job.at("last_run");
            if (last.is_null() || last.at("status") != "succeeded") return false;
        }
        return true;
    }

    // POST /sync for azure-a's VMs; the run id (0 after a failed assertion).
    std::int64_t trigger() {
        const auto accepted = api_->post("/sync?account=azure-a&collector=vms", "", "text/plain", bearer);
        EXPECT_EQ(accepted.result_int(), 202) << accepted.body();
        if (accepted.result_int() != 202) return 0;
        return json::parse(accepted.body()).at("runs").at(0).at("id").as_int64();
    }

    std::string run_status(std::int64_t id) {
        const auto run = api_->get("/runs/" + std::to_string(id), bearer);
        if (run.result_int() != 200) return "HTTP " + std::to_string(run.result_int());
        return std::string(json::parse(run.body()).at("status").as_string());
    }

    // The run's row in sync_runs: (status, error).
    std::pair<std::string, std::string> run_row(std::int64_t id) const {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        const auto row = tx.exec_params1(
            "SELECT status, coalesce(error, '') FROM cloudsync.sync_runs WHERE id = $1", id);
        return {row[0].as<std::string>(), row[1].as<std::string>()};
    }

    // Both jobs' first runs done; the rows they wrote. Then the next run of
    // azure-a has changed VMs to stage (the same VMs: no id comes or goes) and
    // waits `delay` for its first VM page, with its sync_runs row written.
    struct slow_run {
        inventory_rows before;
        std::int64_t id = 0;
    };
    slow_run first_sync_then_a_slow_run(std::uint64_t seed, std::chrono::milliseconds delay) {
        EXPECT_TRUE(eventually([&] { return all_jobs_succeeded(); }, 30s)) << daemon_->log();
        auto before = vm_rows();
        EXPECT_EQ(before.count, static_cast<long long>(sim_->inventory_snapshot()->live_vms_total()));
        EXPECT_EQ(before.distinct, before.count);

        EXPECT_GT(sim_->mutate({seed, 0.0, 0.2, 0.0}).changed, 0u);
        delay_vm_lists(delay, 1);
        sim_->reset_stats();
        const auto id = trigger(); // answered once the run's row is written
        EXPECT_TRUE(eventually([&] { return sim_->stats().count("virtualMachines") > 0; }, 10s))
            << "the run never asked for its VMs\n" << daemon_->log();
        return {std::move(before), id};
    }

    // After the outage: the run ended failed, in sync_runs and /runs, with an
    // error; nothing of it landed; the next run succeeds with the same VMs.
    // Returns the run's error in sync_runs.
    std::string expect_recovered(std::int64_t id, const inventory_rows& before) {
        if (!eventually([&] { return run_row(id).first != "running"; }, 15s)) {
            ADD_FAILURE() << "run " << id << " is still 'running' in sync_runs after the "
                          << "database came back\n" << daemon_->log();
            return {};
        }
        const auto [status, error] = run_row(id);
        EXPECT_EQ(status, "failed") << error;
        EXPECT_FALSE(error.empty());
        EXPECT_EQ(run_status(id), "failed");
        EXPECT_EQ(vm_rows().digest, before.digest) << "the interrupted run must not write a row";

        const auto next = trigger();
        if (next == 0) return error;
        if (!eventually([&] { return run_status(next) == "succeeded"; }, 30s)) {
            ADD_FAILURE() << "run " << next << ": " << run_status(next) << "\n" << daemon_->log();
            return error;
        }
        const auto after = vm_rows();
        EXPECT_EQ(after.native_ids, before.native_ids) << "no VM row lost or added";
        EXPECT_EQ(after.count, before.count);
        EXPECT_EQ(after.distinct, after.count) << "no VM row duplicated";
        EXPECT_NE(after.digest, before.digest) << "the next run wrote the changed VMs";
        EXPECT_EQ(last_run().at("id").as_int64(), next);
        return error;
    }

    void expect_clean_stop() {
        ASSERT_TRUE(alive()) << daemon_->log();
        daemon_->signal(SIGTERM);
        const auto code = daemon_->wait(10s);
        ASSERT_TRUE(code.has_value()) << "still running 10 s after SIGTERM\n" << daemon_->log();
        EXPECT_EQ(*code, 0) << daemon_->log();
    }

    std::unique_ptr<notify_listener> notify_;
    std::unique_ptr<child_process> daemon_;
    std::unique_ptr<test_client> api_;
};

TEST_F(PgRestartTest, DatabaseDownInTheMiddleOfARunFailsItAndTheNextRunSucceeds) {
    start();
    auto& pg = pg_cluster::instance();
    const auto run = first_sync_then_a_slow_run(51, 4000ms);
    const auto id = run.id;
    ASSERT_NE(id, 0);
    EXPECT_EQ(healthz(), 200);

    pg.stop_server();
    ASSERT_TRUE(eventually([&] { return healthz() == 503; }, 15s))
        << "/healthz still answers 200 15 s after PostgreSQL stopped\n" << daemon_->log();
    const auto down = api_->get("/healthz");
    EXPECT_NE(down.body().find("database unreachable"), std::string::npos) << down.body();

    // The run reaches the database (to stage its changed VMs) while it is down.
    ASSERT_TRUE(eventually(
        [&] {
            const auto last = last_run();
            return !last.is_null() && last.at("id").as_int64() == id && last.at("status") != "running";
        },
        30s))
        << "run " << id << " did not end while the database was down\n" << daemon_->log();
    const auto failed = last_run();
    EXPECT_EQ(failed.at("status"), "failed") << failed;
    EXPECT_TRUE(says_database_lost(failed)) << failed;
    EXPECT_TRUE(alive()) << daemon_->log();
    EXPECT_EQ(healthz(), 503);

    pg.start_server();
    ASSERT_TRUE(eventually([&] { return healthz() == 200; }, 15s))
        << "/healthz still answers 503 15 s after PostgreSQL started\n" << daemon_->log();
    // The run could not record its end while the database was down: the
    // daemon marks it once the database is back.
    const auto error = expect_recovered(id, run.before);
    EXPECT_EQ(error.rfind("interrupted: ", 0), 0u) << error;
    expect_clean_stop();
}

TEST_F(PgRestartTest, PgCtlRestartInTheMiddleOfARunFailsItAndTheNextRunSucceeds) {
    start();
    const auto run = first_sync_then_a_slow_run(52, 3000ms);
    const auto id = run.id;
    ASSERT_NE(id, 0);

    pg_cluster::instance().restart_server();
    // The run's session (and its staged rows) died with the old server.
    ASSERT_TRUE(eventually(
        [&] {
            const auto last = last_run();
            return !last.is_null() && last.at("id").as_int64() == id && last.at("status") != "running";
        },
        30s))
        << "run " << id << " did not end after the restart\n" << daemon_->log();
    const auto failed = last_run();
    EXPECT_EQ(failed.at("status"), "failed") << failed;
    EXPECT_TRUE(says_database_lost(failed)) << failed;
    ASSERT_TRUE(eventually([&] { return healthz() == 200; }, 15s))
        << "/healthz does not answer 200 after the restart\n" << daemon_->log();
    expect_recovered(id, run.before);
    expect_clean_stop();
}

} // namespace
} // namespace cloudsync::test
