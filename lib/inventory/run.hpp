// A sync run as the rest of the program sees it: its scope, its outcome, and the
// two interfaces between a running job and the store. The store implements them;
// the scheduler drives them; collectors see only record_sink.
#pragma once

#include "inventory/content_check.hpp"
#include "inventory/kind.hpp"
#include "inventory/record.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::inventory {

using run_id = std::int64_t;

struct run_scope {
    std::string tenant;
    std::string account;
    provider cloud = provider::azure;
    collector_kind kind = collector_kind::vms;
    std::string trigger = "schedule"; // schedule, api, once

    friend bool operator==(const run_scope&, const run_scope&) = default;
};

// partial: the run committed, but one or more scopes failed (see run_record).
enum class run_status { running, succeeded, partial, failed, cancelled };
std::string_view to_string(run_status value) noexcept;
std::optional<run_status> parse_run_status(std::string_view text) noexcept;

struct run_counts {
    std::int64_t seen = 0;     // records (and metric samples) the collector delivered
    std::int64_t added = 0;    // rows inserted
    std::int64_t modified = 0; // rows whose content changed
    std::int64_t removed = 0;  // rows deleted because the run did not see them

    friend bool operator==(const run_counts&, const run_counts&) = default;
};

// One row of cloudsync.sync_runs.
struct run_record {
    run_id id = 0;
    run_scope scope;
    run_status status = run_status::running;
    std::chrono::system_clock::time_point started_at;
    std::optional<std::chrono::system_clock::time_point> finished_at;
    run_counts counts;
    std::string error; // empty unless failed/cancelled/partial; never contains a secret
    // partial runs: each failed scope and why, in the order they failed.
    std::vector<std::pair<std::string, std::string>> failed_scopes;
    // Scopes read as empty because the cloud said the API is not enabled there
    // (scope_sink::complete_empty), and the cloud's words; any status.
    std::vector<std::pair<std::string, std::string>> empty_scopes;

    friend bool operator==(const run_record&, const run_record&) = default;
};

// The one-line error of a partial run, the same wherever it is shown (sync_runs,
// /status, STATUS=): "1 of 3 subscriptions failed: <scope>: <error>; ..." with
// the provider's word for a scope, each error cut to its first line, the whole
// at most 2,000 characters.
// How a run whose collector finished ends, given its scopes: succeeded when none
// failed, failed when every scope it began failed (it read nothing), else partial.
run_status status_after_scopes(std::size_t failed, std::size_t begun) noexcept;

std::string describe_failed_scopes(provider cloud,
                                   const std::vector<std::pair<std::string, std::string>>& failed,
                                   std::size_t scopes_begun);

// One independent part of an account (an Azure subscription, a GCP project, an
// AWS account-region) as a run receives it: its records and samples, then
// exactly one of complete() or fail(). A scope destroyed without either is
// failed with "abandoned". A failed scope's rows stay exactly as they were:
// what the run received for it is discarded and none of its rows is deleted;
// the other scopes commit normally and the run ends `partial`, naming the scope
// and the reason. Rows remember their scope, so a later run knows which rows a
// failed scope protects.
// write() completes once the batch is accepted; it suspends while the store is
// behind (bounded queue), so a collector's memory stays flat. Throws when the
// run can no longer continue (database gone); the collector lets that
// propagate. Not thread-safe: one coroutine drives one scope.
class scope_sink {
public:
    virtual ~scope_sink() = default;
    virtual boost::asio::awaitable<void> write(std::vector<record> batch) = 0;
    // The run's change detection for `table` in this scope (content_check.hpp),
    // or null when the sink offers none: the collector then writes every
    // record. Pure, so that every wrapper of a scope passes it on.
    virtual std::shared_ptr<const content_check> checker(table of) = 0;
    // Records of `of` a collector found unchanged through checker(of):
    // counted as seen, kept, not written. Only keys its holds() vouched for.
    virtual boost::asio::awaitable<void> write_unchanged(table of,
                                                         std::vector<content_key> keys) = 0;
    // Metric samples: appended, one row per (resource, metric, ts); never deleted
    // by a run (retention removes old samples).
    virtual boost::asio::awaitable<void> write_samples(std::vector<metric_sample> batch) = 0;
    virtual boost::asio::awaitable<void> complete() = 0;
    // complete(), for a scope the cloud says has the API not enabled (it has
    // none of the kind): the run keeps the reason for the operator to see.
    // Pure, so that every wrapper of a scope passes the reason on.
    virtual boost::asio::awaitable<void> complete_empty(std::string reason) = 0;
    virtual boost::asio::awaitable<void> fail(std::string error) = 0;
};

// Where a collector's records go: it opens one scope_sink per part of the
// account it reads ("" is the whole account). Scopes of one run may be open at
// the same time, each driven by its own coroutine; every call comes from the
// run's one executor (a strand), never from two threads at once. A scope name
// is opened at most once per run.
class record_sink {
public:
    virtual ~record_sink() = default;
    virtual boost::asio::awaitable<std::unique_ptr<scope_sink>> open_scope(std::string scope) = 0;
};

// A run in progress. Exactly one of commit() or fail() ends it; a run destroyed
// without either is failed with "abandoned". Until commit() succeeds nothing the
// run wrote is visible and nothing is deleted.
class run : public record_sink {
public:
    virtual run_id id() const noexcept = 0;
    // Merges what was written (only new and changed rows), records changes,
    // deletes the rows of this account and kind the run did not see, and marks
    // the run succeeded, all in one transaction. Throws on failure, after which
    // the run is failed and the previous inventory is untouched.
    virtual boost::asio::awaitable<run_counts> commit() = 0;
    // Discards what was written and records the run as failed (or cancelled).
    virtual boost::asio::awaitable<void> fail(run_status status, std::string error) = 0;
};

// Starts runs and reads their records. Implemented by the store.
class run_store {
public:
    virtual ~run_store() = default;
    // Inserts the sync_runs row (status running) and prepares staging.
    virtual boost::asio::awaitable<std::unique_ptr<run>> begin(run_scope scope) = 0;
    virtual boost::asio::awaitable<std::optional<run_record>> find(run_id id) = 0;
};

} // namespace cloudsync::inventory
