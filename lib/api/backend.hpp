// What the HTTP API needs from the rest of the daemon, as one interface: health,
// job status, triggering syncs and reading runs. The daemon implements it over
// the scheduler and the store; the API knows neither. Value types here are the
// API's view of a job, not the scheduler's internals.
#pragma once

#include "inventory/kind.hpp"
#include "inventory/run.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::api {

// Whether the daemon can do its job (database reachable, scheduler loop alive).
struct health {
    bool ok = true;
    std::string reason; // why not ok, one line, shown in the 503 body
};

// One scheduled job (account x collector kind) as /status shows it.
struct job_status {
    std::string tenant;
    std::string account;
    inventory::provider cloud = inventory::provider::azure;
    inventory::collector_kind kind = inventory::collector_kind::vms;
    std::optional<inventory::run_record> last_run;                 // nullopt: never ran
    std::optional<std::chrono::system_clock::time_point> next_due; // nullopt: not planned
    int consecutive_failures = 0;
    bool running = false;
    // With several instances on one database: the one running it now.
    std::optional<std::string> instance;

    friend bool operator==(const job_status&, const job_status&) = default;
};

// One cloudsyncd instance sharing the database, for /instances and /status.
struct instance_status {
    std::string id;
    std::string host;
    std::int64_t pid = 0;
    std::string version;
    std::string config_digest;
    std::chrono::system_clock::time_point started_at;
    std::chrono::system_clock::time_point heartbeat_at;
    bool live = false;         // its heartbeat is within its lease
    bool self = false;         // the instance answering
    bool config_differs = false; // live, and its config digest is not this instance's

    friend bool operator==(const instance_status&, const instance_status&) = default;
};

// A job a trigger concerns. run is the id of the run it started, or nullopt
// when the job was accepted but is still queued (concurrency limit) and has no
// run yet.
struct triggered_job {
    std::string account;
    inventory::collector_kind kind = inventory::collector_kind::vms;
    std::optional<inventory::run_id> run;
};

enum class trigger_result {
    started,         // 202: jobs lists what was started or queued
    unknown_account, // 404
    unknown_kind,    // 404: no job of that kind (for that account)
    already_running, // 409: jobs lists the runs in progress
};

struct trigger_outcome {
    trigger_result result = trigger_result::started;
    std::vector<triggered_job> jobs;
};

// Thread safety: the server calls these from any of its I/O threads, several
// at once; implementations must be thread-safe. Awaitables may hop to the
// implementation's own executor internally. A function that cannot answer
// (database down) throws; the server answers that request with a 500 JSON
// error carrying the exception's message (cloudsync::error texts are safe to
// show), and keeps serving.
class backend {
public:
    virtual ~backend() = default;

    // Cheap and cached: called on every GET /healthz, must not touch the
    // database (the daemon refreshes reachability in the background).
    virtual health healthy() const = 0;

    // Every configured job, for GET /status.
    virtual boost::asio::awaitable<std::vector<job_status>> jobs() = 0;

    // POST /sync: triggers the jobs of `account` (all accounts when nullopt)
    // and `kind` (all kinds when nullopt). A job never runs twice at once.
    virtual boost::asio::awaitable<trigger_outcome>
    trigger(std::optional<std::string> account, std::optional<inventory::collector_kind> kind) = 0;

    // The instances sharing the database (GET /instances, /status), from the
    // daemon's last heartbeat; empty for a daemon that shares nothing.
    virtual boost::asio::awaitable<std::vector<instance_status>> instances() {
        co_return std::vector<instance_status>{};
    }

    // GET /runs/{id}: nullopt when no such run.
    virtual boost::asio::awaitable<std::optional<inventory::run_record>>
    find_run(inventory::run_id id) = 0;
};

} // namespace cloudsync::api
