#include "scheduler/plan.hpp"

#include <algorithm>
#include <set>

namespace cloudsync::scheduler {

using std::chrono::milliseconds;

plan::plan(plan_options options, std::shared_ptr<const clock> time, std::uint64_t seed)
    : options_(options), clock_(std::move(time)), random_(seed) {
    if (options_.jitter < milliseconds::zero())
        options_.jitter = milliseconds::zero();
}

std::size_t plan::limit() const noexcept {
    return std::max<std::size_t>(options_.max_concurrent_runs, 1);
}

milliseconds plan::jitter(milliseconds low, milliseconds high) {
    if (high <= low)
        return low;
    std::uniform_int_distribution<milliseconds::rep> pick(low.count(), high.count());
    return milliseconds(pick(random_));
}

milliseconds plan::backoff(milliseconds interval, int failures) const {
    const milliseconds base = std::min<milliseconds>(interval, std::chrono::minutes(1));
    milliseconds delay = base;
    // Doubling stops at max_backoff, so the shift can never overflow.
    for (int i = 1; i < failures && delay < options_.max_backoff; ++i)
        delay *= 2;
    return std::max(std::min(delay, options_.max_backoff), milliseconds::zero());
}

milliseconds plan::first_delay() {
    return jitter(milliseconds::zero(), options_.jitter);
}

milliseconds plan::delay_after(milliseconds interval, bool succeeded, int failures) {
    if (!succeeded)
        return backoff(interval, std::max(failures, 1));
    return std::max(interval + jitter(-options_.jitter, options_.jitter), milliseconds::zero());
}

replan_result plan::replan(const std::vector<job_def>& jobs) {
    replan_result result;
    const auto now = clock_->steady();
    std::set<job_key> wanted;
    for (const auto& def : jobs) {
        wanted.insert(def.key);
        auto it = jobs_.find(def.key);
        if (it == jobs_.end()) {
            job_state state;
            state.key = def.key;
            state.interval = def.interval;
            state.next_due = now + jitter(milliseconds::zero(), options_.jitter);
            jobs_.emplace(def.key, std::move(state));
            result.added.push_back(def.key);
            continue;
        }
        auto& state = it->second;
        state.removed = false; // re-added while its cancellation is pending: keep it
        if (state.interval != def.interval && !state.running && state.last_end &&
            state.consecutive_failures == 0 && !state.pending_trigger) {
            state.next_due =
                *state.last_end + def.interval + jitter(-options_.jitter, options_.jitter);
            state.next_due = std::max(state.next_due, *state.last_end);
        }
        state.interval = def.interval;
    }
    for (auto it = jobs_.begin(); it != jobs_.end();) {
        if (wanted.contains(it->first) || it->second.removed) {
            ++it;
            continue;
        }
        result.removed.push_back(it->first);
        if (it->second.running) {
            it->second.removed = true;
            result.cancel.push_back(it->first);
            ++it;
        } else {
            it = jobs_.erase(it);
        }
    }
    return result;
}

trigger_result plan::trigger(const job_key& key, std::string trigger_name) {
    auto it = jobs_.find(key);
    if (it == jobs_.end() || it->second.removed)
        return trigger_result::unknown_job;
    auto& state = it->second;
    if (state.running)
        return trigger_result::already_running;
    const auto now = clock_->steady();
    if (state.pending_trigger)
        return trigger_result::already_queued;
    if (state.next_due <= now) {
        state.pending_trigger = std::move(trigger_name);
        return trigger_result::already_queued;
    }
    state.pending_trigger = std::move(trigger_name);
    state.next_due = now;
    return trigger_result::queued;
}

std::vector<job_start> plan::take_due(bool triggered_only) {
    const auto now = clock_->steady();
    std::vector<job_state*> due;
    for (auto& [key, state] : jobs_) {
        if (state.running || state.removed || state.next_due > now)
            continue;
        if (triggered_only && !state.pending_trigger)
            continue;
        due.push_back(&state);
    }
    // Oldest due first; jobs_ is ordered by key, so stable_sort breaks ties by key.
    std::stable_sort(due.begin(), due.end(), [](const job_state* a, const job_state* b) {
        return a->next_due < b->next_due;
    });
    std::vector<job_start> started;
    for (auto* state : due) {
        if (running_ >= limit())
            break;
        state->running = true;
        ++running_;
        started.push_back({state->key, state->pending_trigger.value_or("schedule")});
        state->pending_trigger.reset();
    }
    return started;
}

void plan::finished(const job_key& key, bool succeeded) {
    auto it = jobs_.find(key);
    if (it == jobs_.end() || !it->second.running)
        return;
    --running_;
    if (it->second.removed) {
        jobs_.erase(it);
        return;
    }
    auto& state = it->second;
    const auto now = clock_->steady();
    state.running = false;
    state.last_end = now;
    if (succeeded) {
        state.consecutive_failures = 0;
        state.next_due = now + state.interval + jitter(-options_.jitter, options_.jitter);
        state.next_due = std::max(state.next_due, now);
    } else {
        ++state.consecutive_failures;
        state.next_due = now + backoff(state.interval, state.consecutive_failures);
    }
}

std::optional<clock::steady_time> plan::next_wakeup() const {
    if (running_ >= limit())
        return std::nullopt;
    std::optional<clock::steady_time> earliest;
    for (const auto& [key, state] : jobs_) {
        if (state.running || state.removed)
            continue;
        if (!earliest || state.next_due < *earliest)
            earliest = state.next_due;
    }
    return earliest;
}

std::vector<job_state> plan::jobs() const {
    std::vector<job_state> result;
    for (const auto& [key, state] : jobs_)
        if (!state.removed)
            result.push_back(state);
    return result;
}

const job_state* plan::find(const job_key& key) const {
    auto it = jobs_.find(key);
    return it == jobs_.end() || it->second.removed ? nullptr : &it->second;
}

} // namespace cloudsync::scheduler
