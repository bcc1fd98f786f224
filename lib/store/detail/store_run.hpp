// inventory::run as the store implements it: a handle on a run_state living on
// one run slot's thread. Writes are queued (bounded: write() suspends while the
// slot is behind); commit() and fail() wait for the thread's answer and give
// the slot back. A handle destroyed without either queues "abandoned" (rolled
// back, marked failed) and gives the slot back once that has run.
// Not thread-safe: one coroutine drives one run.
#pragma once

#include "inventory/run.hpp"
#include "store/detail/run_state.hpp"
#include "store/detail/store_impl.hpp"

#include <memory>
#include <optional>
#include <string>

namespace cloudsync::store::detail {

class store_run final : public inventory::run {
public:
    store_run(database::impl& db, std::size_t slot, std::shared_ptr<run_state> state);
    ~store_run() override;

    inventory::run_id id() const noexcept override { return id_; }
    boost::asio::awaitable<void> write(std::vector<inventory::record> batch) override;
    boost::asio::awaitable<void>
    write_samples(std::vector<inventory::metric_sample> batch) override;
    boost::asio::awaitable<void> begin_scope(std::string scope) override;
    boost::asio::awaitable<void> end_scope() override;
    boost::asio::awaitable<void> fail_scope(std::string error) override;
    boost::asio::awaitable<inventory::run_counts> commit() override;
    boost::asio::awaitable<void> fail(inventory::run_status status, std::string error) override;

private:
    // Throws store_error when the run has ended or an earlier job failed.
    void check_usable() const;
    // Queues `job` on the slot's thread (suspends while the queue is full).
    boost::asio::awaitable<void> enqueue(worker::job job);

    database::impl& db_;
    std::size_t slot_;
    std::shared_ptr<run_state> state_;
    inventory::run_id id_;
    bool ended_ = false;
    std::optional<std::string> open_scope_; // checked here so misuse fails at the call
};

} // namespace cloudsync::store::detail
