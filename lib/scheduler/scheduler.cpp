#include "scheduler/scheduler.hpp"

#include "core/metrics.hpp"
#include "scheduler/detail/job.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <set>

namespace cloudsync::scheduler {

namespace asio = boost::asio;
using inventory::run_record;
using inventory::run_status;

namespace {

options normalized(options opts) {
    if (!opts.time) opts.time = std::make_shared<real_clock>();
    if (opts.seed == 0) opts.seed = std::random_device{}();
    if (opts.max_concurrent_runs == 0) opts.max_concurrent_runs = 1;
    if (opts.heartbeat <= std::chrono::milliseconds::zero()) opts.heartbeat = std::chrono::seconds(1);
    return opts;
}

job_key key_of(const inventory::run_scope& scope) { return {scope.account, scope.kind}; }

std::string name_of(const job_key& key) {
    return key.account + "/" + std::string(inventory::to_string(key.kind));
}

void validate(const std::vector<job_spec>& jobs) {
    std::set<job_key> seen;
    for (const auto& job : jobs) {
        const auto key = key_of(job.scope);
        if (key.account.empty()) throw scheduler_error("job with an empty account");
        if (!seen.insert(key).second) throw scheduler_error("duplicate job " + name_of(key));
        if (job.interval <= std::chrono::milliseconds::zero())
            throw scheduler_error("job " + name_of(key) + ": interval must be positive");
        if (!job.make_collector) throw scheduler_error("job " + name_of(key) + ": no collector");
    }
}

void count_run(const job_key& key, const detail::job_result& result) {
    auto& registry = metrics::default_registry();
    const std::string kind(inventory::to_string(key.kind));
    registry
        .get_counter("cloudsync_runs_total", "Sync runs by account, collector kind and result",
                     {{"account", key.account},
                      {"kind", kind},
                      {"result", std::string(inventory::to_string(result.record.status))}})
        .add();
    registry
        .get_histogram("cloudsync_run_duration_seconds", "Duration of sync runs in seconds",
                       {1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600}, {{"kind", kind}})
        .observe(result.elapsed.count());
}

bool is_aborted(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const boost::system::system_error& e) {
        return e.code() == asio::error::operation_aborted;
    } catch (...) {
        return false;
    }
}

} // namespace

bool trigger_outcome::all_already_running() const noexcept {
    return !error && !jobs.empty() && std::all_of(jobs.begin(), jobs.end(), [](const auto& job) {
        return job.state == trigger_state::already_running;
    });
}

bool once_outcome::all_succeeded() const noexcept {
    return !error && !results.empty() && std::all_of(results.begin(), results.end(), [](const auto& r) {
        return r.second == run_status::succeeded;
    });
}

std::shared_ptr<scheduler> scheduler::create(asio::any_io_executor executor,
                                             std::shared_ptr<inventory::run_store> store, options opts,
                                             std::vector<job_spec> jobs) {
    if (!store) throw scheduler_error("scheduler needs a run store");
    std::shared_ptr<scheduler> self(new scheduler(std::move(executor), std::move(store), std::move(opts)));
    self->replan(std::move(jobs));
    return self;
}

scheduler::scheduler(asio::any_io_executor executor, std::shared_ptr<inventory::run_store> store,
                     options opts)
    : executor_(executor),
      strand_(asio::make_strand(executor)),
      store_(std::move(store)),
      options_(normalized(std::move(opts))),
      plan_(plan_options{options_.max_concurrent_runs, options_.jitter, options_.max_backoff}, options_.time,
            options_.seed),
      loop_timer_(strand_) {}

scheduler::~scheduler() = default;

void scheduler::start() {
    if (started_.exchange(true)) throw scheduler_error("scheduler already started");
    heartbeat_ = options_.time->steady().time_since_epoch().count();
    loop_running_ = true;
    auto self = shared_from_this();
    asio::co_spawn(strand_, [self] { return self->loop(); },
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
        specs_ = std::move(specs);
        for (const auto& key : changes.removed) last_.erase(key);
        for (const auto& key : changes.cancel)
            if (auto it = in_flight_.find(key); it != in_flight_.end()) doomed.push_back(it->second);
        if (!changes.added.empty() || !changes.removed.empty())
            spdlog::info("scheduler: {} jobs ({} added, {} removed)", specs_.size(), changes.added.size(),
                         changes.removed.size());
    }
    for (const auto& handle : doomed) cancel(handle);
    wake();
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
            const auto until = std::chrono::ceil<std::chrono::milliseconds>(*wake_at - options_.time->steady());
            sleep = std::clamp(until, std::chrono::milliseconds::zero(), sleep);
        }
        loop_timer_.expires_after(sleep);
        boost::system::error_code ec; // operation_aborted: woken early
        co_await loop_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

std::map<job_key, scheduler::handle_ptr> scheduler::dispatch(bool triggered_only) {
    std::map<job_key, handle_ptr> started;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return started;
        for (auto& start : plan_.take_due(triggered_only)) {
            const auto& spec = specs_.at(start.key);
            auto scope = spec.scope;
            scope.trigger = std::move(start.trigger);
            auto handle = std::make_shared<detail::job_handle>(start.key, std::move(scope), executor_);
            handle->make_collector = spec.make_collector;
            handle->timeout = options_.job_timeout;
            handle->time = options_.time;
            in_flight_[start.key] = handle;
            started.emplace(start.key, std::move(handle));
        }
    }
    for (const auto& [key, handle] : started) spawn(handle);
    return started;
}

