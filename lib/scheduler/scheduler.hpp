// The async runner: runs sync jobs on an Asio executor according to the rules
// in plan.hpp (period from the end of a run, jitter, backoff after failure, no
// overlap, merged triggers, a global concurrency limit, injectable clock).
// What a job is (its collector, its scope) comes from the daemon as job_spec;
// the runner never sees SQL or YAML. What it reports (status, trigger and
// --once outcomes) is in status.hpp.
//
// One job run: run = co_await store->begin(scope); co_await collector->collect(run)
// (raced against job_timeout); co_await run->commit(). A throwing collector
// (or a timeout) ends the run with fail(failed, what); stop()/replan removal
// with fail(cancelled, "cancelled"). A throwing commit() has already failed
// the run (run.hpp contract), so fail() is not called after it. The
// job_timeout covers collect() only: commit() is the store's transaction and
// carries the store's own deadlines.
//
// Thread safety: every public member may be called from any thread. The loop
// and bookkeeping run on an internal strand; each job runs on its own strand of
// the given executor. Lifetime: create() returns a shared_ptr and every
// coroutine holds one, so the object outlives its work; the store must outlive
// the scheduler. Shutdown: stop() then co_await shutdown(deadline); never
// io_context::stop() on live work.
//
// The definitions are split by concept: scheduler.cpp (creation, replan, the
// loop, status), dispatch.cpp (starting jobs, recording their end), trigger.cpp,
// once.cpp, and shutdown.cpp (stop, cancellation, shutdown).
#pragma once

#include "collectors/collector.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "inventory/run.hpp"
#include "scheduler/job_board.hpp"
#include "scheduler/plan.hpp"
#include "scheduler/status.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cloudsync::scheduler {

// Misuse: invalid job specs, run_once() while the loop runs.
class scheduler_error : public cloudsync::error {
public:
    using cloudsync::error::error;
};

struct job_spec {
    inventory::run_scope scope; // account + kind form the job's key; trigger is set per run
    std::chrono::milliseconds interval{std::chrono::minutes(15)}; // > 0
    // Called once per run, on the job's strand. Must not return nullptr.
    std::function<std::unique_ptr<collectors::collector>()> make_collector;
};

struct options {
    std::size_t max_concurrent_runs = 4;
    std::chrono::milliseconds jitter{std::chrono::seconds(30)};
    std::chrono::milliseconds max_backoff{std::chrono::minutes(30)};
    std::chrono::milliseconds job_timeout{std::chrono::minutes(30)};
    // The loop wakes at least this often to refresh its heartbeat (alive()).
    std::chrono::milliseconds heartbeat{std::chrono::seconds(1)};
    std::shared_ptr<const clock> time = std::make_shared<real_clock>();
    std::uint64_t seed = 0; // 0: seeded from std::random_device
    // Called on the scheduler's strand, no lock held, after a run started or
    // finished. May call status(); must not block.
    std::function<void(const run_event&)> on_change;
    // The schedule shared with other instances (job_board.hpp); null: this
    // scheduler decides alone. With a board the loop claims due jobs from it,
    // status() shows every job on it, trigger() reaches jobs other instances
    // run, and run_once() is not available.
    std::shared_ptr<job_board> board;
    // With a board: how often status() is refreshed from it.
    std::chrono::milliseconds board_refresh{std::chrono::seconds(2)};
};

namespace detail {
struct job_handle;
struct job_result;
} // namespace detail

class scheduler : public std::enable_shared_from_this<scheduler> {
public:
    // Throws scheduler_error for invalid specs (duplicate key, interval <= 0,
    // no make_collector).
    static std::shared_ptr<scheduler> create(boost::asio::any_io_executor executor,
                                             std::shared_ptr<inventory::run_store> store,
                                             options opts, std::vector<job_spec> jobs);
    ~scheduler();
    scheduler(const scheduler&) = delete;
    scheduler& operator=(const scheduler&) = delete;

    // Starts the loop. Call once.
    void start();

    // Config reload: keeps the state of jobs that still exist, adds new ones,
    // drops removed ones (cancelling them if running). Throws scheduler_error
    // for invalid specs, leaving the current jobs as they were.
    void replan(std::vector<job_spec> jobs);

    // Runs that succeeded before this process started (read from sync_runs):
    // the end of each scheduled job's becomes its last-success gauge
    // (job_metrics.hpp), so an alert on stale data holds across restarts.
    // Runs of jobs not scheduled here are ignored.
    void note_past_successes(const std::vector<inventory::run_record>& runs);

    // Both filters optional. Unknown account / kind (for that account) -> error,
    // nothing triggered. Otherwise each matched job is triggered (merged per
    // plan.hpp) and the result says per job whether it started (with its run id,
    // after its begin() completed), is queued, or is already running.
    boost::asio::awaitable<trigger_outcome> trigger(std::optional<std::string> account,
                                                    std::optional<inventory::collector_kind> kind,
                                                    std::string trigger_name);

    // `cloudsyncd --once`: runs every selected job once (trigger name "once"),
    // respecting max_concurrent_runs, and completes when all have ended (or
    // stop() was called: jobs not started count as cancelled). Precondition:
    // start() has not been called (throws scheduler_error otherwise).
    boost::asio::awaitable<once_outcome> run_once(std::optional<std::string> account,
                                                  std::optional<inventory::collector_kind> kind);

