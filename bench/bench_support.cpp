#include "bench_support.hpp"

#include <pqxx/pqxx>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace cloudsync::bench {

const std::string tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

namespace {

row_stats table_stats(const std::string& dsn) {
    pqxx::connection conn(dsn);
    pqxx::work tx(conn);
    tx.exec("SELECT pg_stat_clear_snapshot()");
    const auto rows = tx.exec("SELECT n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
                              "WHERE schemaname = 'cloudsync' AND relname = 'vms'");
    if (rows.empty()) return {}; // before the first run has migrated the schema
    return {rows[0][0].as<long long>(), rows[0][1].as<long long>(), rows[0][2].as<long long>()};
}

double seconds_of(const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; }

} // namespace

pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const std::string& log) {
    const pid_t pid = fork();
    if (pid == 0) {
        FILE* out = std::fopen(log.c_str(), "a");
        if (out) {
            dup2(fileno(out), 1);
            dup2(fileno(out), 2);
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

step wait_child(pid_t pid, double started, const std::string& log, bool expect_zero) {
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    step out;
    out.seconds = now_seconds() - started;
    out.cpu_seconds = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
    out.peak_rss_kib = usage.ru_maxrss;
    if (expect_zero && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
        throw std::runtime_error("child " + std::to_string(pid) + " failed; see " + log);
    return out;
}

step run_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& log) {
    const double started = now_seconds();
    return wait_child(spawn(argv, env, log), started, log);
}

row_stats settled_stats(const std::string& dsn) {
    row_stats last = table_stats(dsn);
    for (int i = 0; i < 20; ++i) {
        usleep(250'000);
        const auto now = table_stats(dsn);
        if (now.ins == last.ins && now.upd == last.upd && now.del == last.del) return now;
        last = now;
    }
    return last;
}

step sync_once(const std::string& config, const std::string& dir, const std::string& dsn) {
    const auto before = settled_stats(dsn);
    auto out = run_child({CLOUDSYNC_BINARY_DIR "/daemon/cloudsyncd", "--config", config, "--once"},
                         {"CREDENTIALS_DIRECTORY=" + dir}, dir + "/daemon.log");
    const auto after = settled_stats(dsn);
    out.inserted = after.ins - before.ins;
    out.updated = after.upd - before.upd;
    out.deleted = after.del - before.del;
    return out;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto mid = values.size() / 2;
    return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double plain_copy(const std::string& dsn, const std::string& dir) {
    const auto file = dir + "/vms.copy";
    {
        pqxx::connection conn(dsn);
        pqxx::work tx(conn);
        tx.exec("CREATE TABLE cloudsync.vms_copy (LIKE cloudsync.vms INCLUDING ALL)");
        tx.commit();
    }
    const auto psql = [&](const std::string& command) {
        const auto shell = "psql -X -q -v ON_ERROR_STOP=1 \"" + dsn + "\" -c \"" + command + "\"";
        if (std::system(shell.c_str()) != 0) throw std::runtime_error("psql failed: " + command);
    };
    psql("\\copy cloudsync.vms TO '" + file + "'");
    const double start = now_seconds();
    psql("\\copy cloudsync.vms_copy FROM '" + file + "'");
    const double seconds = now_seconds() - start;
    psql("DROP TABLE cloudsync.vms_copy");
    std::filesystem::remove(file);
    return seconds;
}

long long count_rows(const std::string& dsn, const std::string& sql) {
    pqxx::connection conn(dsn);
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<long long>();
}

std::string write_config(const std::string& dir, const config_spec& spec) {
    std::ofstream(dir + "/secret") << "bench-secret";
    const auto path = dir + "/bench.yaml";
    std::ofstream out(path);
    out << "database:\n  dsn: \"" << spec.dsn << "\"\n";
    if (!spec.api_listen.empty()) out << "api:\n  listen: \"" << spec.api_listen << "\"\n";
    out << "tenants:\n  - name: bench\n    readers: []\n"
           "accounts:\n  - name: azure-bench\n    tenant: bench\n"
           "    provider: azure\n    collectors: "
        << spec.collectors << "\n";
    if (spec.scope_concurrency > 0) out << "    scope_concurrency: " << spec.scope_concurrency << "\n";
    out << "    azure:\n"
           "      tenant_id: \""
        << tenant_id
        << "\"\n      client_id: bench-client\n"
           "      client_secret: { credential: secret }\n"
           "      endpoints: { login: \""
        << spec.sim << "\", management: \"" << spec.sim << "\" }\n";
    if (!spec.gcp_key_file.empty()) {
        out << "  - name: gcp-bench\n    tenant: bench\n    provider: gcp\n    collectors: "
            << spec.collectors << "\n";
        if (spec.scope_concurrency > 0)
            out << "    scope_concurrency: " << spec.scope_concurrency << "\n";
        out << "    gcp:\n      key: { file: " << spec.gcp_key_file << " }\n      endpoints:\n";
        out << "        token: \"" << spec.sim << "/token\"\n";
        for (const char* api : {"compute", "storage", "run", "monitoring", "cloudresourcemanager"})
            out << "        " << api << ": \"" << spec.sim << "\"\n";
    }
    if (!spec.aws_key_id_file.empty()) {
        out << "  - name: aws-bench\n    tenant: bench\n    provider: aws\n    collectors: "
            << spec.collectors << "\n";
        if (spec.scope_concurrency > 0)
            out << "    scope_concurrency: " << spec.scope_concurrency << "\n";
        out << "    aws:\n      access_key_id: { file: " << spec.aws_key_id_file
            << " }\n      secret_access_key: { file: " << spec.aws_secret_file << " }\n";
        if (!spec.aws_role_arn.empty())
            out << "      role_arn: \"" << spec.aws_role_arn << "\"\n      external_id: { file: "
                << spec.aws_external_id_file << " }\n";
        if (!spec.aws_regions.empty())
            out << "      regions: " << spec.aws_regions << "\n";
        out << "      endpoints:\n";
        for (const char* api : {"sts", "ec2", "s3", "monitoring", "ecs"})
            out << "        " << api << ": \"" << spec.sim << "/aws/" << api << "/{region}\"\n";
    }
    // CLOUDSYNC_BENCH_LOG_LEVEL=debug shows, e.g., how long each run's final
    // transaction took (the log is the daemon's stderr: see run_child).
    const char* level = std::getenv("CLOUDSYNC_BENCH_LOG_LEVEL");
    out << "log: { level: " << (level != nullptr ? level : "warn") << " }\n";
    return path;
}

void print_step(const char* name, const step& s, long long rows, bool with_row_stats) {
    std::printf("  %-24s %8.2f s  %10.0f rows/s  cpu %7.2f s  peak RSS %6.1f MiB", name, s.seconds,
                rows / s.seconds, s.cpu_seconds, s.peak_rss_kib / 1024.0);
    if (with_row_stats) std::printf("  ins %lld upd %lld del %lld", s.inserted, s.updated, s.deleted);
    std::printf("\n");
    std::fflush(stdout);
}

} // namespace cloudsync::bench
