// cloudsyncd --once with a GCP account (authorized_user key) beside the Azure
// ones, against cloudsim's Google token endpoint, Resource Manager, Compute,
// Cloud Storage, Cloud Run and Cloud Monitoring: every instance, network,
// subnetwork, bucket, Cloud Run service and alert policy lands with the subnets
// joining their networks and the buckets', services' and policies' typed
// columns, and every running VM's metric samples join its row; a project with
// the Storage, Cloud Run or Monitoring API disabled simply has none of those
// (and the run names it); a project whose aggregated list names an unreachable
// zone, or whose policy list is refused, keeps its rows while the other
// project's change, and the run is partial. The metadata server signs in too.
#include "auth/test_certificate.hpp"
#include "daemon_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cloudsync::test {
namespace {

class GcpOnceTest : public DaemonTest {
protected:
    void SetUp() override {
        DaemonTest::SetUp();
        auto estate = two_gcp_projects();
        estate.networks_per_project = 3;
        serve_gcp(estate);
        sim_->set_gcp_page_size(15);
    }

    std::string config_with_gcp() {
        std::string text = config_yaml("127.0.0.1:0");
        const auto sim = sim_->base_url();
        const std::string account =
            "  - name: gcp-a\n    tenant: platform\n    provider: gcp\n"
            "    collectors: [vms, networks, storage, containers, metrics, alerts]\n    gcp:\n"
            "      key: { credential: gcp-key }\n      endpoints: { token: \"" +
            sim + "/token\", compute: \"" + sim + "\", storage: \"" + sim + "\", run: \"" + sim +
            "\", monitoring: \"" + sim + "\", cloudresourcemanager: \"" + sim + "\" }\n";
        text.insert(text.find("schedule:"), account);
        return write_config(text + "  networks: 1h\n");
    }

    long long gcp_count(const std::string& table, const std::string& where = "true") const {
        return query_count("SELECT count(*) FROM cloudsync." + table +
                           " WHERE account = 'gcp-a' AND " + where);
    }


    long long live(std::uint32_t project) const {
        return static_cast<long long>(sim_->gcp_snapshot()->projects()[project].instances.size());
    }
};

TEST_F(GcpOnceTest, OnceSyncsEveryInstanceNetworkAndSubnetOfEveryProject) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a"}), 0);
    EXPECT_EQ(gcp_count("vms"), live(0) + live(1));
    const auto regions = static_cast<long long>(sim_->gcp_snapshot()->regions().size());
    EXPECT_EQ(gcp_count("networks"), 2 * 3);
    EXPECT_EQ(gcp_count("subnets"), 2 * 2 * regions);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.subnets s JOIN cloudsync.networks n "
                          "ON s.network_id = n.native_id WHERE s.account = 'gcp-a'"),
              2 * 2 * regions);
    EXPECT_EQ(gcp_count("vms", "cardinality(private_ips) = 0 OR size = '' OR region = ''"), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'succeeded' "
                          "AND account = 'gcp-a'"),
              6); // vms, networks, storage, containers, metrics, alerts
    const auto log = once_logs();
    EXPECT_FALSE(log.empty());
    EXPECT_EQ(log.find("gcp-secret"), std::string::npos) << "client secret in the log";
    EXPECT_EQ(log.find("1//gcp-refresh"), std::string::npos) << "refresh token in the log";
}

