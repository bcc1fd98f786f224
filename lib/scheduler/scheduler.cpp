// The scheduler's life: creation, replan, the loop that starts due jobs and
// keeps the heartbeat, and status(). Starting a job and recording its end is
// in dispatch.cpp; trigger(), run_once() and shutdown have their own files.
#include "scheduler/scheduler.hpp"

#include "scheduler/detail/job.hpp"
#include "scheduler/detail/naming.hpp"
#include "scheduler/job_metrics.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <set>

namespace cloudsync::scheduler {

namespace asio = boost::asio;
using detail::key_of;
using detail::name_of;

namespace {

options normalized(options opts) {
    if (!opts.time)
        opts.time = std::make_shared<real_clock>();
    if (opts.seed == 0)
        opts.seed = std::random_device{}();
    if (opts.max_concurrent_runs == 0)
        opts.max_concurrent_runs = 1;
    if (opts.heartbeat <= std::chrono::milliseconds::zero())
        opts.heartbeat = std::chrono::seconds(1);
    return opts;
}

void validate(const std::vector<job_spec>& jobs) {
    std::set<job_key> seen;
    for (const auto& job : jobs) {
        const auto key = key_of(job.scope);
        if (key.account.empty())
            throw scheduler_error("job with an empty account");
        if (!seen.insert(key).second)
            throw scheduler_error("duplicate job " + name_of(key));
        if (job.interval <= std::chrono::milliseconds::zero())
            throw scheduler_error("job " + name_of(key) + ": interval must be positive");
        if (!job.make_collector)
            throw scheduler_error("job " + name_of(key) + ": no collector");
    }
}

} // namespace

std::shared_ptr<scheduler> scheduler::create(asio::any_io_executor executor,
                                             std::shared_ptr<inventory::run_store> store,
                                             options opts, std::vector<job_spec> jobs) {
    if (!store)
        throw scheduler_error("scheduler needs a run store");
    std::shared_ptr<scheduler> self(
        new scheduler(std::move(executor), std::move(store), std::move(opts)));
    self->replan(std::move(jobs));
    return self;
}

scheduler::scheduler(asio::any_io_executor executor, std::shared_ptr<inventory::run_store> store,
                     options opts)
    : executor_(executor), strand_(asio::make_strand(executor)), store_(std::move(store)),
      options_(normalized(std::move(opts))),
      plan_(plan_options{options_.max_concurrent_runs, options_.jitter, options_.max_backoff},
            options_.time, options_.seed),
      loop_timer_(strand_) {}

scheduler::~scheduler() = default;

void scheduler::start() {
    if (started_.exchange(true))
        throw scheduler_error("scheduler already started");
    heartbeat_ = options_.time->steady().time_since_epoch().count();
    loop_running_ = true;
    auto self = shared_from_this();
    asio::co_spawn(
        strand_, [self] { return self->options_.board ? self->board_loop() : self->loop(); },
        asio::bind_executor(strand_, [self](std::exception_ptr failure) {
            self->loop_running_ = false;
            if (failure) {
                try {
                    std::rethrow_exception(failure);
                } catch (const std::exception& e) {
                    spdlog::error("scheduler loop ended: {}", e.what());
                }
            }
            self->notify_change();
        }));
}

void scheduler::replan(std::vector<job_spec> jobs) {
    validate(jobs);
    std::vector<job_def> defs;
    std::map<job_key, job_spec> specs;
    for (auto& job : jobs) {
        const auto key = key_of(job.scope);
        defs.push_back({key, job.interval});
        specs.emplace(key, std::move(job));
    }
    std::vector<handle_ptr> doomed;
    {
        std::lock_guard lock(mutex_);
        const auto changes = plan_.replan(defs);
        for (const auto& key : changes.removed)
            if (auto it = specs_.find(key); it != specs_.end())
                forget_job(it->second.scope);
        for (const auto& [key, spec] : specs)
            export_job(spec.scope, spec.interval);
        specs_ = std::move(specs);
        for (const auto& key : changes.removed)
            last_.erase(key);
        for (const auto& key : changes.cancel)
            if (auto it = in_flight_.find(key); it != in_flight_.end())
                doomed.push_back(it->second);
        if (options_.board) // the plan never runs jobs here: in_flight_ says what runs
            for (const auto& key : changes.removed)
                if (auto it = in_flight_.find(key); it != in_flight_.end() && !it->second->ended)
                    doomed.push_back(it->second);
        if (!changes.added.empty())
            board_enlist_pending_ = true;
        if (!changes.added.empty() || !changes.removed.empty())
            spdlog::info("scheduler: {} jobs ({} added, {} removed)", specs_.size(),
                         changes.added.size(), changes.removed.size());
    }
    for (const auto& handle : doomed)
        cancel(handle);
    wake();
}

void scheduler::note_past_successes(const std::vector<inventory::run_record>& runs) {
    std::lock_guard lock(mutex_);
    for (const auto& run : runs)
        if (auto it = specs_.find(key_of(run.scope));
            it != specs_.end() && run.status == inventory::run_status::succeeded && run.finished_at)
            export_last_success(it->second.scope, *run.finished_at);
}

asio::awaitable<void> scheduler::loop() {
    while (!stopping_) {
        heartbeat_ = options_.time->steady().time_since_epoch().count();
        dispatch(false);
        std::optional<clock::steady_time> wake_at;
        {
            std::lock_guard lock(mutex_);
            wake_at = plan_.next_wakeup();
        }
        auto sleep = options_.heartbeat;
        if (wake_at) {
            const auto until =
                std::chrono::ceil<std::chrono::milliseconds>(*wake_at - options_.time->steady());
            sleep = std::clamp(until, std::chrono::milliseconds::zero(), sleep);
        }
        loop_timer_.expires_after(sleep);
        boost::system::error_code ec; // operation_aborted: woken early
        co_await loop_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

bool scheduler::alive(std::chrono::milliseconds max_age) const {
    if (!loop_running_ || stopping_)
        return false;
    const auto beat = clock::steady_time(clock::steady_time::duration(heartbeat_.load()));
    return options_.time->steady() - beat <= max_age;
}

std::vector<job_status> scheduler::status() const {
    std::vector<job_status> result;
    std::lock_guard lock(mutex_);
    if (options_.board)
        return board_status();
    const auto steady_now = options_.time->steady();
    const auto system_now = options_.time->system();
    for (const auto& state : plan_.jobs()) {
        job_status job;
        job.job = state.key;
        if (auto spec = specs_.find(state.key); spec != specs_.end()) {
            job.tenant = spec->second.scope.tenant;
            job.cloud = spec->second.scope.cloud;
        }
        job.running = state.running;
        if (auto last = last_.find(state.key); last != last_.end())
            job.last_run = last->second;
        if (!state.running)
            job.next_due = system_now + std::chrono::duration_cast<clock::system_time::duration>(
                                            std::max(state.next_due, steady_now) - steady_now);
        job.consecutive_failures = state.consecutive_failures;
        result.push_back(std::move(job));
    }
    return result;
}

} // namespace cloudsync::scheduler
