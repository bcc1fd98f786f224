// The operator's kit against the real daemon: an Azure, a GCP and an AWS
// account from cloudsim synced into the harness's PostgreSQL. Every metric that
// the Grafana dashboard (dashboards/cloudsync.json) and the alerting rules
// (dashboards/cloudsync-alerts.yml) query is served by /metrics once every job
// has run, and every SQL panel of the dashboard and every ready-made query
// (sql/queries/*.sql) runs as a tenant's reader role, with the answers the
// estate guarantees. promtool, when installed, parses the dashboard's PromQL;
// the rules' own behaviour is proved by its unit tests (tests/dashboards).
#include "cloudsim/aws_estate.hpp"
#include "daemon_fixture.hpp"
#include "promql_names.hpp"

#include <boost/json.hpp>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <unistd.h>

namespace cloudsync::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
namespace fs = std::filesystem;

const fs::path source_dir = CLOUDSYNC_SOURCE_DIR;
constexpr const char* aws_account_id = "444455556666";
constexpr const char* aws_key = "AKIAOPERATORKIT00001";
constexpr const char* aws_secret = "operator/Kit+Secret/00000000000000000001";
constexpr const char* aws_role = "arn:aws:iam::444455556666:role/CloudsyncReadOnly";
constexpr const char* aws_external = "kit-ext-7e2a";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The dashboard's queries by data source type, each with its panel's title.
struct dashboard_queries {
    std::vector<std::pair<std::string, std::string>> promql; // title, expr
    struct sql_query {
        std::string title, sql, format;
    };
    std::vector<sql_query> sql;
    std::vector<std::string> variable_metrics; // label_values(metric, ...) of variables
};

dashboard_queries load_dashboard() {
    const auto doc = json::parse(read_text(source_dir / "dashboards/cloudsync.json"));
    dashboard_queries out;
    for (const auto& panel : doc.at("panels").as_array()) {
        const auto& p = panel.as_object();
        if (!p.contains("targets"))
            continue;
        const std::string title(p.at("title").as_string());
        for (const auto& target : p.at("targets").as_array()) {
            const auto& t = target.as_object();
            const std::string type(t.at("datasource").at("type").as_string());
            if (type == "prometheus")
                out.promql.emplace_back(title, std::string(t.at("expr").as_string()));
            else if (type == "grafana-postgresql-datasource")
                out.sql.push_back({title, std::string(t.at("rawSql").as_string()),
                                   std::string(t.at("format").as_string())});
            else
                ADD_FAILURE() << title << ": a target of data source type " << type;
        }
    }
    for (const auto& variable : doc.at("templating").at("list").as_array())
        if (variable.at("type") == "query")
            out.variable_metrics.push_back(
                label_values_metric(variable.at("definition").as_string()));
    return out;
}

std::vector<std::pair<std::string, std::string>> load_rules() { // alert, expr
    std::vector<std::pair<std::string, std::string>> out;
    const auto doc = YAML::LoadFile((source_dir / "dashboards/cloudsync-alerts.yml").string());
    for (const auto& group : doc["groups"])
        for (const auto& rule : group["rules"])
            out.emplace_back(rule["alert"].as<std::string>(), rule["expr"].as<std::string>());
    return out;
}

// As Grafana writes a time range's ends: RFC 3339 in UTC, with the fraction of
// a second (a range ending "now" must not cut off this second's rows).
std::string rfc3339(std::chrono::system_clock::time_point at) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(at);
    const auto t = std::chrono::system_clock::to_time_t(seconds);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[40];
    const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(at - seconds).count();
    std::snprintf(text + n, sizeof text - n, ".%06lldZ", static_cast<long long>(micros));
    return text;
}

