// The API's view of the daemon (api::backend) over the real scheduler and store.
// Health is cached: a background loop pings the database and asks the scheduler
// whether its loop is alive every `health_period`, so GET /healthz never touches
// the database. The loop is also the daemon's one observer of database outages:
// when the database answers again after it did not, the loop first fails the
// runs the outage left 'running' (see watch_health). Thread-safe: the API calls
// it from its own thread.
#pragma once

#include "api/backend.hpp"
#include "scheduler/scheduler.hpp"
#include "store/database.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <mutex>

namespace cloudsync::daemon {

class api_backend final : public api::backend {
public:
    api_backend(std::shared_ptr<scheduler::scheduler> jobs, std::shared_ptr<store::database> db);

    api::health healthy() const override;
    boost::asio::awaitable<std::vector<api::job_status>> jobs() override;
    boost::asio::awaitable<api::trigger_outcome>
    trigger(std::optional<std::string> account,
            std::optional<inventory::collector_kind> kind) override;
    boost::asio::awaitable<std::optional<inventory::run_record>>
    find_run(inventory::run_id id) override;
    boost::asio::awaitable<std::vector<api::instance_status>> instances() override;

    // The instances sharing the database, as the last heartbeat saw them.
    void set_instances(std::vector<api::instance_status> value);

    // Refreshes the cached health until cancelled. Run it on the daemon's executor.
    // A run that failed while the database was down could not record its end,
    // and the lock that marks its row as carried out died with its session: after
    // an outage (any failed ping; a server restart always breaks the ping's
    // session), once the database answers, such rows are marked failed as
    // interrupted (store::database::mark_interrupted_runs), retried every period
    // until it succeeds. Without it they would stay 'running' until the next start.
    boost::asio::awaitable<void> watch_health(std::chrono::milliseconds period);

private:
    void set_health(api::health value);
    // True once done (or nothing to do); false (logged) when the store failed.
    boost::asio::awaitable<bool> fail_interrupted_runs();

    std::shared_ptr<scheduler::scheduler> scheduler_;
    std::shared_ptr<store::database> db_;
    mutable std::mutex mutex_;
    api::health health_{false, "starting"};
    std::vector<api::instance_status> instances_;
};

} // namespace cloudsync::daemon
