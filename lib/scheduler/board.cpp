// The scheduler with a job board (job_board.hpp): the loop claims due jobs
// from the board instead of the plan, renews the leases of what runs here,
// releases each lease with the job's next due time, and keeps a snapshot of
// the board for status(). trigger() reaches jobs wherever they run. The
// plan still holds the job specs and gives the delays (plan.hpp rules).
#include "scheduler/scheduler.hpp"

#include "core/log_fields.hpp"
#include "scheduler/detail/job.hpp"
#include "scheduler/detail/naming.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace cloudsync::scheduler {

namespace asio = boost::asio;
using detail::name_of;
using inventory::run_status;
using std::chrono::milliseconds;

// The loop never waits on the board itself: a pass runs as its own coroutine,
// so a slow or unreachable database never stops the heartbeat (the watchdog
// must not kill an instance for its database's sake; /healthz reports that).
// A pass runs when something may have changed (a run ended here, a peer's
// NOTIFY, a trigger: wake()), when the earliest of this instance's jobs may be
// claimed, and at least every third of the lease (renewals, a peer's lease
// lapsing unseen): not every heartbeat, which with thousands of jobs on
// several instances would cost the database more than the runs.
asio::awaitable<void> scheduler::board_loop() {
    while (!stopping_) {
        const auto now = options_.time->steady();
        heartbeat_ = now.time_since_epoch().count();
        if (!board_pass_running_ && (board_poked_ || now >= board_next_pass_)) {
            board_poked_ = false;
            board_pass_running_ = true;
            auto self = shared_from_this();
            asio::co_spawn(
                strand_, [self] { return self->board_pass(); },
                [self](std::exception_ptr failure) {
                    self->board_pass_running_ = false;
                    const auto period = self->options_.board->lease() / 3;
                    auto next = failure ? self->options_.heartbeat : period;
                    if (!failure && self->board_next_in_)
                        next = std::clamp(*self->board_next_in_, milliseconds::zero(), period);
                    self->board_next_pass_ = self->options_.time->steady() + next;
                    if (!failure) {
                        if (self->board_warned_)
                            spdlog::info("scheduler: the job board answers again");
                        self->board_warned_ = false;
                        return;
                    }
                    try {
                        std::rethrow_exception(failure);
                    } catch (const std::exception& e) {
                        if (!self->board_warned_)
                            spdlog::warn("scheduler: job board: {} (retrying every second)",
                                         e.what());
                        self->board_warned_ = true;
                    }
                });
        }
        auto sleep = options_.heartbeat;
        if (!board_pass_running_ && !board_poked_)
            sleep = std::clamp(std::chrono::ceil<milliseconds>(board_next_pass_ - now),
                               milliseconds::zero(), sleep);
        loop_timer_.expires_after(sleep);
        boost::system::error_code ec; // operation_aborted: woken early
        co_await loop_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

asio::awaitable<void> scheduler::enlist_if_pending() {
    if (!board_enlist_pending_.exchange(false))
        co_return;
    std::vector<board_entry> entries;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, spec] : specs_)
            entries.push_back({spec.scope, plan_.first_delay()});
    }
    try {
        co_await options_.board->enlist(std::move(entries));
    } catch (...) {
        board_enlist_pending_ = true;
        throw;
    }
}

asio::awaitable<void> scheduler::retry_releases() {
    while (!unreleased_.empty()) {
        auto it = unreleased_.begin();
        const auto key = it->first;
        const auto release = it->second;
        co_await options_.board->release(key, release.next_in, release.failures, release.run,
                                         release.notify);
        unreleased_.erase(key);
    }
}

std::size_t scheduler::free_slots() const {
    return options_.max_concurrent_runs - std::min(options_.max_concurrent_runs, in_flight_.size());
}