TEST_F(GcpOnceTest, OnceWritesEveryBucketWithItsColumns) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "storage"}), 0);
    const auto estate = sim_->gcp_snapshot();
    long long versioned = 0, public_ones = 0;
    for (const auto& p : estate->projects()) {
        for (const auto& b : p.buckets) {
            const auto name = cloudsim::gcp_bucket_name(p, b);
            std::string region = cloudsim::gcp_bucket_location(*estate, b);
            for (auto& c : region)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            EXPECT_EQ(
                gcp_count("storage", "native_id = '//storage.googleapis.com/projects/_/"
                                     "buckets/" +
                                         name + "' AND name = '" + name + "' AND scope = '" + p.id +
                                         "' AND region = '" + region +
                                         "' AND type = 'bucket' AND encrypted AND "
                                         "versioning = " +
                                         (cloudsim::gcp_bucket_versioning(b) ? "true" : "false") +
                                         " AND public_access = " +
                                         (cloudsim::gcp_bucket_public(b) ? "true" : "false")),
                1)
                << name;
            versioned += cloudsim::gcp_bucket_versioning(b) ? 1 : 0;
            public_ones += cloudsim::gcp_bucket_public(b) ? 1 : 0;
        }
    }
    EXPECT_EQ(gcp_count("storage"), 2 * 5);
    EXPECT_EQ(gcp_count("storage", "public_access"), public_ones);
    EXPECT_EQ(public_ones, 2); // bucket 1 of each project
    EXPECT_EQ(gcp_count("storage", "versioning"), versioned);
    EXPECT_EQ(gcp_count("storage", "tags ? 'env'"), 2 * 4); // buckets 0, 1, 3, 4
    EXPECT_EQ(gcp_count("storage", "raw ? 'acl'"), 2 * 5);  // projection=full

    // A project with the Storage API disabled has no buckets; the run succeeds.
    const auto project1 = estate->projects()[1].id;
    sim_->edit_gcp([&](cloudsim::gcp_estate& e) { e.find(project1)->storage_disabled = true; });
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "storage"}), 0);
    EXPECT_EQ(gcp_count("storage", "scope = '" + project1 + "'"), 0);
    EXPECT_EQ(gcp_count("storage"), 5);
    // The run says which project has the API disabled (shown by /status and /runs).
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE account = 'gcp-a' AND "
                          "kind = 'storage' AND status = 'succeeded' AND empty_scopes @> "
                          "'[{\"scope\": \"" + project1 + "\"}]' AND empty_scopes::text LIKE "
                          "'%SERVICE_DISABLED%'"),
              1);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'succeeded' "
                          "AND account = 'gcp-a'"),
              2);
}

TEST_F(GcpOnceTest, OnceWritesTheMetricsOfEveryRunningVmJoiningItsRow) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "vms"}), 0);
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "metrics"}), 0);
    long long running = 0;
    for (const auto& p : sim_->gcp_snapshot()->projects())
        for (const auto& i : p.instances)
            running += i.status == "RUNNING";
    ASSERT_GT(running, 0);
    const std::string samples = "SELECT count(*) FROM cloudsync.metric_samples WHERE account = 'gcp-a'";
    // Five metrics per running VM, every minute of the 15-minute window.
    EXPECT_EQ(query_count(samples), running * 5 * 15);
    EXPECT_EQ(query_count(samples + " AND provider = 'gcp' AND metric = 'cpu_percent' AND "
                                    "unit = 'percent' AND value >= 0 AND value < 100"),
              running * 15);
    EXPECT_EQ(query_count("SELECT count(DISTINCT m.native_id) FROM cloudsync.metric_samples m "
                          "JOIN cloudsync.vms v ON v.native_id = m.native_id AND v.account = "
                          "m.account WHERE m.account = 'gcp-a' AND v.state = 'running'"),
              running);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'succeeded' "
                          "AND account = 'gcp-a' AND kind = 'metrics'"),
              1);
}

TEST_F(GcpOnceTest, TheMetadataServerOfTheVmSignsIn) {
    std::string text = config_yaml("127.0.0.1:0");
    const auto sim = sim_->base_url();
    const std::string account =
        "  - name: gcp-a\n    tenant: platform\n    provider: gcp\n"
        "    collectors: [vms]\n    gcp:\n"
        "      metadata_server: { endpoint: \"" + sim + "\" }\n      endpoints: { compute: \"" + sim +
        "\", cloudresourcemanager: \"" + sim + "\" }\n";
    text.insert(text.find("schedule:"), account);
    const auto config = write_config(text + "  networks: 1h\n");
    ASSERT_EQ(once(config, {"--account", "gcp-a"}), 0);
    EXPECT_EQ(gcp_count("vms"), live(0) + live(1));
    EXPECT_GE(sim_->stats().count("gceMetadataToken"), 1u);
    EXPECT_EQ(sim_->stats().count("googleToken"), 0u);
}

