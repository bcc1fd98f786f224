#include "api_backend.hpp"

#include "core/error.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace cloudsync::daemon {

namespace asio = boost::asio;

api_backend::api_backend(std::shared_ptr<scheduler::scheduler> jobs,
                         std::shared_ptr<store::database> db)
    : scheduler_(std::move(jobs)), db_(std::move(db)) {}

api::health api_backend::healthy() const {
    std::lock_guard lock(mutex_);
    return health_;
}

void api_backend::set_health(api::health value) {
    std::lock_guard lock(mutex_);
    health_ = std::move(value);
}

asio::awaitable<bool> api_backend::fail_interrupted_runs() {
    try {
        const auto ids = co_await db_->mark_interrupted_runs();
        if (!ids.empty())
            spdlog::warn("database reachable again: marked {} run(s) it interrupted failed: {}",
                         ids.size(), fmt::join(ids, ", "));
        co_return true;
    } catch (const cloudsync::error& e) {
        spdlog::warn("database reachable again, but the runs it interrupted are not marked yet: {}",
                     e.what());
        co_return false;
    }
}

asio::awaitable<void> api_backend::watch_health(std::chrono::milliseconds period) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    // prepare_store() has just failed the runs left from before the start.
    bool after_outage = false;
    for (;;) {
        const bool database = co_await db_->ping(period);
        if (!database)
            after_outage = true;
        else if (after_outage)
            after_outage = !co_await fail_interrupted_runs();
        const bool loop = scheduler_->alive(std::chrono::seconds(10));
        if (!database) set_health({false, "database unreachable"});
        else if (!loop) set_health({false, "scheduler loop not running"});
        else set_health({true, {}});
        timer.expires_after(period);
        co_await timer.async_wait(asio::use_awaitable);
    }
}

asio::awaitable<std::vector<api::job_status>> api_backend::jobs() {
    std::vector<api::job_status> out;
    for (auto& job : scheduler_->status()) {
        api::job_status status;
        status.tenant = job.tenant;
        status.account = job.job.account;
        status.cloud = job.cloud;
        status.kind = job.job.kind;
        status.last_run = std::move(job.last_run);
        status.next_due = job.next_due;
        status.consecutive_failures = job.consecutive_failures;
        status.running = job.running;
        status.instance = std::move(job.instance);
        out.push_back(std::move(status));
    }
    co_return out;
}

asio::awaitable<api::trigger_outcome>
api_backend::trigger(std::optional<std::string> account,
                     std::optional<inventory::collector_kind> kind) {
    std::string trigger_name = "api"; // named: see prepare_store in service.cpp
    const auto outcome = co_await scheduler_->trigger(std::move(account), kind, std::move(trigger_name));
    api::trigger_outcome out;
    if (outcome.error == scheduler::filter_error::unknown_account)
        out.result = api::trigger_result::unknown_account;
    else if (outcome.error == scheduler::filter_error::unknown_kind)
        out.result = api::trigger_result::unknown_kind;
    else if (outcome.all_already_running())
        out.result = api::trigger_result::already_running;
    for (const auto& job : outcome.jobs) {
        if (out.result == api::trigger_result::started &&
            job.state == scheduler::trigger_state::already_running)
            continue;
        out.jobs.push_back({job.job.account, job.job.kind, job.run_id});
    }
    co_return out;
}

asio::awaitable<std::vector<api::instance_status>> api_backend::instances() {
    std::lock_guard lock(mutex_);
    co_return instances_;
}

void api_backend::set_instances(std::vector<api::instance_status> value) {
    std::lock_guard lock(mutex_);
    instances_ = std::move(value);
}

asio::awaitable<std::optional<inventory::run_record>>
api_backend::find_run(inventory::run_id id) {
    co_return co_await db_->find(id);
}

} // namespace cloudsync::daemon