asio::awaitable<void> scheduler::board_pass() {
    co_await retry_releases();
    co_await enlist_if_pending();
    const auto now = options_.time->steady();
    if (now >= board_renew_due_) {
        co_await renew_leases();
        board_renew_due_ = now + options_.board->lease() / 3;
    }
    std::size_t free = 0;
    std::vector<job_key> mine;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            co_return;
        free = free_slots();
        for (const auto& [key, spec] : specs_)
            if (!in_flight_.contains(key))
                mine.push_back(key);
    }
    std::optional<milliseconds> next_in;
    if (!mine.empty()) {
        auto claims = co_await options_.board->claim(std::move(mine), free, false);
        for (const auto& claim : claims.claimed)
            start_claimed(claim);
        // Every slot taken: the next chance is a run's end (which wakes the
        // loop), not the due time of a job that has to wait anyway. Otherwise
        // not sooner than a beat from now (rows a peer was claiming just then).
        if (claims.claimed.size() < free)
            next_in = std::max(claims.next_in.value_or(milliseconds::max()), milliseconds(200));
    }
    if (options_.time->steady() >= board_read_due_) {
        co_await refresh_board();
        board_read_due_ = options_.time->steady() + options_.board_refresh;
    }
    board_next_in_ = next_in;
}

asio::awaitable<void> scheduler::renew_leases() {
    std::vector<job_key> held;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, handle] : in_flight_)
            if (!handle->ended)
                held.push_back(key);
    }
    if (held.empty())
        co_return;
    const auto still = co_await options_.board->renew(held);
    const std::set<job_key> kept(still.begin(), still.end());
    std::vector<handle_ptr> lost;
    {
        std::lock_guard lock(mutex_);
        for (const auto& key : held)
            if (!kept.contains(key))
                if (auto it = in_flight_.find(key); it != in_flight_.end() && !it->second->ended)
                    lost.push_back(it->second);
    }
    for (const auto& handle : lost) {
        const scoped_log_fields fields(handle->fields.get());
        spdlog::error("{}: its lease was lost (this instance could not renew it in time); "
                      "cancelling the run, another instance may run the job",
                      name_of(handle->key));
        cancel(handle);
    }
}

asio::awaitable<void> scheduler::refresh_board() {
    auto rows = co_await options_.board->read();
    std::lock_guard lock(mutex_);
    board_jobs_ = std::move(rows);
}

scheduler::handle_ptr scheduler::start_claimed(const board_claim& claim) {
    handle_ptr handle;
    {
        std::lock_guard lock(mutex_);
        auto spec = specs_.find(claim.key);
        if (spec != specs_.end() && !stopping_ && !in_flight_.contains(claim.key)) {
            auto scope = spec->second.scope;
            scope.trigger = claim.trigger;
            handle = std::make_shared<detail::job_handle>(claim.key, std::move(scope), executor_);
            handle->make_collector = spec->second.make_collector;
            handle->timeout = options_.job_timeout;
            handle->time = options_.time;
            handle->interval = spec->second.interval;
            handle->failures_before = claim.consecutive_failures;
            in_flight_[claim.key] = handle;
        }
    }
    if (!handle) { // removed by a reload, or stopping, since the claim: give it back
        auto board = options_.board;
        asio::co_spawn(
            strand_,
            [board, claim]() -> asio::awaitable<void> {
                co_await board->release(claim.key, milliseconds::zero(), claim.consecutive_failures,
                                        std::nullopt, true);
            },
            asio::detached);
        return nullptr;
    }
    if (claim.taken_from) {
        const scoped_log_fields fields(handle->fields.get());
        spdlog::warn("{}: taking over from instance {}, whose lease lapsed", name_of(claim.key),
                     *claim.taken_from);
    }
    spawn(handle);
    return handle;
}

void scheduler::release_on_board(const handle_ptr& handle, const inventory::run_record& run) {
    const bool cancelled = run.status == run_status::cancelled;
    const bool succeeded = run.status == run_status::succeeded || run.status == run_status::partial;
    const int failures = succeeded   ? 0
                         : cancelled ? handle->failures_before
                                     : handle->failures_before + 1;
    milliseconds next_in = milliseconds::zero(); // cancelled: a peer may run it at once
    if (!cancelled) {
        std::lock_guard lock(mutex_);
        next_in = plan_.delay_after(handle->interval, succeeded, failures);
    }
    std::optional<inventory::run_id> id;
    if (run.id != 0)
        id = run.id;
    auto self = shared_from_this();
    auto release = [self, handle, next_in, failures, id, cancelled]() -> asio::awaitable<void> {
        try {
            co_await self->options_.board->release(handle->key, next_in, failures, id, cancelled);
        } catch (const std::exception& e) {
            const scoped_log_fields fields(handle->fields.get());
            spdlog::warn(
                "{}: its lease could not be released ({}); retrying with the next "
                "pass (it lapses on its own within {} s)",
                name_of(handle->key), e.what(),
                std::chrono::duration_cast<std::chrono::seconds>(self->options_.board->lease())
                    .count());
            self->unreleased_[handle->key] = {next_in, failures, id, cancelled};
        }
        {
            std::lock_guard lock(self->mutex_);
            if (auto it = self->in_flight_.find(handle->key);
                it != self->in_flight_.end() && it->second == handle)
                self->in_flight_.erase(it);
        }
        self->wake();
        self->notify_change();
    };
    asio::co_spawn(strand_, release, asio::detached);
}

