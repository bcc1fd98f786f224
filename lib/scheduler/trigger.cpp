// trigger(): an operator's or the API's "sync now". Selects jobs by account
// and kind, merges the trigger into the plan (plan.hpp), starts what may start
// and waits for those begin() calls so the caller gets run ids. select() is
// shared with run_once().
#include "scheduler/scheduler.hpp"

#include "scheduler/detail/job.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <set>

namespace cloudsync::scheduler {

namespace asio = boost::asio;

std::optional<filter_error> scheduler::select(const std::optional<std::string>& account,
                                              const std::optional<inventory::collector_kind>& kind,
                                              std::vector<job_key>& out) const {
    std::set<job_key> known;
    for (const auto& [key, spec] : specs_)
        known.insert(key);
    return select_from(known, account, kind, out);
}

std::optional<filter_error>
scheduler::select_from(const std::set<job_key>& known, const std::optional<std::string>& account,
                       const std::optional<inventory::collector_kind>& kind,
                       std::vector<job_key>& out) {
    bool account_known = false;
    for (const auto& key : known) {
        if (account && key.account != *account)
            continue;
        account_known = true;
        if (kind && key.kind != *kind)
            continue;
        out.push_back(key);
    }
    if (account && !account_known)
        return filter_error::unknown_account;
    if (kind && out.empty())
        return filter_error::unknown_kind;
    return std::nullopt;
}

asio::awaitable<trigger_outcome> scheduler::trigger(std::optional<std::string> account,
                                                    std::optional<inventory::collector_kind> kind,
                                                    std::string trigger_name) {
    // `self` keeps this object alive until the strand-side work is done.
    const auto self = shared_from_this();
    auto work = options_.board
                    ? trigger_on_board(std::move(account), kind, std::move(trigger_name))
                    : trigger_on_strand(std::move(account), kind, std::move(trigger_name));
    auto outcome = co_await asio::co_spawn(strand_, std::move(work), asio::use_awaitable);
    co_return outcome;
}

asio::awaitable<trigger_outcome>
scheduler::trigger_on_strand(std::optional<std::string> account,
                             std::optional<inventory::collector_kind> kind,
                             std::string trigger_name) {
    trigger_outcome outcome;
    std::vector<job_key> keys;
    std::vector<trigger_result> results;
    {
        std::lock_guard lock(mutex_);
        outcome.error = select(account, kind, keys);
        if (!outcome.error)
            for (const auto& key : keys)
                results.push_back(plan_.trigger(key, trigger_name));
    }
    if (outcome.error)
        co_return outcome;
    // Without the loop (run-once mode, or not started) only triggered jobs may start.
    auto started = dispatch(!loop_running_);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        triggered_job job{keys[i], trigger_state::queued, std::nullopt, {}};
        if (results[i] == trigger_result::already_running)
            job.state = trigger_state::already_running;
        outcome.jobs.push_back(std::move(job));
    }
    co_await await_run_ids(outcome, started);
    co_return outcome;
}

// Waits for begin() of what started, so the caller gets run ids.
asio::awaitable<void> scheduler::await_run_ids(trigger_outcome& outcome,
                                               const std::map<job_key, handle_ptr>& started) {
    auto all_begun = [&] {
        return std::all_of(started.begin(), started.end(),
                           [](const auto& s) { return s.second->begun; });
    };
    while (!all_begun())
        co_await wait_change(clock::steady_time::max());
    for (auto& job : outcome.jobs) {
        auto it = started.find(job.job);
        if (it == started.end())
            continue;
        job.run_id = it->second->run_id;
        job.state = job.run_id ? trigger_state::started : trigger_state::failed;
        job.error = it->second->begin_error;
    }
}

} // namespace cloudsync::scheduler
