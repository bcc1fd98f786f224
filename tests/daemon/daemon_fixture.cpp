#include "daemon_fixture.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace cloudsync::test {

unsigned short api_port(const child_process& daemon) {
    std::smatch m;
    const auto log = daemon.log();
    if (!std::regex_search(log, m, std::regex(R"(api on 127\.0\.0\.1:(\d+))"))) return 0;
    return static_cast<unsigned short>(std::stoi(m[1]));
}

void DaemonTest::SetUp() {
    auto& pg = pg_cluster::instance();
    db_ = pg.create_database();
    pg.create_role("e2e_platform_reader", true);
    pg.create_role("e2e_data_reader", true);

    char tmpl[] = "/tmp/cloudsync-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directories(dir_ + "/credentials");
    std::ofstream(dir_ + "/credentials/secret-a") << "secret-a\n";
    std::ofstream(dir_ + "/credentials/secret-b") << "secret-b";
    std::ofstream(dir_ + "/credentials/api-token") << api_token;

    cloudsim::options options;
    options.inventory.seed = 7;
    options.inventory.subscriptions = 2;
    options.inventory.vms_per_subscription = 120;
    options.page_size = 50;
    options.clients = {{azure_tenant, "client-a", "secret-a"}, {azure_tenant, "client-b", "secret-b"}};
    sim_ = std::make_unique<cloudsim::server>(options);
    sim_->start();
    sub_a_ = sim_->inventory_snapshot()->subscription_id(0);
    sub_b_ = sim_->inventory_snapshot()->subscription_id(1);
}

void DaemonTest::TearDown() {
    if (sim_) sim_->stop();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
}

std::string DaemonTest::config_yaml(const std::string& api_listen) const {
    const auto sim = sim_->base_url();
    const auto account = [&](const char* name, const char* tenant, const char* client,
                             const char* secret, const std::string& sub) {
        return std::string("  - name: ") + name + "\n    tenant: " + tenant +
               "\n    provider: azure\n    collectors: [vms]\n    azure:\n      tenant_id: \"" +
               azure_tenant + "\"\n      client_id: " + client +
               "\n      client_secret: { credential: " + secret + " }\n      subscriptions: [\"" +
               sub + "\"]\n      endpoints: { login: \"" + sim + "\", management: \"" + sim +
               "\" }\n";
    };
    return "database:\n  dsn: \"" + pg_cluster::instance().dsn(db_.name, "cloudsync_admin") +
           "\"\napi:\n  listen: \"" + api_listen +
           "\"\n  token: { credential: api-token }\n"
           "tenants:\n  - name: platform\n    readers: [e2e_platform_reader]\n"
           "  - name: data\n    readers: [e2e_data_reader]\n"
           "accounts:\n" +
           account("azure-a", "platform", "client-a", "secret-a", sub_a_) +
           account("azure-b", "data", "client-b", "secret-b", sub_b_) +
           "schedule:\n  vms: 1h\n  jitter: 0s\n";
}

std::string DaemonTest::write_config(const std::string& text, const std::string& name) {
    const auto path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
}

std::vector<std::string> DaemonTest::env() const {
    return {"CREDENTIALS_DIRECTORY=" + dir_ + "/credentials"};
}

int DaemonTest::once(const std::string& config, std::vector<std::string> extra) {
    std::vector<std::string> args{"--config", config, "--once"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto log = dir_ + "/once-" + std::to_string(++log_counter_) + ".log";
    return run_to_exit(daemon_binary, args, env(), log, std::chrono::seconds(60));
}

std::string DaemonTest::once_logs() const {
    std::string out;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
        if (entry.path().filename().string().rfind("once-", 0) != 0)
            continue;
        std::ifstream in(entry.path());
        std::ostringstream text;
        text << in.rdbuf();
        out += text.str();
    }
    return out;
}

cloudsim::gcp_estate_options DaemonTest::two_gcp_projects() {
    cloudsim::gcp_estate_options estate;
    estate.seed = 3;
    estate.projects = 2;
    estate.instances_per_project = 40;
    estate.buckets_per_project = 5;
    estate.alert_policies_per_project = 6;
    estate.services_per_project = 4;
    return estate;
}

void DaemonTest::serve_gcp(const cloudsim::gcp_estate_options& estate) {
    sim_->set_gcp_estate(estate);
    sim_->add_google_user(
        {"gcp-client.apps.googleusercontent.com", "gcp-secret", "1//gcp-refresh"});
    std::ofstream(dir_ + "/credentials/gcp-key")
        << R"({"type":"authorized_user","client_id":"gcp-client.apps.googleusercontent.com",)"
        << R"("client_secret":"gcp-secret","refresh_token":"1//gcp-refresh"})";
}

void DaemonTest::serve_aws(const aws_identity& who) {
    cloudsim::aws_estate_options estate;
    estate.seed = 9;
    cloudsim::aws_account_options account;
    account.id = who.account_id;
    account.access_key_id = who.key_id;
    account.secret_access_key = who.secret;
    account.role_arn = who.role_arn;
    account.external_id = who.external_id;
    account.regions = {"us-east-1", "eu-west-1"};
    account.sizes.instances_per_region = 30;
    account.sizes.buckets = 6;
    estate.accounts = {account};
    sim_->set_aws_estate(estate);
    std::ofstream(dir_ + "/credentials/aws-key-id") << who.key_id;
    std::ofstream(dir_ + "/credentials/aws-secret") << who.secret;
    std::ofstream(dir_ + "/credentials/aws-external-id") << who.external_id;
}

void DaemonTest::delay_vm_lists(std::chrono::milliseconds delay, std::uint32_t count,
                                const std::string& subscription) {
    cloudsim::fault slow;
    slow.kind = cloudsim::fault_kind::delay;
    slow.match = subscription.empty() ? "virtualMachines"
                                      : "/subscriptions/" + subscription +
                                            "/providers/Microsoft.Compute/virtualMachines";
    slow.delay = delay;
    slow.count = count;
    sim_->add_fault(slow);
}

long long DaemonTest::query_count(const std::string& sql) const {
    pqxx::connection conn(db_.dsn);
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<long long>();
}

long long DaemonTest::query_count_as(const std::string& role, const std::string& sql) const {
    pqxx::connection conn(pg_cluster::instance().dsn(db_.name, role));
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<long long>();
}

inventory_rows DaemonTest::vm_rows() const {
    pqxx::connection conn(db_.dsn);
    pqxx::work tx(conn);
    inventory_rows out;
    for (const auto& row : tx.exec("SELECT native_id FROM cloudsync.vms ORDER BY native_id"))
        out.native_ids.push_back(row[0].as<std::string>());
    const auto totals = tx.exec1(
        "SELECT count(*), count(DISTINCT native_id), "
        "coalesce(md5(string_agg(t::text, '|' ORDER BY native_id)), '') FROM cloudsync.vms t");
    out.count = totals[0].as<long long>();
    out.distinct = totals[1].as<long long>();
    out.digest = totals[2].as<std::string>();
    return out;
}

} // namespace cloudsync::test
