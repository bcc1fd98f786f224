// Starting jobs and recording how they ended: dispatch() takes what the plan
// says is due and spawns each on its own strand; on_begun()/on_finished() bring
// the job's news back to the scheduler's strand (plan, status, metrics of
// job_metrics.hpp, logs, on_change, waiters). Also the change notification
// that trigger(), run_once() and shutdown() wait on.
#include "scheduler/scheduler.hpp"

#include "core/log_fields.hpp"
#include "scheduler/detail/job.hpp"
#include "scheduler/detail/naming.hpp"
#include "scheduler/job_metrics.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::scheduler {

namespace asio = boost::asio;
using detail::name_of;
using inventory::run_record;
using inventory::run_status;

namespace {

bool is_aborted(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const boost::system::system_error& e) {
        return e.code() == asio::error::operation_aborted;
    } catch (...) {
        return false;
    }
}

void log_end(const job_key& key, const run_record& run) {
    if (run.status == run_status::succeeded)
        spdlog::info("run {} succeeded: {} seen {} added {} modified {} removed {}", run.id,
                     name_of(key), run.counts.seen, run.counts.added, run.counts.modified,
                     run.counts.removed);
    else
        spdlog::warn("run {} {}: {}: {}", run.id, inventory::to_string(run.status), name_of(key),
                     run.error);
}

} // namespace

std::map<job_key, scheduler::handle_ptr> scheduler::dispatch(bool triggered_only) {
    std::map<job_key, handle_ptr> started;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return started;
        for (auto& start : plan_.take_due(triggered_only)) {
            const auto& spec = specs_.at(start.key);
            auto scope = spec.scope;
            scope.trigger = std::move(start.trigger);
            auto handle =
                std::make_shared<detail::job_handle>(start.key, std::move(scope), executor_);
            handle->make_collector = spec.make_collector;
            handle->timeout = options_.job_timeout;
            handle->time = options_.time;
            in_flight_[start.key] = handle;
            started.emplace(start.key, std::move(handle));
        }
    }
    for (const auto& [key, handle] : started)
        spawn(handle);
    return started;
}

void scheduler::spawn(const handle_ptr& handle) {
    auto self = shared_from_this();
    auto on_begun = [self, handle](run_record run) {
        asio::post(self->strand_,
                   [self, handle, run = std::move(run)] { self->on_begun(handle, run); });
    };
    // run_job catches everything, but co_spawn itself throws operation_aborted
    // when the job is cancelled before it began.
    auto on_end = [self, handle](std::exception_ptr failure, detail::job_result result) {
        if (failure) {
            result = {};
            result.record.scope = handle->scope;
            const bool aborted = is_aborted(failure);
            result.record.status = aborted ? run_status::cancelled : run_status::failed;
            result.record.error = aborted ? "cancelled" : "internal error";
            result.record.started_at =
                result.record.finished_at.emplace(self->options_.time->system());
        }
        self->on_finished(handle, std::move(result));
    };
    asio::co_spawn(handle->strand, detail::run_job(handle, store_, std::move(on_begun)),
                   asio::bind_cancellation_slot(handle->cancel_signal.slot(),
                                                asio::bind_executor(strand_, std::move(on_end))));
}

void scheduler::on_begun(const handle_ptr& handle, const run_record& run) {
    handle->begun = true;
    if (run.id != 0) {
        handle->run_id = run.id;
        const scoped_log_fields fields(handle->fields.get());
        spdlog::info("run {} started: {} ({})", run.id, name_of(handle->key), run.scope.trigger);
        if (options_.on_change)
            options_.on_change({run_event_type::started, handle->key, run});
    } else {
        handle->begin_error = run.error;
    }
    notify_change();
}

void scheduler::on_finished(const handle_ptr& handle, detail::job_result result) {
    const auto& run = result.record;
    {
        std::lock_guard lock(mutex_);
        handle->ended = true; // under the lock: status() reads it from the API's thread
        // A partial run committed what it could read: the job keeps its interval
        // (backing off would delay the healthy scopes too); status shows the failure.
        // With a board, the job leaves in_flight_ once its lease is released.
        if (!options_.board) {
            plan_.finished(handle->key, run.status == run_status::succeeded ||
                                            run.status == run_status::partial);
            if (auto it = in_flight_.find(handle->key);
                it != in_flight_.end() && it->second == handle)
                in_flight_.erase(it);
        }
        if (plan_.find(handle->key))
            last_[handle->key] = run;
    }
    if (!handle->begun) {
        handle->begun = true;
        handle->begin_error = run.error;
    }
    count_run(handle->scope, run, result.elapsed, handle->failures_before);
    {
        const scoped_log_fields fields(handle->fields.get());
        log_end(handle->key, run);
    }
    if (auto it = once_results_.find(handle->key); once_active_ && it != once_results_.end())
        it->second = run.status;
    if (options_.on_change)
        options_.on_change({run_event_type::finished, handle->key, run});
    if (options_.board)
        release_on_board(handle, run);
    else if (once_active_)
        dispatch(true);
    else
        wake();
    notify_change();
}

void scheduler::notify_change() {
    for (auto& waiter : waiters_)
        waiter->cancel();
    waiters_.clear();
}

asio::awaitable<void> scheduler::wait_change(clock::steady_time deadline) {
    auto timer = std::make_shared<asio::steady_timer>(strand_);
    if (deadline == clock::steady_time::max())
        timer->expires_at(asio::steady_timer::time_point::max());
    else // deadline is on the injected clock
        timer->expires_after(deadline - options_.time->steady());
    waiters_.push_back(timer);
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::erase(waiters_, timer);
}

void scheduler::wake() {
    asio::post(strand_, [self = shared_from_this()] {
        self->board_poked_ = true;
        self->loop_timer_.cancel();
    });
}

} // namespace cloudsync::scheduler
