// cloudsyncd as systemd runs it, end to end: sd_notify (READY, STATUS,
// RELOADING, STOPPING) to a NOTIFY_SOCKET listener, the HTTP API contract over
// real syncs, SIGHUP reload (good and bad config), SIGTERM exit.
#include "cloudsim/test_client.hpp"
#include "daemon_fixture.hpp"
#include "notify_listener.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <thread>

namespace cloudsync::test {
namespace {

using namespace std::chrono_literals;
using cloudsim::testing::test_client;
namespace json = boost::json;

// The value of the series `name{labels}` in a /metrics text, or NaN.
double metric_value(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return std::nan("");
    return std::stod(text.substr(at + series.size() + 2));
}

bool all_jobs_succeeded(test_client& api) {
    const auto status = json::parse(api.get("/status", bearer).body());
    for (const auto& job : status.at("jobs").as_array()) {
        const auto& last = job.at("last_run");
        if (last.is_null() || last.at("status") != "succeeded") return false;
    }
    return true;
}

class ServiceTest : public DaemonTest {
protected:
    void start() {
        notify_ = std::make_unique<notify_listener>(dir_ + "/notify.sock");
        config_ = write_config(config_yaml("127.0.0.1:0"));
        auto environment = env();
        environment.push_back("NOTIFY_SOCKET=" + notify_->path());
        daemon_ = std::make_unique<child_process>(daemon_binary,
                                                  std::vector<std::string>{"--config", config_},
                                                  environment, dir_ + "/daemon.log");
        ASSERT_TRUE(notify_->wait_for("READY=1", 30s)) << daemon_->log();
        port_ = api_port(*daemon_);
        ASSERT_NE(port_, 0) << daemon_->log();
    }

    void TearDown() override {
        daemon_.reset();
        DaemonTest::TearDown();
    }

