#include "api/detail/status_cache.hpp"

#include "api/render.hpp"

#include <chrono>

namespace cloudsync::api::detail {

namespace {

// A job's next due time is computed from the clock on every request (system now
// plus the steady time still to wait), so it moves by microseconds between two
// views of the same plan. It is rendered to the millisecond: compared that way.
void to_rendered_precision(std::vector<job_status>& jobs) {
    for (auto& job : jobs)
        if (job.next_due)
            job.next_due = std::chrono::floor<std::chrono::milliseconds>(*job.next_due);
}

} // namespace

status_cache::status_cache(std::string version) : version_(std::move(version)) {}

std::string status_cache::body(std::int64_t uptime_seconds, std::vector<job_status> jobs,
                               std::vector<instance_status> instances) {
    to_rendered_precision(jobs);
    std::shared_ptr<const rendered> last;
    {
        std::lock_guard lock(mutex_);
        last = last_;
    }
    if (last && last->uptime_seconds == uptime_seconds && last->jobs == jobs &&
        last->instances == instances)
        return last->body;

    auto next = std::make_shared<rendered>();
    next->body = status_body(version_, uptime_seconds, jobs, instances);
    next->uptime_seconds = uptime_seconds;
    next->jobs = std::move(jobs);
    next->instances = std::move(instances);
    std::string body = next->body;
    std::lock_guard lock(mutex_);
    last_ = std::move(next);
    ++renders_;
    return body;
}

std::uint64_t status_cache::renders() const {
    std::lock_guard lock(mutex_);
    return renders_;
}

} // namespace cloudsync::api::detail
