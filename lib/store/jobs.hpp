// The shared schedule of several cloudsyncd instances on one database, as
// plain values: the rows of cloudsync.jobs and cloudsync.instances and what
// claiming, renewing and releasing a job's lease says. database.hpp has the
// operations; the rules (when a job is due, how long a lease lasts) belong to
// the scheduler, which passes them in.
#pragma once

#include "inventory/kind.hpp"
#include "inventory/run.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::store {

using system_time = std::chrono::system_clock::time_point;

// One job of this instance's config, as it is put on the board.
struct job_entry {
    std::string tenant;
    std::string account;
    inventory::provider cloud = inventory::provider::azure;
    inventory::collector_kind kind = inventory::collector_kind::vms;
    // From now until it is first due; used only when the board has no row for it yet.
    std::chrono::milliseconds first_due_in{0};
};

// A job this instance may run: account and kind (accounts are unique).
struct job_ref {
    std::string account;
    inventory::collector_kind kind = inventory::collector_kind::vms;
    friend auto operator<=>(const job_ref&, const job_ref&) = default;
};

// A lease this instance just took.
struct job_claim {
    job_ref job;
    std::string trigger;                   // the pending trigger's name, or "schedule"
    int consecutive_failures = 0;          // as the board had it
    std::optional<std::string> taken_from; // the instance whose lease had lapsed
};

// What claim_jobs() found: the leases taken, and when the earliest of the
// instance's other jobs that nobody holds falls due (nullopt: none).
struct claim_result {
    std::vector<job_claim> claimed;
    std::optional<system_time> next_due;
};

enum class job_trigger_result {
    queued,          // the pending trigger is set; the first free instance runs it
    already_queued,  // it was set already
    already_running, // a live lease holds the job
    unknown_job,     // no such row on the board
};

// A row of cloudsync.jobs, for /status, with the job's latest run.
struct job_row {
    std::string tenant;
    std::string account;
    inventory::provider cloud = inventory::provider::azure;
    inventory::collector_kind kind = inventory::collector_kind::vms;
    system_time next_due;
    std::optional<std::string> lease_owner; // holder of a live lease (none when lapsed)
    std::optional<system_time> lease_expires;
    std::optional<std::string> pending_trigger;
    int consecutive_failures = 0;
    std::optional<inventory::run_record> last_run;
};

// This instance, as it announces itself.
struct instance_info {
    std::string id; // unique per process start
    std::string host;
    std::int64_t pid = 0;
    std::string version;
    std::string config_digest;
    std::map<std::string, std::string> accounts; // account -> tenant
    std::chrono::seconds lease{60};
};

// A row of cloudsync.instances.
struct instance_row {
    std::string id;
    std::string host;
    std::int64_t pid = 0;
    std::string version;
    std::string config_digest;
    system_time started_at;
    system_time heartbeat_at;
    bool live = false; // heartbeat within its lease
};

// What a heartbeat learns: every instance row and the schema version now.
struct heartbeat_result {
    std::vector<instance_row> instances;
    int schema_version = 0;
};

} // namespace cloudsync::store