TEST_F(GcpOnceTest, OnceWritesEveryAlertPolicyWithItsColumns) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "alerts"}), 0);
    const auto estate = sim_->gcp_snapshot();
    long long enabled = 0, with_severity = 0, labelled = 0;
    for (const auto& p : estate->projects()) {
        for (const auto& a : p.alert_policies) {
            const auto name = cloudsim::gcp_alert_policy_name(p, a);
            const auto severity = cloudsim::gcp_alert_policy_severity(a);
            EXPECT_EQ(gcp_count("alerts",
                                "native_id = '//monitoring.googleapis.com/" + name +
                                    "' AND name = '" + cloudsim::gcp_alert_policy_display_name(a) +
                                    "' AND scope = '" + p.id +
                                    "' AND region = 'global' AND state = 'unknown' AND "
                                    "state_changed_at IS NULL AND severity = '" +
                                    severity + "' AND enabled = " +
                                    (cloudsim::gcp_alert_policy_enabled(a) ? "true" : "false") +
                                    " AND target_ids = '{}' AND condition = raw->'conditions' "
                                    "AND jsonb_array_length(condition) = " +
                                    std::to_string(cloudsim::gcp_alert_policy_conditions(a)) +
                                    " AND raw->>'name' = '" + name + "'"),
                      1)
                << name;
            enabled += cloudsim::gcp_alert_policy_enabled(a) ? 1 : 0;
            with_severity += severity.empty() ? 0 : 1;
            labelled += cloudsim::gcp_alert_policy_labelled(a) ? 1 : 0;
        }
    }
    EXPECT_EQ(gcp_count("alerts"), 2 * 6);
    EXPECT_EQ(gcp_count("alerts", "enabled"), enabled);
    EXPECT_EQ(enabled, 2 * 5); // policy 3 of each project is disabled
    EXPECT_EQ(gcp_count("alerts", "severity <> ''"), with_severity);
    EXPECT_EQ(gcp_count("alerts", "tags ? 'env' AND tags = raw->'userLabels'"), labelled);
    EXPECT_EQ(labelled, 2 * 4); // policies 0, 2, 3, 5

    // A refused policy list keeps that project's rows; a disabled Monitoring
    // API empties the other project's, and the run is partial.
    const auto project0 = estate->projects()[0].id;
    const auto project1 = estate->projects()[1].id;
    sim_->mutate_gcp({4, 0, 0, 2});
    sim_->add_fault({cloudsim::fault_kind::forbidden, "/v3/projects/" + project0 + "/", 1});
    sim_->edit_gcp([&](cloudsim::gcp_estate& e) { e.find(project1)->monitoring_disabled = true; });
    EXPECT_EQ(once(config, {"--account", "gcp-a", "--collector", "alerts"}), 1);
    EXPECT_EQ(gcp_count("alerts", "scope = '" + project0 + "'"), 6)
        << "nothing of the refused project is deleted";
    EXPECT_EQ(gcp_count("alerts", "scope = '" + project1 + "'"), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'partial' "
                          "AND account = 'gcp-a' AND failed_scopes->0->>'scope' = '" +
                          project0 + "'"),
              1);
}

