// cloudsyncd --check and --once end to end: the real binary, the harness's
// PostgreSQL and cloudsim.
#include "daemon_fixture.hpp"

#include <unistd.h>

#include <fstream>

namespace cloudsync::test {
namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

TEST_F(DaemonTest, CheckAcceptsAValidConfig) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    EXPECT_EQ(run_to_exit(daemon_binary, {"--config", config, "--check"}, env(),
                          dir_ + "/check.log", std::chrono::seconds(10)),
              0);
}

TEST_F(DaemonTest, CheckNamesFileLineAndKeyOfAnError) {
    auto text = config_yaml("127.0.0.1:0");
    text.replace(text.find("login: \"http://127.0.0.1"), 26, "login: \"http://10.0.0.1");
    const auto config = write_config(text);
    const auto log = dir_ + "/check.log";
    EXPECT_NE(run_to_exit(daemon_binary, {"--config", config, "--check"}, env(), log,
                          std::chrono::seconds(10)),
              0);
    const auto output = read_file(log);
    EXPECT_NE(output.find(config + ":"), std::string::npos) << output;
    EXPECT_NE(output.find("accounts[0].azure.endpoints.login"), std::string::npos) << output;
    EXPECT_EQ(output.find("secret-a"), std::string::npos) << "a secret leaked: " << output;
}

TEST_F(DaemonTest, OnceSyncsEveryVmOfEveryAccount) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    ASSERT_EQ(once(config), 0);
    const auto inv = sim_->inventory_snapshot();
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms WHERE account = 'azure-a'"),
              static_cast<long long>(inv->live_vms(0)));
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms WHERE account = 'azure-b'"),
              static_cast<long long>(inv->live_vms(1)));
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'succeeded'"), 2);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms WHERE state = 'unknown' "
                          "OR cardinality(private_ips) = 0 OR size = ''"),
              0);
}

TEST_F(DaemonTest, OnceSelectsOneAccountAndRejectsUnknownOnes) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    ASSERT_EQ(once(config, {"--account", "azure-b", "--collector", "vms"}), 0);
    EXPECT_EQ(query_count("SELECT count(DISTINCT account) FROM cloudsync.vms"), 1);
    EXPECT_EQ(once(config, {"--account", "nope"}), 2);
    EXPECT_EQ(once(config, {"--collector", "vm"}), 2);
}

// As the README's "Roles" sets it up: the daemon logs in as a plain role that
// is a member of the owner and writer roles. On a new database the writer has
// no grants until the tenants are applied, so nothing may act as the writer
// before (marking interrupted runs did, and the first start failed).
TEST_F(DaemonTest, ANewDatabaseWithOwnerAndWriterRolesSyncs) {
    auto& pg = pg_cluster::instance();
    const std::string suffix = std::to_string(::getpid()) + "_" + db_.name;
    const std::string owner = "e2e_owner_" + suffix, writer = "e2e_writer_" + suffix,
                      login = "e2e_daemon_" + suffix;
    pg.create_role(owner, false);
    pg.create_role(writer, false);
    pg.create_role(login, true);
    pg.exec_admin(db_.name, "GRANT " + owner + ", " + writer + " TO " + login);
    pg.exec_admin(db_.name, "GRANT CREATE ON DATABASE " + db_.name + " TO " + owner);
    std::string text = config_yaml("127.0.0.1:0");
    const std::string admin_user = "user=cloudsync_admin";
    ASSERT_NE(text.find(admin_user), std::string::npos);
    text.replace(text.find(admin_user), admin_user.size(), "user=" + login);
    const std::string roles = "\n  owner_role: " + owner + "\n  writer_role: " + writer;
    text.insert(text.find('\n', text.find("dsn:")), roles);
    const auto config = write_config(text);
    ASSERT_EQ(once(config, {"--account", "azure-a", "--collector", "vms"}), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms"),
              static_cast<long long>(sim_->inventory_snapshot()->live_vms(0)));
    EXPECT_EQ(query_count("SELECT count(*) FROM pg_namespace WHERE nspname = 'cloudsync' AND "
                          "nspowner = '" + owner + "'::regrole"),
              1);
    ASSERT_EQ(once(config, {"--account", "azure-a", "--collector", "vms"}), 0); // and again
}

