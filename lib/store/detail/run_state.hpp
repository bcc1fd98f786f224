// One sync run on its store thread: the sync_runs row, change detection per
// owned table, staging of added and changed rows per scope in the run's own
// tables (sql::create_staging; metric samples in a session temp table), and the
// one short transaction of commit().
// No transaction is open while the run waits on the cloud: writes go into
// staging through an autocommit COPY (copy_stream) that the next write extends
// while more is queued, and that ends as soon as the store thread has nothing
// queued (end_copy, run by the worker once drained) or after a second at most.
// A large run stages through a second COPY on another connection as well
// (side_copy), ended at the same points.
// Every method runs on the slot's thread; only failed()/error() may be read
// from others.
// Failure contract: after any error the staging is emptied and the sync_runs
// row gets its final status in a separate short transaction, so the previous
// inventory is exactly as it was.
#pragma once

#include "inventory/run.hpp"
#include "store/detail/connect.hpp"
#include "store/detail/content_index.hpp"
#include "store/detail/copy_in.hpp"
#include "store/detail/side_copy.hpp"

#include <pqxx/transaction_base>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cloudsync::store::detail {

class run_state {
public:
    // side: the connection of the run's second staging COPY (side_copy), used
    // once the run has staged side_after bytes. instance: the id of the daemon
    // instance carrying the run out ("" none).
    run_state(session& db, session& side, std::size_t side_after, inventory::run_scope scope,
              std::string instance);
    ~run_state();

    // Inserts the running sync_runs row, prepares (empties) the session's temp
    // table of metric samples and loads the hashes of every owned table, each
    // step in its own short transaction (the run's staging tables are created
    // by their first row: stage()). Throws store_error.
    void begin();

    // Scopes (run.hpp). store_run has checked that a name is opened once and
    // that writes go to an open scope ("" is the whole account, a scope like
    // any other). Errors are kept (failed()) and end the run.
    void open_scope(const std::string& scope) noexcept;
    void write(const std::string& scope, const std::vector<inventory::record>& batch) noexcept;
    // Records the scope's collector found unchanged (run_check): seen, not
    // written (content_index::confirm).
    void write_unchanged(const std::string& scope, inventory::table table,
                         const std::vector<inventory::content_key>& keys) noexcept;
    // What a run_check of `table` reads: the table's index (null when the run
    // does not own the table) and the database's key. Any thread, after begin().
    const content_index* index_of(inventory::table table) const noexcept;
    const keyed_hash& key() const { return *key_; }
    // Ends the staging COPY left open by write(), if any: the staged rows are
    // then committed. Call when nothing more is queued. An error ends the run
    // (kept, as failed()/error() show) and makes this false.
    bool end_copy() noexcept;
    // Metric samples: staged, inserted at commit with ON CONFLICT DO NOTHING,
    // so overlapping windows never duplicate a sample.
    void write_samples(const std::string& scope,
                       const std::vector<inventory::metric_sample>& batch) noexcept;
    // empty_reason: non-empty when the scope was read as empty (complete_empty).
    void complete_scope(const std::string& scope, const std::string& empty_reason = {}) noexcept;
    // Deletes the scope's staged rows and samples, takes back its counts and
    // index updates, and remembers it as failed: its rows in the inventory are
    // neither written nor deleted by this run.
    void fail_scope(const std::string& scope, const std::string& error) noexcept;

    // Merges, deletes unseen rows (never those of a failed scope), records
    // changes and the outcome: one transaction. Throws store_error after
    // marking the run failed (nothing of it is then visible).
    inventory::run_counts commit();
    // Discards the staging and records the final status. Never throws.
    void fail(inventory::run_status status, const std::string& error) noexcept;

    inventory::run_id id() const noexcept { return id_; }
    bool failed() const noexcept { return failed_.load(); }
    std::string error() const;

private:
    struct table_run {
        content_index index;
        std::int64_t added = 0; // rows written by this run, for the metrics
        std::int64_t modified = 0;
        std::int64_t removed = 0;
        // Rows staged as new and as changed (failed scopes' included): a merge
        // step with nothing to do is skipped, not run over the whole staging.
        std::int64_t staged_new = 0;
        std::int64_t staged_changed = 0;
        // Its staging table exists: created by the first row staged (a run that
        // stages nothing, an unchanged resync, creates and drops nothing).
        bool staging = false;
    };

    struct scope_part {
        bool open = true;
        std::int64_t seen = 0; // taken back when the scope fails
        std::map<inventory::table, content_index::journal> journals;
    };

    void insert_run();
    void check_account(pqxx::transaction_base& tx) const;
    void release_run_lock() noexcept;
    void prepare_staging();
    void clear_staging() noexcept;
    // Throws unless the connection is the one the staging tables live on.
    // Ends an open staging COPY first (throwing its error): any statement
    // needs the connection to itself.
    pqxx::connection& staging_connection();
    void load_key();
    void load(inventory::table table);
    scope_part& part(const std::string& scope);
    // The table of this run's kind that `table` names; throws for another kind's.
    table_run& owned_table(inventory::table table);
    void write_batch(const std::string& scope, const std::vector<inventory::record>& batch);
    // Appends COPY lines to `table`'s staging (created first if need be)
    // through an open stream: the run's own (ending one into another table
    // first) or, every other time while it has room, the side stream.
    void stage(inventory::table table, std::string lines);
    void write_sample_batch(const std::string& scope,
                            const std::vector<inventory::metric_sample>& batch);
    void discard_scope(const std::string& scope);
    void merge(pqxx::transaction_base& tx, inventory::table table, inventory::run_counts& counts);
    void remove_unseen(pqxx::transaction_base& tx, inventory::table table,
                       inventory::run_counts& counts);
    void ensure_partitions();
    void insert_samples(pqxx::transaction_base& tx, inventory::run_counts& counts);
    // Scopes whose unseen rows stay: the failed ones, and '' (rows of unknown
    // scope) when any failed. A text[] literal.
    std::string protected_scopes() const;
    std::string failure_summary() const;
    std::string failed_scopes_json() const;
    std::string empty_scopes_json() const;
    void finish(inventory::run_status status, const std::string& error) noexcept;
    void remember_error(std::string message) noexcept;
    void append_key(std::string& out, const inventory::record& value, row_id id_hash,
                    std::uint64_t content_hash, const std::string& scope) const;

    session& db_;
    inventory::run_scope scope_;
    std::string instance_;
    inventory::run_id id_ = 0;
    std::uint64_t connection_ = 0; // session generation holding the staging
    bool staging_ready_ = false;
    std::unique_ptr<copy_stream> copy_; // open into copy_table_'s staging, or none
    inventory::table copy_table_{};
    session& side_db_;
    std::size_t side_after_;
    std::unique_ptr<side_copy> side_; // from side_after_ bytes staged on
    std::size_t staged_bytes_ = 0;
    bool to_side_ = false;          // the next write goes to the side stream if it has room
    std::optional<keyed_hash> key_; // loaded at begin()
    std::map<inventory::table, table_run> tables_;
    inventory::run_counts counts_; // seen only; the rest comes from the merge
    std::int64_t seq_ = 0;
    std::map<std::string, scope_part> scopes_; // every scope opened, each once
    std::vector<std::pair<std::string, std::string>> failed_scopes_;
    std::vector<std::pair<std::string, std::string>> empty_scopes_; // scope, reason
    bool samples_staged_ = false;
    std::set<std::int64_t> sample_days_; // UTC days since the epoch
    bool finished_ = false;
    std::atomic<bool> failed_{false};
    mutable std::mutex error_mutex_;
    std::string error_;
};

} // namespace cloudsync::store::detail
