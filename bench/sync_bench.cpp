// sync_bench: the figures of DESIGN.md's performance targets for Azure VMs.
// For each size it starts cloudsim (in-process) with that many VMs and a fresh
// database in a throwaway PostgreSQL, runs the real `cloudsyncd --once` as a
// child process and reports, per step, the wall time, rows/s, the daemon's peak
// RSS (wait4's ru_maxrss) and the rows PostgreSQL inserted/updated/deleted:
//   1. first load
//   2. plain client-side COPY of the same rows into a copy of the same table
//      (COPY ... TO STDOUT, then COPY ... FROM STDIN): the physical limit
//   3. re-sync with nothing changed
//   4. re-sync with 1% of the VMs changed
// Usage: sync_bench [VMS ...]   (default: 100000 1000000)
//        sync_bench --mixed       a ~100,000-resource estate of every inventory kind
//                                 (VMs, storage accounts and blob containers, networks and
//                                 subnets, container groups, alert rules), all collectors
//                                 but metrics at once: wall time, rows/s, API calls, RSS
// Build the release preset first: figures from a debug build mean little.
#include "child_process.hpp"
#include "cloudsim/server.hpp"
#include "support/pg_cluster.hpp"

#include <pqxx/pqxx>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace cloudsync;
using clock_type = std::chrono::steady_clock;

const std::string tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";

struct step {
    double seconds = 0;
    long peak_rss_kib = 0;
    long long inserted = 0, updated = 0, deleted = 0;
};

struct row_stats {
    long long ins = 0, upd = 0, del = 0;
};

row_stats table_stats(const std::string& dsn) {
    pqxx::connection conn(dsn);
    pqxx::work tx(conn);
    tx.exec("SELECT pg_stat_clear_snapshot()");
    const auto rows = tx.exec("SELECT n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
                              "WHERE schemaname = 'cloudsync' AND relname = 'vms'");
    if (rows.empty()) return {}; // before the first run has migrated the schema
    return {rows[0][0].as<long long>(), rows[0][1].as<long long>(), rows[0][2].as<long long>()};
}

// Runs the command, returns wall seconds and the child's peak RSS.
step run_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& log) {
    const auto start = clock_type::now();
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
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    step out;
    out.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    out.peak_rss_kib = usage.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(argv[0] + std::string(" failed; see ") + log);
    return out;
}

// Waits until PostgreSQL's cumulative statistics include the last run's rows.
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

// Client-side COPY of the rows the first load wrote into an identical table.
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
    const auto start = clock_type::now();
    psql("\\copy cloudsync.vms_copy FROM '" + file + "'");
    const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    psql("DROP TABLE cloudsync.vms_copy");
    std::filesystem::remove(file);
    return seconds;
}

std::string write_config(const std::string& dir, const std::string& dsn, const std::string& sim,
                         const std::string& collectors = "[vms]") {
    std::ofstream(dir + "/secret") << "bench-secret";
    const auto path = dir + "/bench.yaml";
    std::ofstream(path) << "database:\n  dsn: \"" << dsn
                        << "\"\ntenants:\n  - name: bench\n    readers: []\n"
                           "accounts:\n  - name: azure-bench\n    tenant: bench\n"
                           "    provider: azure\n    collectors: " << collectors
                        << "\n    azure:\n"
                           "      tenant_id: \"" << tenant_id
                        << "\"\n      client_id: bench-client\n"
                           "      client_secret: { credential: secret }\n"
                           "      endpoints: { login: \"" << sim << "\", management: \"" << sim
                        << "\" }\nlog: { level: warn }\n";
    return path;
}

// with_row_stats: the step measured the vms table's inserted/updated/deleted rows.
void print_step(const char* name, const step& s, long long rows, bool with_row_stats = true) {
    std::printf("  %-24s %8.2f s  %10.0f rows/s  peak RSS %6.1f MiB", name, s.seconds,
                rows / s.seconds, s.peak_rss_kib / 1024.0);
    if (with_row_stats) std::printf("  ins %lld upd %lld del %lld", s.inserted, s.updated, s.deleted);
    std::printf("\n");
}