void scheduler::spawn(const handle_ptr& handle) {
    auto self = shared_from_this();
    auto on_begun = [self, handle](run_record run) {
        asio::post(self->strand_, [self, handle, run = std::move(run)] { self->on_begun(handle, run); });
    };
    asio::co_spawn(handle->strand, detail::run_job(handle, store_, std::move(on_begun)),
                   asio::bind_cancellation_slot(
                       handle->cancel_signal.slot(),
                       asio::bind_executor(strand_, [self, handle](std::exception_ptr failure,
                                                                   detail::job_result result) {
                           // run_job catches everything, but co_spawn itself throws
                           // operation_aborted when cancelled before the job began.
                           if (failure) {
                               result = {};
                               result.record.scope = handle->scope;
                               const bool aborted = is_aborted(failure);
                               result.record.status = aborted ? run_status::cancelled : run_status::failed;
                               result.record.error = aborted ? "cancelled" : "internal error";
                               result.record.started_at = result.record.finished_at.emplace(
                                   self->options_.time->system());
                           }
                           self->on_finished(handle, std::move(result));
                       })));
}

void scheduler::on_begun(const handle_ptr& handle, const run_record& run) {
    handle->begun = true;
    if (run.id != 0) {
        handle->run_id = run.id;
        spdlog::info("run {} started: {} ({})", run.id, name_of(handle->key), run.scope.trigger);
        if (options_.on_change) options_.on_change({run_event_type::started, handle->key, run});
    } else {
        handle->begin_error = run.error;
    }
    notify_change();
}

void scheduler::on_finished(const handle_ptr& handle, detail::job_result result) {
    const auto& run = result.record;
    {
        std::lock_guard lock(mutex_);
        // A partial run committed what it could read: the job keeps its interval
        // (backing off would delay the healthy scopes too); status shows the failure.
        plan_.finished(handle->key, run.status == run_status::succeeded ||
                                        run.status == run_status::partial);
        if (auto it = in_flight_.find(handle->key); it != in_flight_.end() && it->second == handle)
            in_flight_.erase(it);
        if (plan_.find(handle->key)) last_[handle->key] = run;
    }
    if (!handle->begun) {
        handle->begun = true;
        handle->begin_error = run.error;
    }
    count_run(handle->key, result);
    if (run.status == run_status::succeeded)
        spdlog::info("run {} succeeded: {} seen {} added {} modified {} removed {}", run.id,
                     name_of(handle->key), run.counts.seen, run.counts.added, run.counts.modified,
                     run.counts.removed);
    else
        spdlog::warn("run {} {}: {}: {}", run.id, inventory::to_string(run.status), name_of(handle->key),
                     run.error);
    if (auto it = once_results_.find(handle->key); once_active_ && it != once_results_.end())
        it->second = run.status;
    if (options_.on_change) options_.on_change({run_event_type::finished, handle->key, run});
    if (once_active_) dispatch(true);
    else wake();
    notify_change();
}

void scheduler::notify_change() {
    for (auto& waiter : waiters_) waiter->cancel();
    waiters_.clear();
}

asio::awaitable<void> scheduler::wait_change(clock::steady_time deadline) {
    auto timer = std::make_shared<asio::steady_timer>(strand_);
    if (deadline == clock::steady_time::max()) timer->expires_at(asio::steady_timer::time_point::max());
    else timer->expires_after(deadline - options_.time->steady()); // deadline is on the injected clock
    waiters_.push_back(timer);
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    std::erase(waiters_, timer);
}

void scheduler::wake() {
    asio::post(strand_, [self = shared_from_this()] { self->loop_timer_.cancel(); });
}

void scheduler::cancel(const handle_ptr& handle) {
    asio::post(handle->strand, [handle] {
        handle->cancel_requested = true;
        handle->cancel_signal.emit(asio::cancellation_type::terminal);
    });
}

void scheduler::stop() {
    std::vector<handle_ptr> doomed;
    {
        std::lock_guard lock(mutex_);
        if (stopping_.exchange(true)) return;
        for (const auto& [key, handle] : in_flight_) doomed.push_back(handle);
    }
    spdlog::info("scheduler stopping: cancelling {} runs", doomed.size());
    for (const auto& handle : doomed) cancel(handle);
    wake();
    asio::post(strand_, [self = shared_from_this()] { self->notify_change(); });
}

bool scheduler::alive(std::chrono::milliseconds max_age) const {
    if (!loop_running_ || stopping_) return false;
    const auto beat = clock::steady_time(clock::steady_time::duration(heartbeat_.load()));
    return options_.time->steady() - beat <= max_age;
}