asio::awaitable<trigger_outcome>
scheduler::trigger_on_board(std::optional<std::string> account,
                            std::optional<inventory::collector_kind> kind,
                            std::string trigger_name) {
    co_await retry_releases();
    co_await enlist_if_pending();
    trigger_outcome outcome;
    std::vector<job_key> keys; // this instance's jobs and the board's (others')
    std::set<job_key> here;
    std::size_t free = 0;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [key, spec] : specs_)
            here.insert(key);
        std::set<job_key> known = here;
        for (const auto& row : board_jobs_)
            known.insert(row.key);
        outcome.error = select_from(known, account, kind, keys);
        free = free_slots();
    }
    if (outcome.error)
        co_return outcome;
    std::vector<job_key> to_claim;
    for (const auto& key : keys) {
        triggered_job job{key, trigger_state::queued, std::nullopt, {}};
        const bool claim_here = here.contains(key) && free > 0;
        const auto result = co_await options_.board->trigger(key, trigger_name, !claim_here);
        if (result == board_trigger::already_running)
            job.state = trigger_state::already_running;
        else if (result == board_trigger::unknown_job) {
            job.state = trigger_state::failed;
            job.error = "the job is not on the job board (yet)";
        } else if (claim_here)
            to_claim.push_back(key);
        outcome.jobs.push_back(std::move(job));
    }
    std::map<job_key, handle_ptr> started;
    if (!to_claim.empty()) {
        auto claims = co_await options_.board->claim(to_claim, free, true);
        for (const auto& claim : claims.claimed)
            if (auto handle = start_claimed(claim))
                started.emplace(claim.key, std::move(handle));
        // This instance's own loop may have claimed a job between the trigger
        // and the claim above (both run on the strand): it runs here all the same.
        std::lock_guard lock(mutex_);
        for (const auto& key : to_claim)
            if (auto it = in_flight_.find(key);
                !started.contains(key) && it != in_flight_.end() && !it->second->ended)
                started.emplace(key, it->second);
    }
    co_await await_run_ids(outcome, started);
    wake(); // what this instance could not take at once waits for its next pass
    co_return outcome;
}

std::vector<job_status> scheduler::board_status() const {
    std::vector<job_status> result;
    std::set<job_key> seen;
    const auto& self_id = options_.board->instance();
    for (const auto& row : board_jobs_) {
        job_status job;
        job.job = row.key;
        job.tenant = row.tenant;
        job.cloud = row.cloud;
        job.instance = row.holder;
        job.consecutive_failures = row.consecutive_failures;
        job.last_run = row.last_run;
        if (auto local = last_.find(row.key);
            local != last_.end() && (!job.last_run || job.last_run->id < local->second.id))
            job.last_run = local->second;
        if (auto running = in_flight_.find(row.key);
            running != in_flight_.end() && !running->second->ended)
            job.instance = self_id;
        else if (job.instance == self_id)
            job.instance.reset(); // ended here since the snapshot
        job.running = job.instance.has_value();
        if (!job.running)
            job.next_due = row.next_due;
        seen.insert(row.key);
        result.push_back(std::move(job));
    }
    for (const auto& [key, spec] : specs_) { // not on the snapshot yet
        if (seen.contains(key))
            continue;
        job_status job;
        job.job = key;
        job.tenant = spec.scope.tenant;
        job.cloud = spec.scope.cloud;
        if (auto running = in_flight_.find(key); running != in_flight_.end())
            job.instance = self_id;
        job.running = job.instance.has_value();
        if (auto local = last_.find(key); local != last_.end())
            job.last_run = local->second;
        result.push_back(std::move(job));
    }
    std::sort(result.begin(), result.end(),
              [](const job_status& a, const job_status& b) { return a.job < b.job; });
    return result;
}

} // namespace cloudsync::scheduler
