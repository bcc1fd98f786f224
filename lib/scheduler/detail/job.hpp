// One run of one job: begin, collect (under a deadline), commit or fail. Private
// to the scheduler; the rules of when a job runs are in plan.hpp, the loop in
// scheduler.hpp.
#pragma once

#include "collectors/collector.hpp"
#include "core/clock.hpp"
#include "core/log_fields.hpp"
#include "inventory/run.hpp"
#include "scheduler/plan.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cloudsync::scheduler::detail {

// Shared between the scheduler and one running job. Members are grouped by the
// strand that may touch them; data crosses strands only by value through post().
struct job_handle {
    job_handle(job_key k, inventory::run_scope s, boost::asio::any_io_executor executor);

    // Immutable after creation.
    job_key key;
    inventory::run_scope scope; // trigger already set
    std::function<std::unique_ptr<collectors::collector>()> make_collector;
    std::chrono::milliseconds timeout{0};
    std::chrono::milliseconds interval{0}; // the job's, when it started
    int failures_before = 0;               // consecutive failures before this run
    std::shared_ptr<const clock> time;
    // The job's log fields (its run id once begun); every handler on `strand`
    // logs with them (log_fields_executor.hpp).
    std::shared_ptr<log_fields> fields;
    boost::asio::strand<boost::asio::any_io_executor> strand;

    // Job strand only.
    boost::asio::cancellation_signal cancel_signal;
    bool cancel_requested = false;

    // Scheduler strand only (ended: written on the strand under the scheduler's
    // mutex, which is how board_status() reads it from another thread).
    bool begun = false; // begin() completed or failed
    bool ended = false; // on_finished() ran (with a board: its lease is being released)
    std::optional<inventory::run_id> run_id;
    std::string begin_error;
};

struct job_result {
    inventory::run_record record;            // final status, finished_at, counts, error
    std::chrono::duration<double> elapsed{}; // steady time from begin() to the end
    bool begun = false;                      // false: begin() itself failed
};

// Runs the job once on its strand. on_begun is called (on the job strand) right
// after begin() returned, with the run's record (status running), or with id 0
// when begin() failed. Never throws: every failure ends up in the result.
boost::asio::awaitable<job_result> run_job(std::shared_ptr<job_handle> handle,
                                           std::shared_ptr<inventory::run_store> store,
                                           std::function<void(inventory::run_record)> on_begun);

} // namespace cloudsync::scheduler::detail
