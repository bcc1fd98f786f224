// inventory::run as the store implements it: a handle on a run_state living on
// one run slot's thread, and the scope_sinks it opens. Every call becomes a job
// on that thread, in the order the calls were made, tagged with its scope.
// Writes are queued (bounded: write() suspends while the slot is behind);
// commit() and fail() wait for the thread's answer and give the slot back. A
// run destroyed without either queues "abandoned" (staging discarded, marked
// failed) and gives the slot back once that has run; a scope destroyed without
// complete() or fail() is failed "abandoned".
// Not thread-safe: the run and its scopes are driven from one executor.
// Lifetime: scopes, like runs, must be destroyed before the database.
#pragma once

#include "inventory/run.hpp"
#include "store/detail/run_state.hpp"
#include "store/detail/store_impl.hpp"

#include <memory>
#include <set>
#include <string>

namespace cloudsync::store::detail {

// What a run and its scopes share; scopes may outlive the run handle.
struct run_link {
    database::impl& db;
    std::size_t slot;
    std::shared_ptr<run_state> state;
    inventory::run_id id;
    bool ended = false;
    std::set<std::string> scopes; // names opened so far

    // Throws store_error when the run has ended or an earlier job failed.
    void check_usable() const;
    // Queues `job` on the slot's thread (suspends while the queue is full).
    boost::asio::awaitable<void> enqueue(worker::job job);
};

class store_run final : public inventory::run {
public:
    store_run(database::impl& db, std::size_t slot, std::shared_ptr<run_state> state);
    ~store_run() override;

    inventory::run_id id() const noexcept override { return link_->id; }
    boost::asio::awaitable<std::unique_ptr<inventory::scope_sink>>
    open_scope(std::string scope) override;
    boost::asio::awaitable<inventory::run_counts> commit() override;
    boost::asio::awaitable<void> fail(inventory::run_status status, std::string error) override;


private:
    std::shared_ptr<run_link> link_;
};

} // namespace cloudsync::store::detail
