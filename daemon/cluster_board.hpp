// scheduler::job_board over the database (store::database's leased jobs): the
// shared schedule of every cloudsyncd instance on one database. Besides
// translating, it marks the runs of an instance whose lapsed lease it takes
// over as interrupted (their sessions' run locks died with that instance).
#pragma once

#include "scheduler/job_board.hpp"
#include "store/database.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace cloudsync::daemon {

class cluster_board final : public scheduler::job_board {
public:
    cluster_board(std::shared_ptr<store::database> db, std::string instance,
                  std::chrono::milliseconds lease);

    std::chrono::milliseconds lease() const override { return lease_; }
    const std::string& instance() const override { return instance_; }
    boost::asio::awaitable<void> enlist(std::vector<scheduler::board_entry> jobs) override;
    boost::asio::awaitable<scheduler::board_claims>
    claim(std::vector<scheduler::job_key> mine, std::size_t limit, bool triggered_only) override;
    boost::asio::awaitable<std::vector<scheduler::job_key>>
    renew(std::vector<scheduler::job_key> held) override;
    boost::asio::awaitable<void> release(scheduler::job_key key, std::chrono::milliseconds next_in,
                                         int consecutive_failures,
                                         std::optional<inventory::run_id> run,
                                         bool notify) override;
    boost::asio::awaitable<scheduler::board_trigger>
    trigger(scheduler::job_key key, std::string name, bool notify) override;
    boost::asio::awaitable<std::vector<scheduler::board_job>> read() override;

private:
    std::shared_ptr<store::database> db_;
    std::string instance_;
    std::chrono::milliseconds lease_;
};

} // namespace cloudsync::daemon
