// One sync run on its store thread: the sync_runs row, the run's single
// transaction, change detection per owned table, COPY of new rows, staging of
// changed ones, and the merge + delete-unseen at commit. Every method runs on
// the slot's thread; only failed()/error() may be read from others.
// Failure contract: after any error the transaction is rolled back and the
// sync_runs row gets its final status in a separate short transaction, so the
// previous inventory is exactly as it was.
#pragma once

#include "inventory/run.hpp"
#include "store/detail/connect.hpp"
#include "store/detail/content_index.hpp"

#include <pqxx/transaction>

#include <atomic>
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
    run_state(session& db, inventory::run_scope scope);
    ~run_state();

    // Inserts the running sync_runs row (committed at once), opens the run's
    // transaction and loads the hashes of every owned table. Throws store_error.
    void begin();
    // Writes one batch; an error is kept (failed()) and ends the run.
    void write(const std::vector<inventory::record>& batch) noexcept;
    // Appends metric samples (staged in a temp table; inserted at commit with
    // ON CONFLICT DO NOTHING, so overlapping windows never duplicate a sample).
    // Errors as write().
    void write_samples(const std::vector<inventory::metric_sample>& batch) noexcept;
    // Scopes (run.hpp). The caller (store_run) has checked the bracketing.
    // begin: a savepoint and a journal of the content indexes; end: release
    // both; fail: roll back to the savepoint, undo the journal and the counts,
    // remember the scope as failed. Errors as write().
    void begin_scope(const std::string& scope) noexcept;
    void end_scope() noexcept;
    void fail_scope(const std::string& error) noexcept;
    // Merges, deletes unseen rows (never those of a failed scope), records changes, commits. Throws store_error
    // after rolling back and marking the run failed.
    inventory::run_counts commit();
    // Rolls back and records the final status. Never throws.
    void fail(inventory::run_status status, const std::string& error) noexcept;

    inventory::run_id id() const noexcept { return id_; }
    bool failed() const noexcept { return failed_.load(); }
    std::string error() const;

private:
    struct table_run {
        content_index index;
        bool staging = false;   // temp table created
        std::int64_t added = 0; // rows written by this run, for the metrics
        std::int64_t modified = 0;
        std::int64_t removed = 0;
    };

    // What fail_scope() restores.
    struct scope_mark {
        inventory::run_counts counts;
        std::map<inventory::table, std::pair<std::int64_t, bool>> tables; // added, staging
        bool samples_staging = false;
    };

    void insert_run();
    void write_sample_batch(const std::vector<inventory::metric_sample>& batch);
    void insert_samples(inventory::run_counts& counts);
    void create_partitions(const std::string& days);
    std::uint64_t content_hash(std::string& content) const;
    // Scopes whose unseen rows stay: the failed ones, and '' (rows of unknown
    // scope) when any failed. A text[] literal.
    std::string protected_scopes() const;
    std::string failure_summary() const;
    std::string failed_scopes_json() const;
    void load(inventory::table table);
    void write_batch(const std::vector<inventory::record>& batch);
    void copy_new(inventory::table table, const std::string& rows, const std::string& changes);
    void copy_staged(inventory::table table, const std::string& rows);
    void merge(inventory::table table, inventory::run_counts& counts);
    void remove_unseen(inventory::table table, inventory::run_counts& counts);
    void finish(inventory::run_status status, const std::string& error) noexcept;
    void remember_error(std::string message) noexcept;
    void append_added_change(std::string& out, inventory::table table,
                             const inventory::record& value) const;
    void append_key(std::string& out, const inventory::record& value, std::uint64_t id_hash,
                    std::uint64_t content_hash) const;

    session& db_;
    inventory::run_scope scope_;
    inventory::run_id id_ = 0;
    std::unique_ptr<pqxx::work> tx_;
    std::map<inventory::table, table_run> tables_;
    inventory::run_counts counts_;
    std::int64_t seq_ = 0;
    std::string scope_name_; // the open scope ("" outside brackets)
    std::optional<scope_mark> mark_; // set while a scope is open
    std::vector<std::string> scopes_begun_; // distinct, in order
    std::vector<std::pair<std::string, std::string>> failed_scopes_;
    bool samples_staging_ = false;
    std::set<std::int64_t> sample_days_; // UTC days since the epoch
    bool finished_ = false;
    std::atomic<bool> failed_{false};
    mutable std::mutex error_mutex_;
    std::string error_;
};

} // namespace cloudsync::store::detail
