#include "scheduler/status.hpp"

#include <algorithm>

namespace cloudsync::scheduler {

bool trigger_outcome::all_already_running() const noexcept {
    return !error && !jobs.empty() && std::all_of(jobs.begin(), jobs.end(), [](const auto& job) {
        return job.state == trigger_state::already_running;
    });
}

bool once_outcome::all_succeeded() const noexcept {
    return !error && !results.empty() &&
           std::all_of(results.begin(), results.end(),
                       [](const auto& r) { return r.second == inventory::run_status::succeeded; });
}

} // namespace cloudsync::scheduler
