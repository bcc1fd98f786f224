#include "cluster_board.hpp"

#include <spdlog/spdlog.h>

namespace cloudsync::daemon {

namespace asio = boost::asio;

namespace {

store::job_ref ref_of(const scheduler::job_key& key) {
    return {key.account, key.kind};
}

std::vector<store::job_ref> refs_of(const std::vector<scheduler::job_key>& keys) {
    std::vector<store::job_ref> out;
    out.reserve(keys.size());
    for (const auto& key : keys)
        out.push_back(ref_of(key));
    return out;
}

std::chrono::milliseconds since_epoch(store::system_time time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
}

} // namespace

cluster_board::cluster_board(std::shared_ptr<store::database> db, std::string instance,
                             std::chrono::milliseconds lease)
    : db_(std::move(db)), instance_(std::move(instance)), lease_(lease) {}

asio::awaitable<void> cluster_board::enlist(std::vector<scheduler::board_entry> jobs) {
    std::vector<store::job_entry> entries;
    for (const auto& job : jobs)
        entries.push_back(
            {job.scope.tenant, job.scope.account, job.scope.cloud, job.scope.kind, job.first_due});
    co_await db_->enlist_jobs(std::move(entries));
}

asio::awaitable<scheduler::board_claims>
cluster_board::claim(std::vector<scheduler::job_key> mine, std::size_t limit, bool triggered_only) {
    auto result = co_await db_->claim_jobs(refs_of(mine), limit, triggered_only, lease_);
    scheduler::board_claims out;
    bool took_over = false;
    for (auto& claim : result.claimed) {
        took_over = took_over || claim.taken_from.has_value();
        out.claimed.push_back({{std::move(claim.job.account), claim.job.kind},
                               std::move(claim.trigger),
                               claim.consecutive_failures,
                               std::move(claim.taken_from)});
    }
    if (result.next_due)
        out.next_in = since_epoch(*result.next_due);
    // The instance whose lease lapsed is gone (or cut off): the runs it left
    // 'running' no longer hold their locks. Marked before ours begin.
    if (took_over) {
        const auto ids = co_await db_->mark_interrupted_runs();
        if (!ids.empty())
            spdlog::warn("marked {} run(s) of an instance whose lease lapsed as interrupted: {}",
                         ids.size(), fmt::join(ids, ", "));
    }
    co_return out;
}

asio::awaitable<std::vector<scheduler::job_key>>
cluster_board::renew(std::vector<scheduler::job_key> held) {
    auto kept = co_await db_->renew_leases(refs_of(held), lease_);
    std::vector<scheduler::job_key> out;
    for (auto& ref : kept)
        out.push_back({std::move(ref.account), ref.kind});
    co_return out;
}

asio::awaitable<void> cluster_board::release(scheduler::job_key key,
                                             std::chrono::milliseconds next_in,
                                             int consecutive_failures,
                                             std::optional<inventory::run_id> run, bool notify) {
    co_await db_->release_lease(ref_of(key), next_in, consecutive_failures, run, notify);
}

asio::awaitable<scheduler::board_trigger> cluster_board::trigger(scheduler::job_key key,
                                                                 std::string name, bool notify) {
    switch (co_await db_->trigger_job(ref_of(key), std::move(name), notify)) {
    case store::job_trigger_result::queued:
        co_return scheduler::board_trigger::queued;
    case store::job_trigger_result::already_queued:
        co_return scheduler::board_trigger::already_queued;
    case store::job_trigger_result::already_running:
        co_return scheduler::board_trigger::already_running;
    case store::job_trigger_result::unknown_job:
        break;
    }
    co_return scheduler::board_trigger::unknown_job;
}

asio::awaitable<std::vector<scheduler::board_job>> cluster_board::read() {
    auto rows = co_await db_->read_jobs();
    std::vector<scheduler::board_job> out;
    out.reserve(rows.size());
    for (auto& row : rows) {
        scheduler::board_job job;
        job.key = {std::move(row.account), row.kind};
        job.tenant = std::move(row.tenant);
        job.cloud = row.cloud;
        job.next_due = row.next_due;
        job.holder = std::move(row.lease_owner);
        job.pending_trigger = std::move(row.pending_trigger);
        job.consecutive_failures = row.consecutive_failures;
        job.last_run = std::move(row.last_run);
        out.push_back(std::move(job));
    }
    co_return out;
}

} // namespace cloudsync::daemon
