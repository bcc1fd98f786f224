// What an account or section gets when the config leaves a key out.
#include "helpers.hpp"

namespace cloudsync::config::testing {
namespace {

using namespace std::chrono_literals;
using cloudsync::collector_kind;

class ConfigDefaults : public ::testing::Test {
protected:
    temp_dir dir_;
    scoped_env a_{"CS_TEST_A", "value-a"};
    scoped_env b_{"CS_TEST_B", "value-b\n"};

    std::shared_ptr<const config> load_minimal() {
        auto key = dir_.write("key.json", R"({"type": "authorized_user", "client_id": "x"})");
        auto yaml =
            head +
            "accounts:\n"
            "  - {name: az, tenant: platform, provider: azure,\n"
            "     azure: {tenant_id: t, client_id: c, client_secret: {env: CS_TEST_A}}}\n"
            "  - {name: gc, tenant: platform, provider: gcp, gcp: {key: {file: " +
            key +
            "}}}\n"
            "  - {name: aw, tenant: platform, provider: aws,\n"
            "     aws: {access_key_id: {env: CS_TEST_A}, secret_access_key: {env: CS_TEST_B}}}\n";
        auto result = load_string(yaml, "t.yaml");
        EXPECT_TRUE(result.warnings.empty());
        return result.value;
    }
};

TEST_F(ConfigDefaults, SectionsLeftOutGetDocumentedDefaults) {
    auto c = load_minimal();
    EXPECT_EQ(c->source, "t.yaml");
    EXPECT_EQ(c->database.dsn.reveal(), "dbname=cloudsync");
    EXPECT_EQ(c->api.listen.kind, listen_address::family::tcp);
    EXPECT_EQ(c->api.listen.host, "127.0.0.1");
    EXPECT_EQ(c->api.listen.port, 8080);
    EXPECT_EQ(to_string(c->api.listen), "127.0.0.1:8080");
    EXPECT_FALSE(c->api.token);
    EXPECT_FALSE(c->api.tls);
    EXPECT_EQ(c->api.max_connections, 256u);
    EXPECT_EQ(c->log.level, log_level::info);
    EXPECT_EQ(c->schedule.interval(collector_kind::vms), 15min);
    EXPECT_EQ(c->schedule.interval(collector_kind::storage), 30min);
    EXPECT_EQ(c->schedule.interval(collector_kind::networks), 30min);
    EXPECT_EQ(c->schedule.interval(collector_kind::containers), 15min);
    EXPECT_EQ(c->schedule.interval(collector_kind::metrics), 5min);
    EXPECT_EQ(c->schedule.interval(collector_kind::alerts), 1min);
    EXPECT_EQ(c->schedule.jitter, 30s);
    EXPECT_EQ(c->schedule.max_backoff, 1h);
    EXPECT_EQ(c->schedule.max_concurrent_runs, 4u);
    EXPECT_EQ(c->metrics.lookback, 15min);
    EXPECT_EQ(c->metrics.retention, 30 * 24h);
    EXPECT_EQ(c->history.retention, 90 * 24h);
    EXPECT_EQ(c->database.connect_timeout, 10s);
    EXPECT_EQ(c->database.statement_timeout, 10min);
    EXPECT_EQ(c->database.owner_role, ""); // the login role
    EXPECT_EQ(c->database.writer_role, "");
    EXPECT_EQ(c->collection.max_in_flight, 64u);
    EXPECT_EQ(c->collection.parse_threads, 0u);
    EXPECT_EQ(c->collection.max_response_mib, 32u);
    EXPECT_GE(c->collection.threads(), 1u);
}

TEST_F(ConfigDefaults, AccountsGetEveryCollectorAndPublicEndpoints) {
    auto c = load_minimal();
    ASSERT_EQ(c->accounts.size(), 3u);
    for (const auto& a : c->accounts) {
        EXPECT_TRUE(a.enabled);
        EXPECT_EQ(a.scope_concurrency, 8u);
        EXPECT_EQ(a.collectors.size(), cloudsync::all_collector_kinds.size());
        EXPECT_TRUE(a.collects(collector_kind::alerts));
    }
    const auto& azure = std::get<azure_account>(c->find_account("az")->settings);
    EXPECT_EQ(azure.endpoints.login, "https://login.microsoftonline.com");
    EXPECT_EQ(azure.endpoints.management, "https://management.azure.com");
    EXPECT_EQ(azure.endpoints.metrics, "https://{region}.metrics.monitor.azure.com");
    EXPECT_EQ(azure.endpoints.metrics_audience, "https://metrics.monitor.azure.com");
    ASSERT_TRUE(std::holds_alternative<azure_client_secret>(azure.authentication));
    EXPECT_EQ(std::get<azure_client_secret>(azure.authentication).value.reveal(), "value-a");
    EXPECT_TRUE(azure.subscriptions.empty());
    const auto& gcp = std::get<gcp_account>(c->find_account("gc")->settings);
    EXPECT_EQ(gcp.endpoints.token, "https://oauth2.googleapis.com/token");
    EXPECT_EQ(gcp.endpoints.compute, "https://compute.googleapis.com");
    EXPECT_EQ(gcp.endpoints.cloudresourcemanager, "https://cloudresourcemanager.googleapis.com");
    EXPECT_TRUE(gcp.projects.empty());
    const auto& aws = std::get<aws_account>(c->find_account("aw")->settings);
    EXPECT_EQ(aws.endpoints.sts, "https://sts.{region}.amazonaws.com");
    EXPECT_EQ(aws.endpoints.monitoring, "https://monitoring.{region}.amazonaws.com");
    EXPECT_EQ(aws.secret_access_key.reveal(), "value-b");
    EXPECT_FALSE(aws.role_arn);
    EXPECT_FALSE(aws.external_id);
    EXPECT_EQ(c->find_account("aw")->provider, cloudsync::provider::aws);
    EXPECT_EQ(c->find_account("nope"), nullptr);
}

TEST_F(ConfigDefaults, ExplicitValuesOverrideDefaults) {
    auto yaml = head +
                "accounts: []\n"
                "api: {listen: \"[::1]:9443\", max_connections: 10}\n"
                "log: {level: debug}\n"
                "schedule: {vms: 1h30m, jitter: 0s, max_backoff: 2h, max_concurrent_runs: 8}\n"
                "metrics: {lookback: 10m, retention: 7d}\n"
                "history: {retention: 400d}\n";
    auto c = load_string(yaml, "t.yaml").value;
    EXPECT_EQ(c->api.listen.host, "::1");
    EXPECT_EQ(c->api.listen.port, 9443);
    EXPECT_EQ(to_string(c->api.listen), "[::1]:9443");
    EXPECT_EQ(c->api.max_connections, 10u);
    EXPECT_EQ(c->log.level, log_level::debug);
    EXPECT_EQ(c->schedule.interval(collector_kind::vms), 90min);
    EXPECT_EQ(c->schedule.interval(collector_kind::storage), 30min);
    EXPECT_EQ(c->schedule.jitter, 0s);
    EXPECT_EQ(c->schedule.max_backoff, 2h);
    EXPECT_EQ(c->schedule.max_concurrent_runs, 8u);
    EXPECT_EQ(c->metrics.lookback, 10min);
    EXPECT_EQ(c->metrics.retention, 7 * 24h);
    EXPECT_EQ(c->history.retention, 400 * 24h);
    ASSERT_EQ(c->tenants.size(), 1u);
    EXPECT_EQ(c->tenants[0].readers, std::vector<std::string>{"analysts"});
}

TEST_F(ConfigDefaults, ConcurrencyAndDatabaseDeadlinesCanBeSet) {
    auto yaml = "database: {dsn: x, connect_timeout: 3s, statement_timeout: 0s,\n"
                "           owner_role: cs_owner, writer_role: cs_writer}\n"
                "tenants: [{name: platform}]\n"
                "accounts:\n"
                "  - {name: az, tenant: platform, provider: azure, scope_concurrency: 64,\n"
                "     azure: {tenant_id: t, client_id: c, client_secret: {env: CS_TEST_A}}}\n"
                "collection: {max_in_flight: 1024, parse_threads: 3, max_response_mib: 8}\n";
    auto c = load_string(yaml, "t.yaml").value;
    EXPECT_EQ(c->database.connect_timeout, 3s);
    EXPECT_EQ(c->database.statement_timeout, 0s); // none
    EXPECT_EQ(c->database.owner_role, "cs_owner");
    EXPECT_EQ(c->database.writer_role, "cs_writer");
    EXPECT_EQ(c->accounts.at(0).scope_concurrency, 64u);
    EXPECT_EQ(c->collection.max_in_flight, 1024u);
    EXPECT_EQ(c->collection.parse_threads, 3u);
    EXPECT_EQ(c->collection.max_response_mib, 8u);
    EXPECT_EQ(c->collection.threads(), 3u);
}

TEST_F(ConfigDefaults, SubscriptionIdsKeepTheirSpelling) {
    auto yaml = head + "accounts:\n"
                       "  - {name: az, tenant: platform, provider: azure,\n"
                       "     azure: {tenant_id: t, client_id: c, client_secret: {env: CS_TEST_A},\n"
                       "             subscriptions: [9B7C5D3E-1F2A, 0b7c5d3e-1f2a]}}\n";
    auto c = load_string(yaml, "t.yaml").value;
    EXPECT_EQ(std::get<azure_account>(c->accounts.at(0).settings).subscriptions,
              (std::vector<std::string>{"9B7C5D3E-1F2A", "0b7c5d3e-1f2a"}));
}

TEST_F(ConfigDefaults, UnixListenAndEmptySectionsAreAccepted) {
    auto c =
        load_string(head + "accounts: []\napi:\n  listen: unix:/run/cloudsync/api.sock\nschedule:\n"
                           "collection:\n",
                    "t.yaml")
            .value;
    EXPECT_TRUE(c->accounts.empty());
    EXPECT_EQ(c->api.listen.kind, listen_address::family::unix_socket);
    EXPECT_EQ(c->api.listen.path, "/run/cloudsync/api.sock");
    EXPECT_EQ(to_string(c->api.listen), "unix:/run/cloudsync/api.sock");
    EXPECT_EQ(c->schedule, schedule_config{});
    EXPECT_EQ(c->collection, collection_config{});
}

TEST_F(ConfigDefaults, LoadingTwiceGivesEqualConfigs) {
    EXPECT_EQ(*load_minimal(), *load_minimal());
}

} // namespace
} // namespace cloudsync::config::testing