    std::unique_ptr<notify_listener> notify_;
    std::unique_ptr<child_process> daemon_;
    std::string config_;
    unsigned short port_ = 0;
};

TEST_F(ServiceTest, ApiContractOverRealSyncs) {
    start();
    test_client api(port_);
    EXPECT_TRUE(eventually([&] { return api.get("/healthz").result_int() == 200; }, 10s));
    EXPECT_EQ(api.get("/status").result_int(), 401);
    ASSERT_TRUE(eventually([&] { return all_jobs_succeeded(api); }, 30s)) << daemon_->log();

    const auto status = json::parse(api.get("/status", bearer).body());
    EXPECT_EQ(status.at("jobs").as_array().size(), 2u);
    EXPECT_EQ(status.at("version"), CLOUDSYNC_VERSION_FOR_TESTS);

    EXPECT_EQ(api.post("/sync?account=nope", "", "text/plain", bearer).result_int(), 404);
    EXPECT_EQ(api.post("/sync?collector=vm", "", "text/plain", bearer).result_int(), 404);
    EXPECT_EQ(api.post("/sync", "", "text/plain").result_int(), 401);

    const auto accepted = api.post("/sync?account=azure-a&collector=vms", "", "text/plain", bearer);
    ASSERT_EQ(accepted.result_int(), 202) << accepted.body();
    const auto run_id = json::parse(accepted.body()).at("runs").at(0).at("id").as_int64();
    const auto run_path = "/runs/" + std::to_string(run_id);
    ASSERT_TRUE(eventually(
        [&] { return json::parse(api.get(run_path, bearer).body()).at("status") == "succeeded"; },
        30s));
    EXPECT_EQ(api.get("/runs/99999999", bearer).result_int(), 404);
    EXPECT_EQ(api.get("/runs/abc", bearer).result_int(), 400);

    const auto metrics = api.get("/metrics", bearer).body();
    EXPECT_NE(metrics.find("cloudsync_runs_total{"), std::string::npos);
    EXPECT_NE(metrics.find("cloudsync_cloud_api_requests_total{"), std::string::npos);

    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms"),
              static_cast<long long>(sim_->inventory_snapshot()->live_vms_total()));
    EXPECT_TRUE(notify_->wait_for("STATUS=", 1s));
    EXPECT_EQ(daemon_->log().find("secret-a"), std::string::npos);
}

// The gauges an alert on stale data and on failing jobs needs
// (dashboards/cloudsync-alerts.yml): each job's interval, when its last
// successful run ended (kept across a restart, read from sync_runs) and its
// failures in a row.
TEST_F(ServiceTest, JobGaugesTellHowOldTheDataIsAndHowOftenAJobFailed) {
    start();
    test_client api(port_);
    ASSERT_TRUE(eventually([&] { return all_jobs_succeeded(api); }, 30s)) << daemon_->log();
    const std::string job = R"({account="azure-a",kind="vms",provider="azure"})";
    auto metrics = api.get("/metrics", bearer).body();
    EXPECT_EQ(metric_value(metrics, "cloudsync_job_interval_seconds" + job), 3600) << metrics;
    EXPECT_EQ(metric_value(metrics, "cloudsync_job_consecutive_failures" + job), 0);
    EXPECT_EQ(metric_value(metrics, std::string("cloudsync_build_info{version=\"") +
                                        CLOUDSYNC_VERSION_FOR_TESTS + "\"}"),
              1);
    EXPECT_EQ(metric_value(metrics, R"(cloudsync_rows_seen_total{account="azure-a",kind="vms"})"),
              static_cast<double>(query_count(
                  "SELECT seen FROM cloudsync.sync_runs WHERE account = 'azure-a'")));
    const auto success_sql = "SELECT (extract(epoch FROM max(finished_at)) * 1000)::bigint FROM "
                             "cloudsync.sync_runs WHERE account = 'azure-a' AND status = 'succeeded'";
    // The process's clock ended the run; the database's recorded it.
    const double last_success =
        metric_value(metrics, "cloudsync_last_success_timestamp_seconds" + job);
    EXPECT_NEAR(last_success, query_count(success_sql) / 1000.0, 5);

    // Two runs that fail: the count goes up, the last success stays.
    cloudsim::fault broken;
    broken.kind = cloudsim::fault_kind::malformed_json;
    broken.match = sub_a_ + "/providers/Microsoft.Compute/virtualMachines";
    broken.count = 1000;
    sim_->add_fault(broken);
    for (int i = 1; i <= 2; ++i) {
        ASSERT_EQ(
            api.post("/sync?account=azure-a&collector=vms", "", "text/plain", bearer).result_int(),
            202);
        ASSERT_TRUE(eventually(
            [&] {
                return metric_value(api.get("/metrics", bearer).body(),
                                    "cloudsync_job_consecutive_failures" + job) == i;
            },
            30s))
            << daemon_->log();
    }
    EXPECT_EQ(metric_value(api.get("/metrics", bearer).body(),
                           "cloudsync_last_success_timestamp_seconds" + job),
              last_success);

    // A new process knows the last success before its first run of the job.
    daemon_->signal(SIGTERM);
    ASSERT_TRUE(daemon_->wait(15s).has_value());
    notify_.reset(); // start() binds its socket path afresh
    std::filesystem::rename(dir_ + "/daemon.log", dir_ + "/daemon-first.log"); // its API port
    sim_->clear_faults();
    delay_vm_lists(5000ms, 100);
    start();
    metrics = test_client(port_).get("/metrics", bearer).body();
    EXPECT_NEAR(metric_value(metrics, "cloudsync_last_success_timestamp_seconds" + job),
                query_count(success_sql) / 1000.0, 0.002)
        << metrics;
}

TEST_F(ServiceTest, ReloadsOnSighupAndKeepsTheOldConfigWhenTheNewOneIsBad) {
    start();
    daemon_->signal(SIGHUP);
    ASSERT_TRUE(notify_->wait_for("RELOADING=1", 10s)) << daemon_->log();
    const auto reloading = notify_->received().back();
    EXPECT_NE(reloading.find("MONOTONIC_USEC="), std::string::npos) << reloading;
    ASSERT_TRUE(notify_->wait_for("READY=1", 10s)) << daemon_->log();

    write_config("accounts: [ this is not valid", "cloudsync.yaml");
    daemon_->signal(SIGHUP);
    ASSERT_TRUE(notify_->wait_for("RELOADING=1", 10s));
    ASSERT_TRUE(notify_->wait_for("READY=1", 10s));
    EXPECT_TRUE(eventually([&] { return daemon_->log().find("reload failed") != std::string::npos; },
                           5s))
        << daemon_->log();
    test_client api(port_);
    EXPECT_TRUE(eventually([&] { return api.get("/healthz").result_int() == 200; }, 10s));
    EXPECT_EQ(json::parse(api.get("/status", bearer).body()).at("jobs").as_array().size(), 2u);
}

TEST_F(ServiceTest, StopsCleanlyOnSigterm) {
    start();
    daemon_->signal(SIGTERM);
    EXPECT_TRUE(notify_->wait_for("STOPPING=1", 10s)) << daemon_->log();
    const auto code = daemon_->wait(10s);
    ASSERT_TRUE(code.has_value()) << "still running 10 s after SIGTERM\n" << daemon_->log();
    EXPECT_EQ(*code, 0) << daemon_->log();
}

TEST_F(ServiceTest, SigtermDuringASlowSyncCancelsItWithoutPartialData) {
    delay_vm_lists(3000ms, 100);
    start();
    // Both accounts' runs must have begun: on a loaded machine the second job
    // can still be getting its token when the first one reads VMs.
    ASSERT_TRUE(eventually(
        [&] {
            return sim_->stats().count("virtualMachines") > 0 &&
                   query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'running'") ==
                       2;
        },
        20s))
        << daemon_->log();
    daemon_->signal(SIGTERM);
    const auto code = daemon_->wait(10s);
    ASSERT_TRUE(code.has_value()) << daemon_->log();
    EXPECT_EQ(*code, 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms"), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'cancelled'"),
              2);
}

} // namespace
} // namespace cloudsync::test
