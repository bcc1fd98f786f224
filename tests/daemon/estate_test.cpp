// A whole Azure estate through the real binary: every collector kind, partial
// failure of one subscription, and each way an operator authenticates (client
// secret, client certificate, managed identity), against the harness's
// PostgreSQL and cloudsim.
#include "cloudsim/estate_pages.hpp"
#include "cloudsim/test_client.hpp"
#include "daemon_fixture.hpp"
#include "notify_listener.hpp"

#include <boost/json.hpp>

#include <csignal>
#include <cstdlib>
#include <regex>
#include <thread>
#include <fstream>

namespace cloudsync::test {
namespace {

using cloudsim::estate_kind;

class EstateTest : public DaemonTest {
protected:
    // One account over both subscriptions, every collector kind (the default),
    // `auth` being the azure block's authentication lines.
    std::string estate_config(const std::string& auth) const {
        const auto sim = sim_->base_url();
        return "database:\n  dsn: \"" + pg_cluster::instance().dsn(db_.name, "cloudsync_admin") +
               "\"\ntenants:\n  - name: platform\n    readers: [e2e_platform_reader]\n"
               "accounts:\n  - name: estate\n    tenant: platform\n    provider: azure\n"
               "    azure:\n      tenant_id: \"" + azure_tenant + "\"\n" + auth +
               "      subscriptions: []\n      endpoints: { login: \"" + sim +
               "\", management: \"" + sim + "\", metrics: \"" + sim + "/{region}\" }\n"
               "metrics:\n  lookback: 10m\n";
    }
    std::string secret_auth() const {
        return "      client_id: client-a\n      client_secret: { credential: secret-a }\n";
    }

    long long live(estate_kind kind) const {
        const auto inv = sim_->inventory_snapshot();
        long long n = 0;
        for (std::uint32_t s = 0; s < inv->subscription_count(); ++s) n += inv->live_items(kind, s);
        return static_cast<long long>(n);
    }
    long long live_subnets() const {
        const auto inv = sim_->inventory_snapshot();
        long long n = 0;
        for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
            for (std::uint64_t i = 0; i < inv->estate_space(estate_kind::virtual_network); ++i)
                if (auto net = inv->item(estate_kind::virtual_network, s, i))
                    n += static_cast<long long>(cloudsim::subnet_count(*net));
        return n;
    }
    long long orphan_fired_alerts() const {
        const auto inv = sim_->inventory_snapshot();
        long long n = 0;
        for (std::uint32_t s = 0; s < inv->subscription_count(); ++s)
            for (std::uint64_t i = 0; i < inv->estate_space(estate_kind::fired_alert); ++i)
                if (auto alert = inv->item(estate_kind::fired_alert, s, i))
                    if (!inv->item(estate_kind::metric_alert, s,
                                   cloudsim::fired_alert_rule_index(*inv, *alert)))
                        ++n;
        return n;
    }
    long long rows(const std::string& where) const {
        return query_count("SELECT count(*) FROM cloudsync." + where);
    }
};

TEST_F(EstateTest, EveryKindLandsInItsTable) {
    const auto config = write_config(estate_config(secret_auth()));
    ASSERT_EQ(once(config), 0);
    const auto inv = sim_->inventory_snapshot();
    EXPECT_EQ(rows("vms"), static_cast<long long>(inv->live_vms_total()));
    EXPECT_EQ(rows("storage WHERE type = 'storage_account'"), live(estate_kind::storage_account));
    EXPECT_GT(rows("storage WHERE type = 'blob_container'"), 0);
    EXPECT_EQ(rows("networks"), live(estate_kind::virtual_network));
    EXPECT_EQ(rows("networks WHERE cardinality(cidrs) = 0"), 0);
    EXPECT_EQ(rows("subnets"), live_subnets());
    EXPECT_EQ(rows("subnets s WHERE NOT EXISTS (SELECT 1 FROM cloudsync.networks n "
                   "WHERE n.native_id = s.network_id)"),
              0);
    EXPECT_EQ(rows("containers"), live(estate_kind::container_group));
    EXPECT_EQ(rows("containers WHERE cardinality(images) = 0"), 0);
    EXPECT_EQ(rows("alerts"), live(estate_kind::metric_alert) + orphan_fired_alerts());
    EXPECT_GT(rows("alerts WHERE state = 'firing' AND state_changed_at IS NOT NULL"), 0);
    EXPECT_EQ(rows("alerts WHERE name = ''"), 0) << "a rule's name comes from its id when absent";

    // Five normalized metrics for every running VM, and no duplicates on a rerun
    // over an overlapping window.
    EXPECT_GT(rows("metric_samples WHERE metric = 'cpu_percent'"), 0);
    EXPECT_EQ(query_count("SELECT count(DISTINCT metric) FROM cloudsync.metric_samples"), 5);
    const auto samples = rows("metric_samples");
    ASSERT_EQ(once(config, {"--collector", "metrics"}), 0);
    EXPECT_GE(rows("metric_samples"), samples);
    EXPECT_EQ(query_count("SELECT count(*) FROM (SELECT native_id, native_metric, ts FROM "
                          "cloudsync.metric_samples GROUP BY 1, 2, 3 HAVING count(*) > 1) d"),
              0);

    // The resources view covers every inventory kind, and readers see it.
    EXPECT_EQ(query_count("SELECT count(DISTINCT kind) FROM cloudsync.resources"), 6);
    EXPECT_EQ(query_count_as("e2e_platform_reader", "SELECT count(*) FROM cloudsync.resources"),
              query_count("SELECT count(*) FROM cloudsync.resources"));
    EXPECT_EQ(query_count_as("e2e_platform_reader", "SELECT count(*) FROM cloudsync.metric_samples"),
              rows("metric_samples"));
}

TEST_F(EstateTest, AForbiddenSubscriptionFailsOnlyItsScope) {
    const auto config = write_config(estate_config(secret_auth()));
    ASSERT_EQ(once(config), 0);
    const auto rows_of_b = [&](const char* table) {
        return query_count(std::string("SELECT count(*) FROM cloudsync.") + table +
                           " WHERE scope = '" + sub_b_ + "'");
    };
    const auto snapshot_b = [&](const char* table) {
        return query_count(std::string("SELECT coalesce(sum(hashtext(t::text)), 0) FROM "
                                       "cloudsync.") + table + " t WHERE scope = '" + sub_b_ + "'");
    };
    const auto vms_b = rows_of_b("vms"), storage_b = rows_of_b("storage");
    const auto vms_b_hash = snapshot_b("vms");
    ASSERT_GT(vms_b, 0);

    sim_->mutate({21, 0.1, 0.1, 0.1});
    cloudsim::fault forbidden;
    forbidden.kind = cloudsim::fault_kind::forbidden;
    forbidden.match = "/subscriptions/" + sub_b_ + "/";
    forbidden.count = 100000;
    sim_->add_fault(forbidden);
    EXPECT_EQ(once(config), 1) << "a partial run is not a success for --once";

    EXPECT_EQ(rows_of_b("vms"), vms_b);
    EXPECT_EQ(rows_of_b("storage"), storage_b);
    EXPECT_EQ(snapshot_b("vms"), vms_b_hash) << "subscription B's rows must not change";
    const auto inv = sim_->inventory_snapshot();
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms WHERE scope = '" + sub_a_ + "'"),
              static_cast<long long>(inv->live_vms(0)))
        << "subscription A carries on";
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'partial' "
                          "AND error LIKE '1 of 2 subscriptions failed: " + sub_b_ + ":%' AND "
                          "failed_scopes->0->>'scope' = '" + sub_b_ + "'"),
              6)
        << "every kind's run is partial and names the subscription";
}

