// run_once(): `cloudsyncd --once`. Without the loop, it triggers every
// selected job ("once"), lets dispatch() start them within the concurrency
// limit (on_finished() starts the next), and completes when each has a result
// or, after stop(), when nothing runs any more.
#include "scheduler/scheduler.hpp"

#include "scheduler/detail/job.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace cloudsync::scheduler {

namespace asio = boost::asio;
using inventory::run_status;

asio::awaitable<once_outcome> scheduler::run_once(std::optional<std::string> account,
                                                  std::optional<inventory::collector_kind> kind) {
    const auto self = shared_from_this();
    auto outcome = co_await asio::co_spawn(strand_, once_on_strand(std::move(account), kind),
                                           asio::use_awaitable);
    co_return outcome;
}

asio::awaitable<once_outcome>
scheduler::once_on_strand(std::optional<std::string> account,
                          std::optional<inventory::collector_kind> kind) {
    if (started_)
        throw scheduler_error("run_once() on a scheduler whose loop was started");
    if (options_.board)
        throw scheduler_error("run_once() on a scheduler with a job board");
    if (once_active_)
        throw scheduler_error("run_once() already in progress");
    once_outcome outcome;
    std::vector<job_key> keys;
    {
        std::lock_guard lock(mutex_);
        outcome.error = select(account, kind, keys);
        if (!outcome.error)
            for (const auto& key : keys)
                plan_.trigger(key, "once");
    }
    if (outcome.error)
        co_return outcome;
    once_active_ = true;
    once_results_.clear();
    for (const auto& key : keys)
        once_results_[key] = std::nullopt;
    dispatch(true);
    auto done = [&] {
        if (std::all_of(once_results_.begin(), once_results_.end(),
                        [](const auto& r) { return r.second; }))
            return true;
        std::lock_guard lock(mutex_);
        return stopping_ && in_flight_.empty(); // stopped: what did not start never will
    };
    while (!done())
        co_await wait_change(clock::steady_time::max());
    for (const auto& [key, status] : once_results_)
        outcome.results.emplace_back(key, status.value_or(run_status::cancelled));
    once_active_ = false;
    once_results_.clear();
    co_return outcome;
}

} // namespace cloudsync::scheduler