    // With a job board: look at it now, not at the next heartbeat (a peer
    // released or triggered a job). Any thread; cheap.
    void board_changed() { wake(); }

    // Cancels every in-flight job and the loop; starts nothing new. Idempotent,
    // returns at once.
    void stop();

    // Calls stop() and completes when the loop and every job have ended (true),
    // or at the deadline (false).
    boost::asio::awaitable<bool> shutdown(clock::steady_time deadline);

    // The loop ran within max_age (false before start() and after stop()).
    bool alive(std::chrono::milliseconds max_age) const;

    std::vector<job_status> status() const;

private:
    using handle_ptr = std::shared_ptr<detail::job_handle>;

    scheduler(boost::asio::any_io_executor executor, std::shared_ptr<inventory::run_store> store,
              options opts);

    // scheduler.cpp
    boost::asio::awaitable<void> loop();

    // dispatch.cpp
    std::map<job_key, handle_ptr> dispatch(bool triggered_only);               // on strand_
    void spawn(const handle_ptr& handle);                                      // on strand_
    void on_begun(const handle_ptr& handle, const inventory::run_record& run); // on strand_
    void on_finished(const handle_ptr& handle, detail::job_result result);     // on strand_
    void notify_change();                                                      // on strand_
    boost::asio::awaitable<void> wait_change(clock::steady_time deadline);     // on strand_
    void wake();                                                               // any thread

    // board.cpp: the loop, triggers and status with a job_board.
    boost::asio::awaitable<void> board_loop();
    boost::asio::awaitable<void> board_pass();                        // on strand_
    boost::asio::awaitable<void> enlist_if_pending();                 // on strand_
    boost::asio::awaitable<void> retry_releases();                    // on strand_
    boost::asio::awaitable<void> renew_leases();                      // on strand_
    boost::asio::awaitable<void> refresh_board();                     // on strand_
    handle_ptr start_claimed(const board_claim& claim);               // on strand_
    void release_on_board(const handle_ptr& handle, const inventory::run_record& run); // strand_
    boost::asio::awaitable<trigger_outcome>
    trigger_on_board(std::optional<std::string> account,
                     std::optional<inventory::collector_kind> kind, std::string trigger_name);
    std::vector<job_status> board_status() const; // mutex_ held

    // trigger.cpp
    std::optional<filter_error> select(const std::optional<std::string>& account,
                                       const std::optional<inventory::collector_kind>& kind,
                                       std::vector<job_key>& out) const; // mutex_ held
    // The same filter over any set of jobs (with a board: these and the board's).
    static std::optional<filter_error>
    select_from(const std::set<job_key>& known, const std::optional<std::string>& account,
                const std::optional<inventory::collector_kind>& kind, std::vector<job_key>& out);
    std::size_t free_slots() const; // mutex_ held
    boost::asio::awaitable<void> await_run_ids(trigger_outcome& outcome,
                                               const std::map<job_key, handle_ptr>& started);
    boost::asio::awaitable<trigger_outcome>
    trigger_on_strand(std::optional<std::string> account,
                      std::optional<inventory::collector_kind> kind, std::string trigger_name);

    // once.cpp
    boost::asio::awaitable<once_outcome>
    once_on_strand(std::optional<std::string> account,
                   std::optional<inventory::collector_kind> kind);

    // shutdown.cpp
    boost::asio::awaitable<bool> shutdown_on_strand(clock::steady_time deadline);
    static void cancel(const handle_ptr& handle); // any thread

    boost::asio::any_io_executor executor_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::shared_ptr<inventory::run_store> store_;
    options options_;

    mutable std::mutex mutex_; // guards plan_, specs_, in_flight_, last_
    plan plan_;
    std::map<job_key, job_spec> specs_;
    std::map<job_key, handle_ptr> in_flight_;
    std::map<job_key, inventory::run_record> last_;
    std::vector<board_job> board_jobs_; // with a board: its last snapshot

    // Touched on strand_ only.
    boost::asio::steady_timer loop_timer_;
    std::vector<std::shared_ptr<boost::asio::steady_timer>> waiters_;
    bool once_active_ = false;
    // Releases that failed (board unreachable), retried before anything is
    // claimed: until then the lease still names this instance.
    struct unreleased {
        std::chrono::milliseconds next_in{0};
        int failures = 0;
        std::optional<inventory::run_id> run;
        bool notify = false;
    };
    std::map<job_key, unreleased> unreleased_;
    bool board_pass_running_ = false;
    bool board_poked_ = true; // wake() since the last pass began
    clock::steady_time board_next_pass_{};
    bool board_warned_ = false;
    std::optional<std::chrono::milliseconds> board_next_in_;
    clock::steady_time board_renew_due_{};
    clock::steady_time board_read_due_{};
    std::map<job_key, std::optional<inventory::run_status>> once_results_;

    std::atomic<bool> board_enlist_pending_{true}; // replan() sets it: enlist new jobs
    std::atomic<bool> started_{false};
    std::atomic<bool> loop_running_{false};
    std::atomic<bool> stopping_{false}; // written under mutex_ (see dispatch)
    std::atomic<clock::steady_time::rep> heartbeat_{0};
};

} // namespace cloudsync::scheduler
