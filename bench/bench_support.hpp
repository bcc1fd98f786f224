// What every sync_bench mode shares: a child process measured with wait4 (wall
// time, CPU time, peak RSS), PostgreSQL's row counters for the vms table, the
// daemon config the bench writes, and one-line printing of a step. Not here:
// the modes themselves (sync_bench.cpp) or cloudsim.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace cloudsync::bench {

struct step {
    double seconds = 0;     // wall time
    double cpu_seconds = 0; // user + system time of the child
    long peak_rss_kib = 0;
    long long inserted = 0, updated = 0, deleted = 0;
};

struct row_stats {
    long long ins = 0, upd = 0, del = 0;
};

// Starts argv[0] with env added; its output is appended to log.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const std::string& log);
// Waits for pid; throws when it did not exit 0 (expect_zero) and names the log.
step wait_child(pid_t pid, double started, const std::string& log, bool expect_zero = true);
// spawn + wait_child.
step run_child(const std::vector<std::string>& argv, const std::vector<std::string>& env,
               const std::string& log);

double now_seconds(); // steady clock

// The median of values (the mean of the middle two for an even count).
double median(std::vector<double> values);

// The vms table's cumulative counters once PostgreSQL's statistics settled.
row_stats settled_stats(const std::string& dsn);

// `cloudsyncd --config config --once`, with the vms table's row counters.
step sync_once(const std::string& config, const std::string& dir, const std::string& dsn);

// Client-side COPY of the vms rows the first load wrote into an identical table.
double plain_copy(const std::string& dsn, const std::string& dir);

long long count_rows(const std::string& dsn, const std::string& sql);

struct config_spec {
    std::string dsn;
    std::string sim; // cloudsim base URL
    std::string collectors = "[vms]";
    int scope_concurrency = 0; // 0: the daemon's default
    std::string api_listen;    // empty: the default
    // Non-empty: a GCP account "gcp-bench" too (same collectors), signing in
    // with this authorized_user key file, every Google endpoint cloudsim's.
    std::string gcp_key_file;
    // An AWS account `aws-bench` (keys in files, the role assumed with STS)
    // when aws_key_id_file is set.
    std::string aws_key_id_file;
    std::string aws_secret_file;
    std::string aws_role_arn;
    std::string aws_external_id_file;
    std::string aws_regions; // "[us-east-1, ...]"
};
extern const std::string tenant_id;
// Writes dir/bench.yaml (and the client secret as a credential); returns its path.
std::string write_config(const std::string& dir, const config_spec& spec);

// with_row_stats: the step measured the vms table's inserted/updated/deleted rows.
void print_step(const char* name, const step& s, long long rows, bool with_row_stats = true);

} // namespace cloudsync::bench
