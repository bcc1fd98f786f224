// An in-memory api::backend for the server tests: two accounts with a few jobs,
// runs numbered from 100, switches for health and failures. Thread-safe.
#pragma once

#include "api/backend.hpp"
#include "core/error.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <set>

namespace cloudsync::api::testing {

class test_backend final : public backend {
public:
    test_backend() {
        inventory::run_record done;
        done.id = 7;
        done.scope = {"platform", "azure-prod", inventory::provider::azure,
                      inventory::collector_kind::vms, "schedule"};
        done.status = inventory::run_status::partial;
        done.started_at =
            std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
        done.finished_at = done.started_at + std::chrono::milliseconds(2500);
        done.counts = {10, 3, 2, 1};
        done.error = "azure: 429 throttled";
        done.failed_scopes = {{"sub-2", "azure: 429 throttled"}};
        done.empty_scopes = {{"sub-3", "API not enabled"}};
        runs_[done.id] = done;
    }

    health healthy() const override {
        std::lock_guard lock(mutex_);
        return health_;
    }
    void set_health(health h) {
        std::lock_guard lock(mutex_);
        health_ = std::move(h);
    }
    void set_failing(bool failing) { failing_ = failing; }
    void set_running(std::string account, inventory::collector_kind kind) {
        std::lock_guard lock(mutex_);
        running_.insert({std::move(account), kind});
    }

    boost::asio::awaitable<std::vector<job_status>> jobs() override {
        if (failing_)
            throw error("database unavailable");
        std::lock_guard lock(mutex_);
        std::vector<job_status> out;
        for (const auto& [account, kinds] : accounts_) {
            for (auto kind : kinds) {
                job_status job;
                job.tenant = "platform";
                job.account = account;
                job.cloud =
                    account == "aws-prod" ? inventory::provider::aws : inventory::provider::azure;
                job.kind = kind;
                job.running = running_.count({account, kind}) > 0;
                if (account == "azure-prod" && kind == inventory::collector_kind::vms) {
                    job.last_run = runs_.at(7);
                    job.consecutive_failures = 1;
                    job.next_due =
                        std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'900));
                }
                out.push_back(std::move(job));
            }
        }
        co_return out;
    }

    boost::asio::awaitable<trigger_outcome>
    trigger(std::optional<std::string> account,
            std::optional<inventory::collector_kind> kind) override {
        std::lock_guard lock(mutex_);
        trigger_outcome out;
        if (account && !accounts_.count(*account)) {
            out.result = trigger_result::unknown_account;
            co_return out;
        }
        for (const auto& [name, kinds] : accounts_) {
            if (account && name != *account)
                continue;
            for (auto k : kinds) {
                if (kind && k != *kind)
                    continue;
                if (running_.count({name, k})) {
                    out.result = trigger_result::already_running;
                    out.jobs = {{name, k, 1}};
                    co_return out;
                }
                // The first two start, the rest queue (a concurrency limit of 2).
                std::optional<inventory::run_id> id;
                if (out.jobs.size() < 2)
                    id = next_id_++;
                out.jobs.push_back({name, k, id});
            }
        }
        if (out.jobs.empty())
            out.result = trigger_result::unknown_kind;
        co_return out;
    }

    boost::asio::awaitable<std::optional<inventory::run_record>>
    find_run(inventory::run_id id) override {
        if (failing_)
            throw error("database unavailable");
        std::lock_guard lock(mutex_);
        const auto it = runs_.find(id);
        if (it == runs_.end())
            co_return std::nullopt;
        co_return it->second;
    }

private:
    mutable std::mutex mutex_;
    health health_;
    std::atomic<bool> failing_{false};
    std::map<std::string, std::vector<inventory::collector_kind>> accounts_{
        {"azure-prod", {inventory::collector_kind::vms, inventory::collector_kind::storage}},
        {"aws-prod", {inventory::collector_kind::vms, inventory::collector_kind::alerts}}};
    std::set<std::pair<std::string, inventory::collector_kind>> running_;
    std::map<inventory::run_id, inventory::run_record> runs_;
    inventory::run_id next_id_ = 100;
};

} // namespace cloudsync::api::testing
