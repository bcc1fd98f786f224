// The schedule several instances share. Without a board, a scheduler decides
// alone when its jobs run (plan.hpp). With one, the board is the truth: the
// scheduler leases the due jobs it may run from it (each job runs on one
// instance at a time, once per interval across all of them), renews the leases
// while the runs go on and releases each with its next due time, computed by
// the plan's rules. The daemon implements it over the database (a jobs table
// claimed with SELECT ... FOR UPDATE SKIP LOCKED); the scheduler sees no SQL.
//
// Times on the board are the board's own clock: the scheduler passes delays
// ("due in 15 minutes"), never its own time points.
#pragma once

#include "core/clock.hpp"
#include "inventory/kind.hpp"
#include "inventory/run.hpp"
#include "scheduler/plan.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::scheduler {

// A job of this instance, put on the board when it is not there yet.
struct board_entry {
    inventory::run_scope scope;            // tenant, account, cloud, kind
    std::chrono::milliseconds first_due{}; // from now
};

struct board_claim {
    job_key key;
    std::string trigger;                   // a pending trigger's name, or "schedule"
    int consecutive_failures = 0;          // as the board had it
    std::optional<std::string> taken_from; // a peer whose lease had lapsed
};

struct board_claims {
    std::vector<board_claim> claimed;
    // Until the earliest of this instance's other jobs may be claimed.
    std::optional<std::chrono::milliseconds> next_in;
};

enum class board_trigger { queued, already_queued, already_running, unknown_job };

// A job as the board shows it, whichever instance runs it.
struct board_job {
    job_key key;
    std::string tenant;
    inventory::provider cloud = inventory::provider::azure;
    clock::system_time next_due;
    std::optional<std::string> holder; // the instance holding a live lease
    std::optional<std::string> pending_trigger;
    int consecutive_failures = 0;
    std::optional<inventory::run_record> last_run;
};

class job_board {
public:
    virtual ~job_board() = default;

    // How long a lease lasts without renewal (a dead instance's jobs move
    // after it); the scheduler renews at a third of it.
    virtual std::chrono::milliseconds lease() const = 0;
    // This instance's id, as the board names lease holders.
    virtual const std::string& instance() const = 0;

    // Every awaitable may throw cloudsync::error (board unreachable); the
    // scheduler retries on its next pass.
    virtual boost::asio::awaitable<void> enlist(std::vector<board_entry> jobs) = 0;
    // Leases up to `limit` of `mine` that are due (only triggered ones when
    // triggered_only) and held by no live lease.
    virtual boost::asio::awaitable<board_claims> claim(std::vector<job_key> mine, std::size_t limit,
                                                       bool triggered_only) = 0;
    // Extends the leases; returns those still held.
    virtual boost::asio::awaitable<std::vector<job_key>> renew(std::vector<job_key> held) = 0;
    // Ends a lease; the job is next due `next_in` from now. notify: wake peers.
    virtual boost::asio::awaitable<void> release(job_key key, std::chrono::milliseconds next_in,
                                                 int consecutive_failures,
                                                 std::optional<inventory::run_id> run,
                                                 bool notify) = 0;
    // Marks the job triggered unless a live lease holds it. notify: wake peers
    // (when this instance will not claim it at once itself).
    virtual boost::asio::awaitable<board_trigger> trigger(job_key key, std::string name,
                                                          bool notify) = 0;
    // Every job on the board.
    virtual boost::asio::awaitable<std::vector<board_job>> read() = 0;
};

} // namespace cloudsync::scheduler
