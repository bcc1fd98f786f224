// What the scheduler reports: the run events it publishes, one job's status
// for /status, and the outcomes of trigger() and run_once(). Plain values, no
// behaviour beyond a predicate or two; the scheduler that produces them is in
// scheduler.hpp, the rules behind them in plan.hpp.
#pragma once

#include "core/clock.hpp"
#include "inventory/kind.hpp"
#include "inventory/run.hpp"
#include "scheduler/plan.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::scheduler {

enum class run_event_type { started, finished };

// Passed to options::on_change. `run` is the run as the scheduler knows it:
// started: id, scope, status running, started_at; finished: final status,
// finished_at, counts (from commit) and error. A run whose begin() failed is
// reported finished with id 0.
struct run_event {
    run_event_type type = run_event_type::started;
    job_key job;
    inventory::run_record run;
};

// One job for /status.
struct job_status {
    job_key job;
    std::string tenant;
    inventory::provider cloud = inventory::provider::azure;
    bool running = false;
    std::optional<inventory::run_record> last_run; // known to this process only
    std::optional<clock::system_time> next_due;    // nullopt while running
    int consecutive_failures = 0;
    // With a job board: the instance holding the job's lease (running there).
    std::optional<std::string> instance;
};

// Outcome of trigger() and run_once() filters.
enum class filter_error { unknown_account, unknown_kind };

enum class trigger_state {
    started,         // begin() done: run_id is set
    queued,          // waiting for a free slot (or merged into a queued trigger)
    already_running, // refused (the API answers 409)
    failed,          // begin() threw; error says why
};

struct triggered_job {
    job_key job;
    trigger_state state = trigger_state::queued;
    std::optional<inventory::run_id> run_id;
    std::string error;
};

struct trigger_outcome {
    std::optional<filter_error> error; // set: no job was touched
    std::vector<triggered_job> jobs;   // every job the filter matched, by key
    // True when the filter matched and every matched job was already running.
    bool all_already_running() const noexcept;
};

struct once_outcome {
    std::optional<filter_error> error;
    std::vector<std::pair<job_key, inventory::run_status>> results; // by key
    // No filter error, at least one job, and every job succeeded.
    bool all_succeeded() const noexcept;
};

} // namespace cloudsync::scheduler
