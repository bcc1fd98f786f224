// The sink a job hands its collector: it forwards everything to the run and
// remembers which scopes the collector failed (and how many it began), so the
// scheduler can report a partial run without asking the store. Used by one
// collector at a time, on the job's strand.
#pragma once

#include "inventory/run.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cloudsync::scheduler::detail {

class scope_recorder final : public inventory::record_sink {
public:
    explicit scope_recorder(std::shared_ptr<inventory::record_sink> target)
        : target_(std::move(target)) {}

    boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override;
    boost::asio::awaitable<void> write_samples(std::vector<inventory::metric_sample> batch) override;
    boost::asio::awaitable<void> begin_scope(std::string scope) override;
    boost::asio::awaitable<void> end_scope() override;
    boost::asio::awaitable<void> fail_scope(std::string error) override;

    const std::vector<std::pair<std::string, std::string>>& failed() const noexcept {
        return failed_;
    }
    std::size_t begun() const noexcept { return begun_; }

private:
    std::shared_ptr<inventory::record_sink> target_;
    std::string open_;
    std::size_t begun_ = 0;
    std::vector<std::pair<std::string, std::string>> failed_;
};

} // namespace cloudsync::scheduler::detail
