// cloudsyncd reading the subscriptions of one account concurrently, end to
// end: six subscriptions behind a cloudsim that answers slowly, so several
// scopes are in flight at once. A subscription failing among them keeps its
// rows byte for byte; SIGTERM in the middle of such a run exits within the stop
// deadline and changes nothing; after SIGKILL the next start fails the run left
// behind as interrupted.
#include "daemon_fixture.hpp"

#include <csignal>
#include <memory>
#include <thread>

namespace cloudsync::test {
namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t subscription_count = 6;

class ConcurrentScopesTest : public DaemonTest {
protected:
    void SetUp() override {
        DaemonTest::SetUp();
        cloudsim::inventory_options inventory = sim_->inventory_snapshot()->options();
        inventory.subscriptions = subscription_count;
        inventory.vms_per_subscription = 60;
        sim_->set_inventory(inventory);
        const auto snapshot = sim_->inventory_snapshot();
        for (std::uint32_t s = 0; s < subscription_count; ++s)
            subscriptions_.push_back(snapshot->subscription_id(s));
        config_ = write_config(config());
    }

    std::string config() const {
        std::string list;
        for (const auto& s : subscriptions_) list += (list.empty() ? "\"" : ", \"") + s + "\"";
        const auto sim = sim_->base_url();
        return "database:\n  dsn: \"" + pg_cluster::instance().dsn(db_.name, "cloudsync_admin") +
               "\"\napi:\n  listen: \"127.0.0.1:0\"\n"
               "tenants:\n  - name: platform\n    readers: [e2e_platform_reader]\n"
               "accounts:\n  - name: azure-a\n    tenant: platform\n    provider: azure\n"
               "    collectors: [vms]\n    scope_concurrency: 4\n    azure:\n"
               "      tenant_id: \"" + azure_tenant + "\"\n      client_id: client-a\n"
               "      client_secret: { credential: secret-a }\n      subscriptions: [" + list +
               "]\n      endpoints: { login: \"" + sim + "\", management: \"" + sim + "\" }\n"
               "schedule:\n  vms: 1h\n  jitter: 0s\n";
    }

    // Every column of every VM row of one subscription (all of them for ""), in
    // one value: equal means byte-identical.
    std::string rows_of(const std::string& subscription) const {
        pqxx::connection conn(db_.dsn);
        pqxx::work tx(conn);
        const std::string where = subscription.empty() ? "" : " WHERE scope = " + tx.quote(subscription);
        return tx.exec1("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY native_id)), '') "
                        "FROM cloudsync.vms t" + where)[0].c_str();
    }

    // The service in the middle of a slow run: the inventory changed (seed),
    // 400 ms a request, started, and back once two VM pages were requested
    // (or 30 s passed: the caller checks).
    std::unique_ptr<child_process> service_in_a_slow_run(std::uint32_t seed) {
        sim_->mutate({seed, 0.1, 0.2, 0.1});
        sim_->set_latency({400ms, 0ms});
        sim_->reset_stats();
        auto daemon = std::make_unique<child_process>(
            daemon_binary, std::vector<std::string>{"--config", config_}, env(),
            dir_ + "/service.log");
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (sim_->stats().count("virtualMachines") < 2 &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(50ms);
        return daemon;
    }

    std::vector<std::string> subscriptions_;
    std::string config_;
};

TEST_F(ConcurrentScopesTest, AFailingSubscriptionAmongConcurrentOnesKeepsItsRowsExactly) {
    ASSERT_EQ(once(config_), 0);
    const auto& forbidden_sub = subscriptions_[2];
    const auto before = rows_of(forbidden_sub);
    const auto before_all = rows_of("");

    sim_->mutate({31, 0.1, 0.2, 0.1});
    sim_->set_latency({150ms, 50ms});
    cloudsim::fault forbidden;
    forbidden.kind = cloudsim::fault_kind::forbidden;
    forbidden.match = "/subscriptions/" + forbidden_sub + "/providers/Microsoft.Compute";
    forbidden.count = 100000;
    sim_->add_fault(forbidden);
    EXPECT_EQ(once(config_), 1) << "a partial run is not a success for --once";

    EXPECT_EQ(rows_of(forbidden_sub), before) << "the failed subscription's rows must not change";
    EXPECT_NE(rows_of(""), before_all) << "the other subscriptions carried on";
    const auto inv = sim_->inventory_snapshot();
    for (std::uint32_t s = 0; s < subscription_count; ++s) {
        if (s == 2) continue;
        EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms WHERE scope = '" +
                              subscriptions_[s] + "'"),
                  static_cast<long long>(inv->live_vms(s)));
    }
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'partial' "
                          "AND error LIKE '1 of 6 subscriptions failed: " + forbidden_sub + ":%'"),
              1);
}

TEST_F(ConcurrentScopesTest, SigtermInTheMiddleExitsWithinTheStopDeadlineAndChangesNothing) {
    ASSERT_EQ(once(config_), 0);
    const auto before = rows_of("");
    const auto daemon = service_in_a_slow_run(32);
    ASSERT_GE(sim_->stats().count("virtualMachines"), 2u) << daemon->log();

    const auto signalled = std::chrono::steady_clock::now();
    daemon->signal(SIGTERM);
    const auto code = daemon->wait(10s);
    ASSERT_TRUE(code.has_value()) << "still running 10 s after SIGTERM\n" << daemon->log();
    EXPECT_EQ(*code, 0) << daemon->log();
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, 9s) << "the stop deadline is 8 s";

    EXPECT_EQ(rows_of(""), before) << "a cancelled run writes nothing";
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'cancelled'"), 1);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'running'"), 0);
}

// SIGKILL leaves no chance to finish a run: its row stays 'running' until the
// next start finds that no live process holds it and fails it as interrupted.
TEST_F(ConcurrentScopesTest, SigkillInTheMiddleLeavesARunTheNextStartMarksInterrupted) {
    ASSERT_EQ(once(config_), 0);
    const auto before = rows_of("");
    const auto daemon = service_in_a_slow_run(33);
    ASSERT_GE(sim_->stats().count("virtualMachines"), 2u) << daemon->log();
    daemon->signal(SIGKILL);
    ASSERT_TRUE(daemon->wait(10s).has_value());

    EXPECT_EQ(rows_of(""), before) << "a killed run writes nothing";
    // The server notices the closed connection on its own; give it a moment.
    for (int i = 0; i < 50 && query_count("SELECT count(*) FROM pg_stat_activity WHERE "
                                          "datname = current_database() AND pid <> "
                                          "pg_backend_pid()") > 0;
         ++i)
        std::this_thread::sleep_for(100ms);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'running'"), 1);

    sim_->set_latency({0ms, 0ms});
    EXPECT_EQ(once(config_), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'running'"), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'failed' "
                          "AND error LIKE 'interrupted: %'"),
              1);
}

} // namespace
} // namespace cloudsync::test