std::optional<filter_error> scheduler::select(const std::optional<std::string>& account,
                                              const std::optional<inventory::collector_kind>& kind,
                                              std::vector<job_key>& out) const {
    bool account_known = false;
    for (const auto& [key, spec] : specs_) {
        if (account && key.account != *account) continue;
        account_known = true;
        if (kind && key.kind != *kind) continue;
        out.push_back(key);
    }
    if (account && !account_known) return filter_error::unknown_account;
    if (kind && out.empty()) return filter_error::unknown_kind;
    return std::nullopt;
}

asio::awaitable<trigger_outcome> scheduler::trigger(std::optional<std::string> account,
                                                    std::optional<inventory::collector_kind> kind,
                                                    std::string trigger_name) {
    // `self` keeps this object alive until the strand-side work is done. (No
    // lambda temporaries inside co_await: g++ 12 may destroy them twice.)
    const auto self = shared_from_this();
    auto outcome = co_await asio::co_spawn(
        strand_, trigger_on_strand(std::move(account), kind, std::move(trigger_name)), asio::use_awaitable);
    co_return outcome;
}

asio::awaitable<trigger_outcome> scheduler::trigger_on_strand(std::optional<std::string> account,
                                                              std::optional<inventory::collector_kind> kind,
                                                              std::string trigger_name) {
    trigger_outcome outcome;
    std::vector<job_key> keys;
    std::vector<trigger_result> results;
    {
        std::lock_guard lock(mutex_);
        outcome.error = select(account, kind, keys);
        if (!outcome.error)
            for (const auto& key : keys) results.push_back(plan_.trigger(key, trigger_name));
    }
    if (outcome.error) co_return outcome;
    // Without the loop (run-once mode, or not started) only triggered jobs may start.
    auto started = dispatch(!loop_running_);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        triggered_job job{keys[i], trigger_state::queued, std::nullopt, {}};
        if (results[i] == trigger_result::already_running) job.state = trigger_state::already_running;
        outcome.jobs.push_back(std::move(job));
    }
    // Wait for begin() of what started, so the caller gets run ids.
    auto all_begun = [&] {
        return std::all_of(started.begin(), started.end(), [](const auto& s) { return s.second->begun; });
    };
    while (!all_begun()) co_await wait_change(clock::steady_time::max());
    for (auto& job : outcome.jobs) {
        auto it = started.find(job.job);
        if (it == started.end()) continue;
        job.run_id = it->second->run_id;
        job.state = job.run_id ? trigger_state::started : trigger_state::failed;
        job.error = it->second->begin_error;
    }
    co_return outcome;
}

asio::awaitable<once_outcome> scheduler::run_once(std::optional<std::string> account,
                                                  std::optional<inventory::collector_kind> kind) {
    const auto self = shared_from_this();
    auto outcome = co_await asio::co_spawn(strand_, once_on_strand(std::move(account), kind), asio::use_awaitable);
    co_return outcome;
}

asio::awaitable<once_outcome> scheduler::once_on_strand(std::optional<std::string> account,
                                                        std::optional<inventory::collector_kind> kind) {
    if (started_) throw scheduler_error("run_once() on a scheduler whose loop was started");
    if (once_active_) throw scheduler_error("run_once() already in progress");
    once_outcome outcome;
    std::vector<job_key> keys;
    {
        std::lock_guard lock(mutex_);
        outcome.error = select(account, kind, keys);
        if (!outcome.error)
            for (const auto& key : keys) plan_.trigger(key, "once");
    }
    if (outcome.error) co_return outcome;
    once_active_ = true;
    once_results_.clear();
    for (const auto& key : keys) once_results_[key] = std::nullopt;
    dispatch(true);
    auto done = [&] {
        if (std::all_of(once_results_.begin(), once_results_.end(), [](const auto& r) { return r.second; }))
            return true;
        std::lock_guard lock(mutex_);
        return stopping_ && in_flight_.empty(); // stopped: what did not start never will
    };
    while (!done()) co_await wait_change(clock::steady_time::max());
    for (const auto& [key, status] : once_results_)
        outcome.results.emplace_back(key, status.value_or(run_status::cancelled));
    once_active_ = false;
    once_results_.clear();
    co_return outcome;
}

asio::awaitable<bool> scheduler::shutdown(clock::steady_time deadline) {
    stop();
    const auto self = shared_from_this();
    const bool ended = co_await asio::co_spawn(strand_, shutdown_on_strand(deadline), asio::use_awaitable);
    co_return ended;
}

asio::awaitable<bool> scheduler::shutdown_on_strand(clock::steady_time deadline) {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (in_flight_.empty() && !loop_running_) co_return true;
        }
        if (options_.time->steady() >= deadline) co_return false;
        co_await wait_change(deadline);
    }
}

std::vector<job_status> scheduler::status() const {
    std::vector<job_status> result;
    std::lock_guard lock(mutex_);
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
        if (auto last = last_.find(state.key); last != last_.end()) job.last_run = last->second;
        if (!state.running)
            job.next_due = system_now + std::chrono::duration_cast<clock::system_time::duration>(
                                            std::max(state.next_due, steady_now) - steady_now);
        job.consecutive_failures = state.consecutive_failures;
        result.push_back(std::move(job));
    }
    return result;
}

} // namespace cloudsync::scheduler