// Grafana's PostgreSQL data source expands its macros before it sends a query
// (pkg/tsdb/grafana-postgresql-datasource/macros.go); the dashboard uses two:
//   $__timeFilter(col)          col BETWEEN '<from>' AND '<to>'   (RFC 3339, UTC)
//   $__timeGroupAlias(col, 'N') floor(extract(epoch from col)/S)*S AS "time"
//                               (S: N in seconds; N as 30s, 5m, 1h or 1d)
// Here the time range is the last 7 days.
std::string expand_grafana_macros(const std::string& sql) {
    const auto now = std::chrono::system_clock::now();
    auto out = std::regex_replace(sql, std::regex(R"(\$__timeFilter\(\s*([^),]+?)\s*\))"),
                                  "$1 BETWEEN '" + rfc3339(now - std::chrono::hours(24 * 7)) +
                                      "' AND '" + rfc3339(now) + "'");
    const std::regex group(R"(\$__timeGroupAlias\(\s*([^,]+?)\s*,\s*'?(\d+)([smhd])'?\s*\))");
    std::smatch m;
    while (std::regex_search(out, m, group)) {
        const std::map<std::string, long> unit{{"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
        const auto seconds = std::to_string(std::stol(m[2]) * unit.at(m[3]));
        out = m.prefix().str() + "floor(extract(epoch from " + m[1].str() + ")/" + seconds + ")*" +
              seconds + " AS \"time\"" + m.suffix().str();
    }
    return out;
}

class OperatorKitTest : public DaemonTest {
protected:
    void SetUp() override {
        DaemonTest::SetUp();
        serve_gcp(two_gcp_projects());
        serve_aws({aws_account_id, aws_key, aws_secret, aws_role, aws_external});
    }

    // Three accounts of tenant `platform`, every collector kind; tenant `data`
    // holds none, so its reader must see nothing.
    std::string kit_config() {
        const auto sim = sim_->base_url();
        std::string text =
            "database:\n  dsn: \"" + pg_cluster::instance().dsn(db_.name, "cloudsync_admin") +
            "\"\napi:\n  listen: \"127.0.0.1:0\"\n  token: { credential: api-token }\n"
            "tenants:\n  - name: platform\n    readers: [e2e_platform_reader]\n"
            "  - name: data\n    readers: [e2e_data_reader]\n"
            "accounts:\n"
            "  - name: azure-a\n    tenant: platform\n    provider: azure\n    azure:\n"
            "      tenant_id: \"" +
            azure_tenant +
            "\"\n"
            "      client_id: client-a\n      client_secret: { credential: secret-a }\n"
            "      subscriptions: []\n      endpoints: { login: \"" +
            sim + "\", management: \"" + sim + "\", metrics: \"" + sim +
            "/{region}\" }\n"
            "  - name: gcp-a\n    tenant: platform\n    provider: gcp\n    gcp:\n"
            "      key: { credential: gcp-key }\n      endpoints: { token: \"" +
            sim + "/token\", compute: \"" + sim + "\", storage: \"" + sim + "\", run: \"" + sim +
            "\", monitoring: \"" + sim + "\", cloudresourcemanager: \"" + sim +
            "\" }\n"
            "  - name: aws-a\n    tenant: platform\n    provider: aws\n    aws:\n"
            "      access_key_id: { credential: aws-key-id }\n"
            "      secret_access_key: { credential: aws-secret }\n"
            "      role_arn: \"" +
            std::string(aws_role) +
            "\"\n"
            "      external_id: { credential: aws-external-id }\n"
            "      regions: [us-east-1, eu-west-1]\n      endpoints:\n";
        for (const char* api : {"sts", "ec2", "s3", "monitoring", "ecs"})
            text += std::string("        ") + api + ": \"" + sim + "/aws/" + api + "/{region}\"\n";
        text += "schedule:\n  jitter: 0s\nmetrics:\n  lookback: 10m\n";
        return write_config(text);
    }

    long long live_vms() const {
        long long n = static_cast<long long>(sim_->inventory_snapshot()->live_vms_total());
        for (const auto& p : sim_->gcp_snapshot()->projects())
            n += static_cast<long long>(p.instances.size());
        for (const auto& r : sim_->aws_snapshot()->accounts()[0].regions)
            n += static_cast<long long>(r.instances.size());
        return n;
    }

    pqxx::result run_as(const std::string& role, const std::string& sql) const {
        pqxx::connection conn(pg_cluster::instance().dsn(db_.name, role));
        pqxx::read_transaction tx(conn);
        return tx.exec(sql);
    }
    void admin(const std::string& sql) const { pg_cluster::instance().exec_admin(db_.name, sql); }
};

bool all_jobs_ran(cloudsim::testing::test_client& api, std::size_t jobs) {
    const auto status = json::parse(api.get("/status", bearer).body());
    const auto& list = status.at("jobs").as_array();
    if (list.size() != jobs)
        return false;
    for (const auto& job : list) {
        const auto& last = job.at("last_run");
        if (last.is_null() || last.at("status") == "running")
            return false;
    }
    return true;
}

TEST_F(OperatorKitTest, EveryMetricTheDashboardAndTheRulesQueryIsServed) {
    // One throttled answer, so that the throttling panels' series exist.
    cloudsim::fault throttle;
    throttle.kind = cloudsim::fault_kind::throttle;
    throttle.match = "virtualMachines";
    throttle.count = 1;
    sim_->add_fault(throttle);

    const auto config = kit_config();
    child_process daemon(daemon_binary, {"--config", config}, env(), dir_ + "/daemon.log");
    unsigned short port = 0;
    ASSERT_TRUE(eventually([&] { return (port = api_port(daemon)) != 0; }, 30s)) << daemon.log();
    cloudsim::testing::test_client api(port);
    ASSERT_TRUE(eventually([&] { return all_jobs_ran(api, 3 * 6); }, 120s)) << daemon.log();
    const auto exposition = api.get("/metrics", bearer).body();
    const auto served = exposition_metric_names(exposition);

    std::map<std::string, std::string> queried; // metric -> where
    const auto dashboard = load_dashboard();
    for (const auto& [title, expr] : dashboard.promql)
        for (const auto& name : promql_metric_names(expr))
            queried.emplace(name, "dashboard panel \"" + title + "\"");
    for (const auto& metric : dashboard.variable_metrics) {
        ASSERT_FALSE(metric.empty()) << "a dashboard variable is not label_values(metric, label)";
        queried.emplace(metric, "a dashboard variable");
    }
    for (const auto& [alert, expr] : load_rules())
        for (const auto& name : promql_metric_names(expr))
            queried.emplace(name, "alert " + alert);

    // `up` is Prometheus' own series for every scrape target, not cloudsyncd's.
    EXPECT_EQ(queried.erase("up"), 1u) << "the rules watch the daemon through up";
    EXPECT_GE(queried.size(), 12u) << "the dashboard and the rules read too little to test";
    for (const auto& [name, where] : queried)
        EXPECT_TRUE(served.count(name)) << name << " (" << where << ") is not in /metrics";
    EXPECT_TRUE(std::regex_search(
        exposition, std::regex(R"(cloudsync_cloud_api_retries_total\{[^}]*reason="throttled")")))
        << "the throttle panel's series";
    EXPECT_EQ(daemon.log().find("secret-a"), std::string::npos);
}

// Prometheus' own parser on the dashboard's PromQL: each expression, its
// Grafana variables set as the dashboard's defaults ("All" is .*), becomes a
// recording rule of a file `promtool check rules` reads.
TEST(OperatorKit, EveryDashboardPromqlExpressionParses) {
    if (std::system("command -v promtool >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "promtool not on PATH (scripts/install-deps.sh unpacks it into "
                        "build/tools/bin, scripts/test.sh puts that on PATH)";
    const auto path = fs::temp_directory_path() /
                      ("cloudsync-dashboard-rules-" + std::to_string(::getpid()) + ".yml");
    std::ofstream rules(path);
    rules << "groups:\n  - name: dashboard\n    rules:\n";
    int n = 0;
    for (const auto& [title, expr] : load_dashboard().promql) {
        auto promql = std::regex_replace(expr, std::regex(R"(\$__rate_interval)"), "5m");
        promql = std::regex_replace(promql, std::regex(R"(\$\w+)"), ".*");
        rules << "      - record: dashboard_panel_" << ++n
              << "\n        expr: " << json::serialize(json::string(promql)) << "\n";
    }
    rules.close();
    ASSERT_GE(n, 10);
    const auto log = path.string() + ".log";
    const auto status =
        std::system(("promtool check rules " + path.string() + " >" + log + " 2>&1").c_str());
    EXPECT_EQ(status, 0) << read_text(log);
    fs::remove(path);
    fs::remove(log);
}

TEST_F(OperatorKitTest, EverySqlPanelAndQueryRunsAsATenantsReader) {
    ASSERT_EQ(once(kit_config()), 0) << once_logs();
    const auto reader = "e2e_platform_reader", outsider = "e2e_data_reader";
    const auto count = [&](const std::string& sql) { return query_count(sql); };

    // Every SQL panel: runs as a reader, and time series carry a "time" column.
    std::map<std::string, pqxx::result> panels;
    const auto dashboard = load_dashboard();
    ASSERT_GE(dashboard.sql.size(), 4u);
    for (const auto& panel : dashboard.sql) {
        const auto sql = expand_grafana_macros(panel.sql);
        ASSERT_EQ(sql.find('$'), std::string::npos) << panel.title << ": a macro left: " << sql;
        pqxx::result rows;
        ASSERT_NO_THROW(rows = run_as(reader, sql)) << panel.title << ":\n" << sql;
        if (panel.format == "time_series")
            EXPECT_NO_THROW((void)rows.column_number("time")) << panel.title;
        EXPECT_EQ(run_as(outsider, sql).size(), 0u) << panel.title << ": another tenant's rows";
        panels[panel.title] = rows;
    }
    const auto sum = [](const pqxx::result& rows, const char* column) {
        long long total = 0;
        for (const auto& row : rows)
            total += row[column].as<long long>();
        return total;
    };
    const auto providers = [](const pqxx::result& rows) {
        std::set<std::string> out;
        for (const auto& row : rows)
            out.insert(row["provider"].as<std::string>());
        return out;
    };
    const std::set<std::string> three{"aws", "azure", "gcp"};
    const auto resources = count("SELECT count(*) FROM cloudsync.resources");
    ASSERT_GT(resources, 0);
    EXPECT_EQ(providers(panels.at("Resources by cloud and kind")), three);
    EXPECT_EQ(sum(panels.at("Resources by cloud and kind"), "resources"), resources);
    EXPECT_EQ(sum(panels.at("Resources by cloud and region"), "resources"), resources);
    // First sync: every row was added today, once.
    EXPECT_EQ(sum(panels.at("Changes per day"), "value"), resources);
    EXPECT_GT(panels.at("Running VMs without an owner tag").size(), 0u);

    // Every ready-made query: a one-line comment first, runs as a reader, sees
    // nothing of another tenant.
    std::map<std::string, pqxx::result> queries;
    for (const auto& entry : fs::directory_iterator(source_dir / "sql/queries")) {
        const auto name = entry.path().stem().string();
        const auto sql = read_text(entry.path());
        EXPECT_TRUE(std::regex_search(sql, std::regex(R"(^-- \S.{10,}\n)"))) << name;
        pqxx::result rows;
        ASSERT_NO_THROW(rows = run_as(reader, sql)) << name;
        EXPECT_EQ(run_as(outsider, sql).size(), 0u) << name << ": another tenant's rows";
        queries[name] = rows;
    }
    ASSERT_EQ(queries.size(), 7u);

    const auto& by_size = queries.at("vms_by_cloud_region_size");
    EXPECT_EQ(providers(by_size), three);
    EXPECT_EQ(sum(by_size, "vms"), live_vms());
    EXPECT_EQ(sum(by_size, "running"),
              count("SELECT count(*) FROM cloudsync.vms WHERE state = 'running'"));

    const auto& unowned = queries.at("running_vms_without_owner");
    EXPECT_EQ(static_cast<long long>(unowned.size()),
              count("SELECT count(*) FROM cloudsync.vms WHERE state = 'running' AND NOT tags ? "
                    "'owner' AND NOT tags ? 'Owner'"));
    EXPECT_EQ(unowned.size(), panels.at("Running VMs without an owner tag").size());
    EXPECT_EQ(providers(unowned), three);

    long long public_buckets = 0;
    for (const auto& p : sim_->gcp_snapshot()->projects())
        for (const auto& b : p.buckets)
            public_buckets += cloudsim::gcp_bucket_public(b) ? 1 : 0;
    const auto& exposed = queries.at("public_storage");
    EXPECT_EQ(static_cast<long long>(exposed.size()),
              count("SELECT count(*) FROM cloudsync.storage WHERE public_access"));
    long long gcp_exposed = 0;
    for (const auto& row : exposed)
        gcp_exposed += row["provider"].as<std::string>() == "gcp";
    EXPECT_EQ(gcp_exposed, public_buckets);
    EXPECT_GT(public_buckets, 0);

    const auto& changed = queries.at("changes_last_day");
    EXPECT_EQ(static_cast<long long>(changed.size()), resources);
    for (const auto& row : changed)
        ASSERT_EQ(row["change"].as<std::string>(), "added");

    const auto& firing = queries.at("alerts_firing");
    EXPECT_GT(firing.size(), 0u);
    EXPECT_EQ(static_cast<long long>(firing.size()),
              count("SELECT count(*) FROM cloudsync.alerts WHERE state = 'firing'"));

    // The metrics runs read every running VM's samples; without them for one
    // VM, the query names that VM.
    EXPECT_EQ(queries.at("vms_without_recent_metrics").size(), 0u);
    const auto quiet = std::string(
        run_as(reader,
               "SELECT native_id FROM cloudsync.vms WHERE state = 'running' AND provider = 'aws' "
               "ORDER BY native_id LIMIT 1")[0][0]
            .c_str());
    admin("DELETE FROM cloudsync.metric_samples WHERE native_id = '" + quiet + "'");
    const auto silent =
        run_as(reader, read_text(source_dir / "sql/queries/vms_without_recent_metrics.sql"));
    ASSERT_EQ(silent.size(), 1u);
    EXPECT_EQ(silent[0]["native_id"].as<std::string>(), quiet);
    EXPECT_TRUE(silent[0]["last_sample"].is_null());

    // Nothing has been seen stopped for 30 days yet. Seen stopped since 40
    // days ago, every stopped VM is; one whose stop was recorded an hour ago
    // is not.
    const auto stopped_sql = read_text(source_dir / "sql/queries/vms_stopped_over_30_days.sql");
    EXPECT_EQ(queries.at("vms_stopped_over_30_days").size(), 0u);
    const auto stopped =
        count("SELECT count(*) FROM cloudsync.vms WHERE state IN ('stopped', 'deallocated')");
    ASSERT_GT(stopped, 1);
    admin("UPDATE cloudsync.vms SET first_seen = now() - interval '40 days' "
          "WHERE state IN ('stopped', 'deallocated')");
    const auto long_stopped = run_as(reader, stopped_sql);
    EXPECT_EQ(static_cast<long long>(long_stopped.size()), stopped);
    for (const auto& row : long_stopped)
        EXPECT_EQ(row["known_from"].as<std::string>(), "first_seen");
    admin("INSERT INTO cloudsync.changes (run_id, tenant, account, table_name, native_id, change, "
          "fields, at) SELECT 0, tenant, account, 'vms', native_id, 'modified', "
          "jsonb_build_object('state', jsonb_build_object('old', 'running', 'new', state)), "
          "now() - interval '1 hour' FROM cloudsync.vms WHERE native_id = '" +
          long_stopped[0]["native_id"].as<std::string>() + "'");
    EXPECT_EQ(static_cast<long long>(run_as(reader, stopped_sql).size()), stopped - 1);
}

} // namespace
} // namespace cloudsync::test