TEST_F(GcpOnceTest, OnceWritesEveryCloudRunServiceWithItsColumns) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "containers"}), 0);
    const auto estate = sim_->gcp_snapshot();
    long long running = 0, labelled = 0;
    for (const auto& p : estate->projects()) {
        for (const auto& s : p.services) {
            const auto name = cloudsim::gcp_service_name(s);
            const auto region = cloudsim::gcp_service_location(*estate, s);
            std::string images;
            for (const auto& image : cloudsim::gcp_service_images(*estate, p, s))
                images += (images.empty() ? "'" : ",'") + image + "'";
            const bool ready = cloudsim::gcp_service_ready(s);
            EXPECT_EQ(
                gcp_count("containers", "native_id = '//run.googleapis.com/projects/" + p.id +
                                            "/locations/" + region + "/services/" + name +
                                            "' AND name = '" + name + "' AND scope = '" + p.id +
                                            "' AND region = '" + region + "' AND provider = 'gcp'" +
                                            " AND state = '" + (ready ? "running" : "failed") +
                                            "' AND images = ARRAY[" + images + "]::text[]" +
                                            " AND raw->'terminalCondition'->>'type' = 'Ready'"),
                1)
                << name;
            running += ready ? 1 : 0;
            labelled += cloudsim::gcp_service_labelled(s) ? 1 : 0;
        }
    }
    EXPECT_EQ(gcp_count("containers"), 2 * 4);
    EXPECT_EQ(gcp_count("containers", "state = 'running'"), running);
    EXPECT_GT(running, 0);
    EXPECT_LT(running, 2 * 4);
    EXPECT_EQ(gcp_count("containers", "tags ? 'env'"), labelled);

    // A project with the Cloud Run API disabled has no services; the run succeeds.
    const auto project1 = estate->projects()[1].id;
    sim_->edit_gcp([&](cloudsim::gcp_estate& e) { e.find(project1)->run_disabled = true; });
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "containers"}), 0);
    EXPECT_EQ(gcp_count("containers", "scope = '" + project1 + "'"), 0);
    EXPECT_EQ(gcp_count("containers"), 4);

    // One region's services list refused: that project's rows stay, the run is partial.
    const auto project0 = estate->projects()[0].id;
    sim_->mutate_gcp({4, 0, 0, 2}); // would delete two services of each project
    sim_->edit_gcp([&](cloudsim::gcp_estate& e) { e.find(project1)->run_disabled = false; });
    sim_->add_fault({cloudsim::fault_kind::forbidden,
                     "/v2/projects/" + project0 + "/locations/" + estate->regions()[0], 1});
    EXPECT_EQ(once(config, {"--account", "gcp-a", "--collector", "containers"}), 1);
    EXPECT_EQ(gcp_count("containers", "scope = '" + project0 + "'"), 4)
        << "nothing of the failed project is deleted";
    EXPECT_EQ(gcp_count("containers", "scope = '" + project1 + "'"), 2)
        << "the other project carries on";
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'partial' "
                          "AND account = 'gcp-a' AND failed_scopes->0->>'scope' = '" +
                          project0 + "'"),
              1);
}

TEST_F(GcpOnceTest, ReadersSeeTheGcpRowsOfTheirTenantOnly) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a"}), 0);
    for (const std::string table :
         {"vms", "networks", "subnets", "storage", "containers", "alerts", "metric_samples"}) {
        const auto all = gcp_count(table);
        EXPECT_GT(all, 0) << table;
        const std::string mine = "SELECT count(*) FROM cloudsync." + table + " WHERE account = 'gcp-a'";
        EXPECT_EQ(query_count_as("e2e_platform_reader", mine), all) << table;
        EXPECT_EQ(query_count_as("e2e_data_reader", mine), 0) << table;
    }
    EXPECT_EQ(query_count_as("e2e_data_reader", "SELECT count(*) FROM cloudsync.changes WHERE "
                                                "account = 'gcp-a'"),
              0);
    EXPECT_EQ(query_count_as("e2e_data_reader", "SELECT count(*) FROM cloudsync.sync_runs WHERE "
                                                "account = 'gcp-a'"),
              0);
}

