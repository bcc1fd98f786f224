// The scheduler's rules, and nothing else: which job is due when, what a trigger
// does, how many jobs may run at once. Pure and synchronous (no I/O, no
// executor); the async runner in scheduler.hpp drives it. Time comes from an
// injected cloudsync::clock and randomness from a seeded generator, so tests
// replay any schedule exactly.
//
// The rules (modelled on userver's utils::PeriodicTask):
// - One job per (account, collector kind).
// - New job: first due at  start + U[0, jitter]  — soon, but spread so that all
//   jobs do not fire at the same instant.
// - After a success: next due = end of that run + interval + U[-jitter, +jitter],
//   never before the end of the run (the period counts from the END of a run, so
//   a slow run never makes runs pile up).
// - After a failure: next due = end + min(base_retry * 2^(failures-1), max_backoff)
//   with base_retry = min(interval, 1 minute) and failures the number of
//   consecutive failures including this one (no jitter on retries). Any success
//   resets failures to 0.
// - No overlap: a running job is never started again; its next due time is
//   computed when it ends.
// - Triggers are merged: triggering a job that is queued (triggered already, or
//   due and waiting for a slot) changes nothing but, if it had no trigger yet,
//   records the trigger's name for the run; triggering a running job is refused
//   as already_running; otherwise the job becomes due now.
// - At most max_concurrent_runs jobs run at once; due jobs beyond it wait and
//   start oldest-due first (ties by account, then kind).
// - replan() keeps the state (last end, failures, running, pending trigger) of
//   jobs that still exist, drops removed ones and adds new ones. A removed job
//   that is running is reported for cancellation and keeps its slot until it ends.
//   A kept job whose interval changed and whose last run succeeded is re-due at
//   last end + new interval + jitter.
//
// Thread safety: none; the owner serializes calls.
#pragma once

#include "core/clock.hpp"
#include "inventory/kind.hpp"

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace cloudsync::scheduler {

struct job_key {
    std::string account;
    inventory::collector_kind kind = inventory::collector_kind::vms;
    friend auto operator<=>(const job_key&, const job_key&) = default;
};

struct plan_options {
    std::size_t max_concurrent_runs = 4; // 0 is treated as 1
    std::chrono::milliseconds jitter{0};
    std::chrono::milliseconds max_backoff{std::chrono::minutes(30)};
};

// What the plan needs to know of a job.
struct job_def {
    job_key key;
    std::chrono::milliseconds interval{std::chrono::minutes(15)}; // must be > 0
};

// A job's state as the plan keeps it.
struct job_state {
    job_key key;
    std::chrono::milliseconds interval{0};
    clock::steady_time next_due;                // meaningless while running
    std::optional<clock::steady_time> last_end; // end of the last run, if any
    int consecutive_failures = 0;
    bool running = false;
    std::optional<std::string> pending_trigger; // set by trigger(), cleared on start
    bool removed = false;                       // replan dropped it while running
};

enum class trigger_result {
    queued,          // the job is now due; it starts as soon as a slot is free
    already_queued,  // merged into a trigger or due time already waiting
    already_running, // refused: the job is running
    unknown_job,
};

// A job take_due() just marked running, and why it runs ("schedule" or the
// trigger's name).
struct job_start {
    job_key key;
    std::string trigger;
};

struct replan_result {
    std::vector<job_key> added;
    std::vector<job_key> removed;
    std::vector<job_key> cancel; // removed jobs that are running: cancel them
};

class plan {
public:
    plan(plan_options options, std::shared_ptr<const clock> time, std::uint64_t seed);

    // Replaces the set of jobs (see the replan rule above).
    replan_result replan(const std::vector<job_def>& jobs);

    trigger_result trigger(const job_key& key, std::string trigger_name);

    // Marks due jobs running and returns them, oldest-due first, as many as the
    // concurrency limit allows. triggered_only: start only jobs with a pending
    // trigger (used by run-once mode, where nothing runs on its own schedule).
    std::vector<job_start> take_due(bool triggered_only = false);

    // Records the end of a running job and schedules its next run. Ignored for
    // jobs that are not running; drops a job that replan() removed.
    void finished(const job_key& key, bool succeeded);

    // When take_due() could next return something: the earliest due time of a
    // waiting job, or nullopt when there is none or every slot is taken (a
    // finish is then the next event).
    std::optional<clock::steady_time> next_wakeup() const;

    // Current jobs (removed ones excluded), ordered by key.
    std::vector<job_state> jobs() const;
    const job_state* find(const job_key& key) const; // nullptr for unknown or removed
    std::size_t running() const noexcept { return running_; }

    // The retry delay after `failures` consecutive failures (>= 1).
    std::chrono::milliseconds backoff(std::chrono::milliseconds interval, int failures) const;

    // The same rules as delays, for a schedule kept elsewhere (job_board.hpp):
    // a new job is first due after U[0, jitter]; a run that ended is next due
    // after interval + U[-jitter, +jitter] (never negative) when it succeeded,
    // after backoff(interval, failures) when it failed (failures including it).
    std::chrono::milliseconds first_delay();
    std::chrono::milliseconds delay_after(std::chrono::milliseconds interval, bool succeeded,
                                          int failures);

private:
    std::chrono::milliseconds jitter(std::chrono::milliseconds low, std::chrono::milliseconds high);
    std::size_t limit() const noexcept;

    plan_options options_;
    std::shared_ptr<const clock> clock_;
    std::mt19937_64 random_;
    std::map<job_key, job_state> jobs_;
    std::size_t running_ = 0;
};

} // namespace cloudsync::scheduler