TEST_F(DaemonTest, ReaderSeesOnlyItsTenant) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    ASSERT_EQ(once(config), 0);
    const auto inv = sim_->inventory_snapshot();
    EXPECT_EQ(query_count_as("e2e_platform_reader", "SELECT count(*) FROM cloudsync.vms"),
              static_cast<long long>(inv->live_vms(0)));
    EXPECT_EQ(query_count_as("e2e_platform_reader",
                             "SELECT count(*) FROM cloudsync.resources WHERE tenant <> 'platform'"),
              0);
    EXPECT_EQ(query_count_as("e2e_data_reader", "SELECT count(*) FROM cloudsync.vms"),
              static_cast<long long>(inv->live_vms(1)));
}

TEST_F(DaemonTest, ResyncWritesOnlyWhatChangedAndRecordsIt) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    ASSERT_EQ(once(config, {"--account", "azure-a"}), 0);
    const auto before = query_count("SELECT count(*) FROM cloudsync.changes");

    ASSERT_EQ(once(config, {"--account", "azure-a"}), 0);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.changes"), before)
        << "an unchanged resync recorded changes";
    // Its VMs were checked before they were built and passed on as keys: each
    // counts as seen, none was deleted.
    EXPECT_EQ(query_count("SELECT seen FROM cloudsync.sync_runs ORDER BY id DESC LIMIT 1"),
              static_cast<long long>(sim_->inventory_snapshot()->live_vms(0)));
    EXPECT_EQ(query_count("SELECT removed FROM cloudsync.sync_runs ORDER BY id DESC LIMIT 1"), 0);

    cloudsim::mutation m;
    m.seed = 3;
    m.add_share = 0.05;
    m.change_share = 0.05;
    m.remove_share = 0.05;
    sim_->mutate(m);
    ASSERT_EQ(once(config, {"--account", "azure-a"}), 0);
    const auto inv = sim_->inventory_snapshot();
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms WHERE account = 'azure-a'"),
              static_cast<long long>(inv->live_vms(0)));
    const auto run = "(SELECT max(id) FROM cloudsync.sync_runs)";
    const auto changes = [&](const char* what) {
        return query_count(std::string("SELECT count(*) FROM cloudsync.changes WHERE run_id = ") +
                           run + " AND change = '" + what + "'");
    };
    // 120 VMs in subscription 0: 5% is 6 of each.
    EXPECT_EQ(changes("added"), 6);
    EXPECT_EQ(changes("modified"), 6);
    EXPECT_EQ(changes("removed"), 6);
}

TEST_F(DaemonTest, FailedRunLeavesTheInventoryAsItWas) {
    const auto config = write_config(config_yaml("127.0.0.1:0"));
    ASSERT_EQ(once(config, {"--account", "azure-a"}), 0);
    const auto rows = query_count("SELECT count(*) FROM cloudsync.vms");
    const auto changes = query_count("SELECT count(*) FROM cloudsync.changes");

    sim_->mutate({9, 0.1, 0.1, 0.1});
    cloudsim::fault fault;
    fault.kind = cloudsim::fault_kind::malformed_json;
    fault.match = "virtualMachines";
    fault.count = 1000;
    sim_->add_fault(fault);
    EXPECT_EQ(once(config, {"--account", "azure-a"}), 1);

    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms"), rows);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.changes"), changes);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'failed' "
                          "AND error <> ''"),
              1);
}

// A response over collection.max_response_mib fails its request with an error
// naming the URL instead of growing the daemon; the run changes nothing.
TEST_F(DaemonTest, AResponseOverTheSizeLimitFailsTheRunAndChangesNothing) {
    auto inventory = sim_->inventory_snapshot()->options();
    inventory.vms_per_subscription = 1000; // one page of 1000 VMs: over 1 MiB
    sim_->set_inventory(inventory);
    sim_->set_page_size(1000);
    const auto yaml = config_yaml("127.0.0.1:0");
    ASSERT_EQ(once(write_config(yaml), {"--account", "azure-a"}), 0); // the default: 32 MiB
    const auto rows = query_count("SELECT count(*) FROM cloudsync.vms");
    const auto changes = query_count("SELECT count(*) FROM cloudsync.changes");

    sim_->mutate({11, 0.1, 0.1, 0.1});
    const auto capped =
        write_config(yaml + "collection:\n  max_response_mib: 1\n", "capped.yaml");
    EXPECT_EQ(once(capped, {"--account", "azure-a"}), 1);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.vms"), rows);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.changes"), changes);
    EXPECT_EQ(query_count("SELECT count(*) FROM cloudsync.sync_runs WHERE status = 'failed' AND "
                          "error LIKE '%GET %/subscriptions/" + sub_a_ +
                          "/providers/%response too large: the body exceeds the limit of "
                          "1048576 bytes%'"),
              1)
        << query_count("SELECT count(*) FROM cloudsync.sync_runs");
}

} // namespace
} // namespace cloudsync::test
