#include "status_line.hpp"

#include <algorithm>

namespace cloudsync::daemon {
namespace {

std::string job_name(const scheduler::job_status& job) {
    return job.job.account + "/" + std::string(to_string(job.job.kind));
}

std::string first_line(const std::string& text, std::size_t limit) {
    auto line = text.substr(0, text.find('\n'));
    if (line.size() > limit) line = line.substr(0, limit) + "...";
    return line;
}

} // namespace

std::string status_line(const std::vector<scheduler::job_status>& jobs) {
    std::size_t running = 0, failing = 0;
    const scheduler::job_status* latest = nullptr;
    const scheduler::job_status* first_failing = nullptr;
    for (const auto& job : jobs) {
        running += job.running ? 1 : 0;
        const bool partial = job.last_run && job.last_run->status == inventory::run_status::partial;
        if (job.consecutive_failures > 0 || partial) {
            ++failing;
            if (!first_failing) first_failing = &job;
        }
        if (job.last_run && job.last_run->finished_at &&
            (!latest || *job.last_run->finished_at > *latest->last_run->finished_at))
            latest = &job;
    }
    std::string line = std::to_string(jobs.size()) + (jobs.size() == 1 ? " job, " : " jobs, ") +
                       std::to_string(running) + " running, " + std::to_string(failing) +
                       " failing";
    if (first_failing && first_failing->last_run)
        line += " (" + job_name(*first_failing) + ": " +
                first_line(first_failing->last_run->error, 80) + ")";
    if (latest) {
        const auto& run = *latest->last_run;
        line += "; last: " + job_name(*latest) + " " + std::string(to_string(run.status)) + ", " +
                std::to_string(run.counts.seen) + " seen, " +
                std::to_string(run.counts.added + run.counts.modified + run.counts.removed) +
                " changed";
    }
    return line;
}

} // namespace cloudsync::daemon