TEST_F(EstateTest, StatusAndSystemdSayWhichSubscriptionFailed) {
    cloudsim::fault forbidden;
    forbidden.kind = cloudsim::fault_kind::forbidden;
    forbidden.match = "/subscriptions/" + sub_b_ + "/";
    forbidden.count = 100000;
    sim_->add_fault(forbidden);
    auto text = estate_config(secret_auth());
    text.insert(text.find("tenants:"),
                "api:\n  listen: \"127.0.0.1:0\"\n  token: { credential: api-token }\n");
    text += "schedule:\n  jitter: 0s\n";
    const auto config = write_config(text);
    notify_listener notify(dir_ + "/notify.sock");
    auto environment = env();
    environment.push_back("NOTIFY_SOCKET=" + notify.path());
    child_process daemon(daemon_binary, {"--config", config}, environment, dir_ + "/daemon.log");
    ASSERT_TRUE(notify.wait_for("READY=1", std::chrono::seconds(30))) << daemon.log();

    // STATUS= names the failing job and its subscription once the runs end.
    bool named = false;
    for (int i = 0; i < 100 && !named; ++i) {
        const auto status = notify.wait_for("STATUS=", std::chrono::milliseconds(300));
        named = status && status->find("failing (estate/") != std::string::npos &&
                status->find(sub_b_) != std::string::npos;
    }
    EXPECT_TRUE(named) << daemon.log();

    std::smatch m;
    const auto log = daemon.log();
    ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(api on 127\.0\.0\.1:(\d+))")));
    cloudsim::testing::test_client api(static_cast<unsigned short>(std::stoi(m[1])));
    boost::json::value doc;
    int partial = 0;
    for (int i = 0; i < 100 && partial < 6; ++i) { // until every kind's first run ended
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        doc = boost::json::parse(api.get("/status", {{"Authorization", "Bearer e2e-token-0123456789abcdef0123456789"}}).body());
        partial = 0;
        for (const auto& job : doc.at("jobs").as_array()) {
            const auto& last = job.at("last_run");
            if (last.is_null() || last.at("status") != "partial") continue;
            ++partial;
            EXPECT_EQ(last.at("failed_scopes").at(0).at("scope").as_string(), sub_b_);
        }
    }
    EXPECT_EQ(partial, 6) << boost::json::serialize(doc);
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(std::chrono::seconds(10)), 0);
}

TEST_F(EstateTest, ClientCertificateAuthenticates) {
    const auto pem = dir_ + "/client.pem";
    const auto command = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=cloudsync-e2e -days 1 "
                         "-keyout " + pem + ".key -out " + pem + ".crt >/dev/null 2>&1 && cat " +
                         pem + ".crt " + pem + ".key > " + pem;
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream crt(pem + ".crt");
    sim_->add_client_certificate({azure_tenant, "client-cert",
                                  std::string(std::istreambuf_iterator<char>(crt), {})});
    const auto config = write_config(estate_config(
        "      client_id: client-cert\n      client_certificate: { file: " + pem + " }\n"));
    ASSERT_EQ(once(config, {"--collector", "vms"}), 0);
    EXPECT_EQ(rows("vms"), static_cast<long long>(sim_->inventory_snapshot()->live_vms_total()));
}

TEST_F(EstateTest, ManagedIdentityAuthenticates) {
    const auto config = write_config(estate_config(
        "      managed_identity: { endpoint: \"" + sim_->base_url() +
        "/metadata/identity/oauth2/token\" }\n"));
    ASSERT_EQ(once(config, {"--collector", "metrics"}), 0);
    EXPECT_GT(rows("metric_samples"), 0);
    EXPECT_GT(sim_->stats().count("managedIdentityToken"), 0u);
}

} // namespace
} // namespace cloudsync::test