void bench_size(unsigned long long vms) {
    auto& pg = test::pg_cluster::instance();
    const auto db = pg.create_database();
    char tmpl[] = "/tmp/cloudsync-bench-XXXXXX";
    const std::string dir = mkdtemp(tmpl);

    cloudsim::options options;
    options.inventory.seed = 11;
    options.inventory.subscriptions = vms >= 100'000 ? 10 : 1;
    options.inventory.vms_per_subscription = vms / options.inventory.subscriptions;
    options.page_size = 1000;
    options.clients = {{tenant_id, "bench-client", "bench-secret"}};
    cloudsim::server sim(options);
    sim.start();

    const auto config = write_config(dir, db.dsn, sim.base_url());
    std::printf("%llu VMs (%u subscriptions), cloudsim page size %zu\n", vms,
                options.inventory.subscriptions, options.page_size);
    const auto first = sync_once(config, dir, db.dsn);
    const auto calls = sim.stats().requests_total;
    print_step("first load", first, static_cast<long long>(vms));
    std::printf("  %-24s %llu cloud API calls (%.0f VMs per call)\n", "", 
                static_cast<unsigned long long>(calls), static_cast<double>(vms) / calls);

    const double copy = plain_copy(db.dsn, dir);
    std::printf("  %-24s %8.2f s  %10.0f rows/s   first load / COPY = %.2fx\n", "plain COPY", copy,
                vms / copy, first.seconds / copy);

    const auto unchanged = sync_once(config, dir, db.dsn);
    print_step("resync, unchanged", unchanged, static_cast<long long>(vms));
    std::printf("  %-24s unchanged / first load = %.1f%%\n", "", 100 * unchanged.seconds / first.seconds);

    sim.mutate({5, 0, 0.01, 0});
    const auto changed = sync_once(config, dir, db.dsn);
    print_step("resync, 1% changed", changed, static_cast<long long>(vms));
    sim.stop();
    std::filesystem::remove_all(dir);
}

long long count_rows(const std::string& dsn, const std::string& sql) {
    pqxx::connection conn(dsn);
    pqxx::work tx(conn);
    return tx.exec1(sql)[0].as<long long>();
}

void bench_mixed() {
    auto& pg = test::pg_cluster::instance();
    const auto db = pg.create_database();
    char tmpl[] = "/tmp/cloudsync-bench-XXXXXX";
    const std::string dir = mkdtemp(tmpl);

    cloudsim::options options;
    auto& inv = options.inventory;
    inv.seed = 13;
    inv.subscriptions = 10;
    inv.vms_per_subscription = 4000;               // 40,000 VMs
    inv.storage_accounts_per_subscription = 1000;  // 10,000 accounts
    inv.containers_per_storage_account = 2;        // 20,000 blob containers
    inv.virtual_networks_per_subscription = 1000;  // 10,000 networks, ~10,000 subnets
    inv.container_groups_per_subscription = 500;   // 5,000 container groups
    inv.metric_alerts_per_subscription = 500;      // 5,000 rules
    inv.fired_alerts_per_subscription = 200;       // 2,000 fired, a third without a rule
    options.page_size = 1000;
    options.clients = {{tenant_id, "bench-client", "bench-secret"}};
    cloudsim::server sim(options);
    sim.start();

    const auto config = write_config(dir, db.dsn, sim.base_url(),
                                     "[vms, storage, networks, containers, alerts]");
    const auto first = run_child({CLOUDSYNC_BINARY_DIR "/daemon/cloudsyncd", "--config", config,
                                  "--once"},
                                 {"CREDENTIALS_DIRECTORY=" + dir}, dir + "/daemon.log");
    const auto rows = count_rows(db.dsn, "SELECT count(*) FROM cloudsync.resources");
    const auto calls = sim.stats().requests_total;
    std::printf("mixed estate: %lld resources in 6 tables, 5 collectors at once (10 subscriptions)\n",
                rows);
    print_step("first load", first, rows, false);
    std::printf("  %-24s %llu cloud API calls\n", "", static_cast<unsigned long long>(calls));
    const auto again = run_child({CLOUDSYNC_BINARY_DIR "/daemon/cloudsyncd", "--config", config,
                                  "--once"},
                                 {"CREDENTIALS_DIRECTORY=" + dir}, dir + "/daemon.log");
    print_step("resync, unchanged", again, rows, false);
    sim.stop();
    std::filesystem::remove_all(dir);
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--mixed") {
        try {
            bench_mixed();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "sync_bench: %s\n", e.what());
            return 1;
        }
        return 0;
    }
    std::vector<unsigned long long> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(std::stoull(argv[i]));
    if (sizes.empty()) sizes = {100'000, 1'000'000};
    try {
        for (auto vms : sizes) bench_size(vms);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sync_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