TEST_F(GcpOnceTest, ChangesAfterMutationsAreRecordedAndAnUnchangedResyncRecordsNone) {
    const auto config = config_with_gcp();
    const std::vector<std::string> kinds{"vms", "storage", "containers", "alerts"};
    for (const auto& kind : kinds)
        ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", kind}), 0) << kind;
    const auto changes = [&](const std::string& table, const std::string& change) {
        return query_count("SELECT count(*) FROM cloudsync.changes WHERE account = 'gcp-a' AND "
                           "table_name = '" + table + "' AND change = '" + change + "'");
    };
    const auto before = query_count("SELECT count(*) FROM cloudsync.changes WHERE account = 'gcp-a'");
    for (const auto& kind : kinds)
        ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", kind}), 0) << kind;
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.changes WHERE account = 'gcp-a'"), before)
        << "an unchanged resync recorded changes";
    const auto added_before = changes("vms", "added");

    sim_->mutate_gcp({21, 2, 3, 1}); // per project: 2 added, 3 changed, 1 removed of each kind
    for (const auto& kind : kinds)
        ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", kind}), 0) << kind;
    for (const auto& table : kinds) {
        EXPECT_EQ(changes(table, "removed"), 2) << table; // 1 in each of 2 projects
        EXPECT_GE(changes(table, "modified"), 2) << table;
        EXPECT_LE(changes(table, "modified"), 6) << table;
    }
    EXPECT_EQ(changes("vms", "added") - added_before, 4);
    EXPECT_EQ(gcp_count("vms"), live(0) + live(1));
}

// A service-account key file: the JWT is signed with its private key, which
// appears in no log line.
TEST_F(GcpOnceTest, AServiceAccountKeySignsInAndItsPrivateKeyIsInNoLog) {
    const auto key = test::make_key("rsa", 2048);
    const std::string email = "cloudsync@sim-project-0001.iam.gserviceaccount.com";
    sim_->add_google_service_account({email, "0123456789abcdef", test::public_key_pem(key.get())});
    const auto pem = test::key_pem(key.get());
    boost::json::object file{{"type", "service_account"},
                             {"project_id", "sim-project-0001"},
                             {"private_key_id", "0123456789abcdef"},
                             {"private_key", pem},
                             {"client_email", email},
                             {"token_uri", "https://oauth2.googleapis.com/token"}};
    std::ofstream(dir_ + "/credentials/gcp-sa-key") << boost::json::serialize(file);
    std::string text = config_with_gcp();
    std::ifstream in(text);
    std::ostringstream body;
    body << in.rdbuf();
    std::string yaml = body.str();
    const std::string user_key = "key: { credential: gcp-key }";
    ASSERT_NE(yaml.find(user_key), std::string::npos);
    yaml.replace(yaml.find(user_key), user_key.size(), "key: { credential: gcp-sa-key }");
    const auto config = write_config(yaml, "sa.yaml");
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "vms"}), 0);
    EXPECT_EQ(gcp_count("vms"), live(0) + live(1));
    const auto log = once_logs();
    EXPECT_FALSE(log.empty());
    EXPECT_EQ(log.find("PRIVATE KEY"), std::string::npos);
    // A line of the key's base64 body.
    const auto body_line = pem.substr(pem.find('\n') + 1, 40);
    EXPECT_EQ(log.find(body_line), std::string::npos);
}

TEST_F(GcpOnceTest, AnUnreachableZoneKeepsThatProjectsRows) {
    const auto config = config_with_gcp();
    ASSERT_EQ(once(config, {"--account", "gcp-a", "--collector", "vms"}), 0);
    const auto project0 = sim_->gcp_snapshot()->projects()[0].id;
    const auto before0 = gcp_count("vms", "scope = '" + project0 + "'");
    ASSERT_EQ(before0, live(0));
    sim_->mutate_gcp({9, 0, 0, 5});
    const auto zone = sim_->gcp_snapshot()->options().zones[0];
    sim_->edit_gcp(
        [&](cloudsim::gcp_estate& e) { e.find(project0)->unreachable_zones.insert(zone); });
    EXPECT_EQ(once(config, {"--account", "gcp-a", "--collector", "vms"}), 1);
    EXPECT_EQ(gcp_count("vms", "scope = '" + project0 + "'"), before0)
        << "nothing of the project is deleted";
    EXPECT_EQ(gcp_count("vms", "scope <> '" + project0 + "'"), live(1))
        << "the other project carries on";
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'partial' "
                          "AND account = 'gcp-a' AND failed_scopes->0->>'scope' = '" +
                          project0 + "'"),
              1);
}

} // namespace
} // namespace cloudsync::test
