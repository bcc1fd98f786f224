// The store as the daemon sees it: one object owning the store threads and
// their PostgreSQL connections. It migrates the schema, applies tenants and
// reader grants from the config, implements inventory::run_store (the sync
// write path) and answers status and health questions. libpqxx stays behind
// this header (and in store's own .cpp files): nothing here names it.
//
// Threads: libpqxx is blocking, so every database call runs on a store thread.
// Each of `max_runs` run slots is one thread with its own connection and a
// queue of at most `queue_depth` pending batches; another thread serves
// migrate/apply_tenants/find/last_runs, one serves ping, one apply_retention.
// Awaitable methods may be called from any executor and resume on the caller's.
//
// Sessions: every connection gets connect_timeout, TCP keepalives and
// statement_timeout, and search_path = pg_catalog, pg_temp (all SQL of the
// store names its schema: a function planted in a writable schema never runs
// with the daemon's rights). No transaction stays open while a run waits on
// the cloud: only commit() holds one, briefly.
//
// Lifetime: every run (and scope) returned by begin() must be destroyed before
// the database. Destroying the database lets queued work finish for at most
// `shutdown_grace`, then cuts every connection's socket (a statement waiting
// on a hung server fails at once; an uncommitted transaction is rolled back by
// the server) and fails what is still queued without touching the network:
// the destructor returns within shutdown_grace plus the time a store thread
// needs to notice (milliseconds), never after a database timeout.
#pragma once

#include "core/secret.hpp"
#include "inventory/run.hpp"
#include "store/jobs.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cloudsync::store {

struct options {
    cloudsync::secret dsn;       // libpq conninfo or URI
    std::size_t max_runs = 4;    // concurrent runs; begin() waits for a free slot
    std::size_t queue_depth = 2; // batches queued per run before write() suspends
    // Added to the DSN unless it sets them itself.
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds keepalive_idle{30};     // keepalives=1, a dead peer is found in
    std::chrono::seconds keepalive_interval{10}; // idle + interval * count = 60 s
    int keepalive_count = 3;
    // Per statement; the final merge of a million rows must fit.
    std::chrono::milliseconds statement_timeout{std::chrono::minutes(10)};
    // The roles the store acts as (SET ROLE), empty for the login role:
    // migrations, grants and retention run as owner_role, everything else as
    // writer_role. See the README's "Roles" for the grants.
    std::string owner_role{};
    std::string writer_role{};
    // The daemon instance this store works for (cloudsync.instances.id): its
    // runs carry it, its leases are held by it. Empty for tools and tests that
    // run outside the shared schedule.
    std::string instance_id{};
    // How long destruction lets queued work finish before cutting connections.
    std::chrono::milliseconds shutdown_grace{std::chrono::seconds(5)};
    // Bytes of COPY text a run stages before it opens a second connection and
    // stages through both (two server backends then parse and store its rows;
    // the connection closes when the run ends). Small runs never pay for it.
    std::size_t second_copy_after = std::size_t{8} << 20;
    // Run once on each run slot's thread as the store starts; threads a run
    // starts (its second COPY's) inherit what it sets. The daemon lowers their
    // scheduling priority there, as it does its collection threads'.
    std::function<void()> run_thread_setup{};
};

struct tenant_spec {
    std::string name;
    std::vector<std::string> readers; // existing PostgreSQL roles
};

struct account_spec {
    std::string name;
    std::string tenant;
    inventory::provider cloud = inventory::provider::azure;
};

// What one apply_retention() removed.
struct retention_result {
    std::int64_t partitions_dropped = 0; // whole UTC days of samples
    std::int64_t rows_deleted = 0;       // samples deleted from the boundary day
};

class database final : public inventory::run_store {
public:
    // Starts the store threads; connects lazily (the first call that needs it).
    explicit database(options opts);
    ~database() override;
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // Applies every pending migration in one transaction under an advisory
    // lock (safe with several daemons). Returns the schema version. Throws
    // store_error when the database's version is newer than the binary knows.
    boost::asio::awaitable<int> migrate();

    // Upserts tenants and accounts; records tenant -> reader roles; grants
    // USAGE/SELECT (schema, inventory and bookkeeping tables, resources view)
    // to every listed reader and revokes them from readers no longer listed.
    // Never creates or drops roles: a reader role that does not exist is a
    // store_error naming it, and nothing is changed (one transaction).
    // An account that moved to another tenant, or is missing from the list,
    // loses every row it wrote (inventory, samples, changes, runs) in the same
    // transaction: rows keep the tenant they were written for, so they must not
    // outlive the account's place in that tenant. A run whose account moved
    // meanwhile fails at commit and writes nothing. Tenants missing from the
    // list are kept.
    // With several instances (`instance`: this one, registered in the same
    // transaction, after the writer's grants), an account a live peer's config
    // still holds under the same tenant is neither purged nor moved.
    boost::asio::awaitable<void> apply_tenants(std::vector<tenant_spec> tenants,
                                               std::vector<account_spec> accounts,
                                               std::optional<instance_info> instance = {});

    // inventory::run_store. Kind -> tables a run owns (and deletes unseen rows
    // from at commit): vms->vms, storage->storage, networks->networks+subnets,
    // containers->containers, alerts->alerts. A metrics run owns no inventory
    // table (deletes nothing): its write_samples() append to metric_samples,
    // counted as seen/added (added: samples not already stored).
    boost::asio::awaitable<std::unique_ptr<inventory::run>>
    begin(inventory::run_scope scope) override;
    boost::asio::awaitable<std::optional<inventory::run_record>>
    find(inventory::run_id id) override;

    // Marks failed, with an error starting "interrupted", every run still
    // 'running' that no live process carries out (each run holds an advisory
    // lock on its session until it ends: a SIGKILL, an OOM kill or a database
    // restart drops it). Runs of other daemons on the same database are left
    // alone. Returns the ids it marked. Called at start, after migrate().
    boost::asio::awaitable<std::vector<inventory::run_id>> mark_interrupted_runs();

    // The latest run per (account, kind), for /status after a restart; with a
    // status, the latest run that ended so (e.g. the last success of each job).
    boost::asio::awaitable<std::vector<inventory::run_record>>
    last_runs(std::optional<inventory::run_status> status = std::nullopt);

    // Removes metric samples older than now() - retention: drops (DETACH
    // CONCURRENTLY, then DROP) every day partition wholly older, deletes the
    // older rows of the boundary day in batches of 10,000 (autocommit: no
    // long transaction), and creates the partitions of yesterday..today+2
    // ahead of the writers. Idempotent and cheap when nothing expired; finishes
    // a detach an interrupted earlier call left pending. Runs on its own store
    // thread (it may wait up to lock_timeout = 10s per partition for readers).
    // Throws store_error; a non-positive retention is refused.
    boost::asio::awaitable<retention_result> apply_retention(std::chrono::seconds retention);

    // The same for the run history, changes (by `at`) and sync_runs (by
    // started_at), with one retention; the result adds up both tables.
    boost::asio::awaitable<retention_result>
    apply_history_retention(std::chrono::seconds retention);

    // --- Several instances on one database (jobs.hpp). Each runs on the
    // store's board thread (acting as the writer) in one transaction; leases
    // and due times are the database's clock. options::instance_id names this
    // instance; it must be set for these calls.

    // Refreshes its heartbeat; every instance row and the schema version.
    boost::asio::awaitable<heartbeat_result> heartbeat(instance_info self);
    // Removes its row (clean shutdown): peers see at once that it is gone.
    boost::asio::awaitable<void> deregister_instance();

    // Puts this instance's jobs on the board (kept as they are when present).
    boost::asio::awaitable<void> enlist_jobs(std::vector<job_entry> jobs);
    // Leases up to `limit` of `mine` that are due (or triggered; only those
    // when triggered_only) and held by no live lease, for `lease`.
    boost::asio::awaitable<claim_result> claim_jobs(std::vector<job_ref> mine, std::size_t limit,
                                                    bool triggered_only,
                                                    std::chrono::milliseconds lease);
    // Extends these leases; returns the ones this instance still holds.
    boost::asio::awaitable<std::vector<job_ref>> renew_leases(std::vector<job_ref> held,
                                                              std::chrono::milliseconds lease);
    // Ends a lease: the job is next due `next_due_in` from now. notify: wake
    // the peers (the job is due soon). False when the lease was no longer held.
    boost::asio::awaitable<bool> release_lease(job_ref job, std::chrono::milliseconds next_due_in,
                                               int consecutive_failures,
                                               std::optional<inventory::run_id> run, bool notify);
    // Sets a job's pending trigger (the first instance with a free slot runs it).
    boost::asio::awaitable<job_trigger_result> trigger_job(job_ref job, std::string trigger,
                                                           bool notify);
    // Every job on the board with its latest run, by account and kind.
    boost::asio::awaitable<std::vector<job_row>> read_jobs();
    // Starts a thread that LISTENs on the jobs channel and calls on_change
    // (on that thread; it must only post) for each notification and after each
    // reconnect. Call at most once; it ends with the database.
    void listen_jobs(std::function<void()> on_change);

    // True when `SELECT 1` answers within `timeout`. Never throws.
    boost::asio::awaitable<bool> ping(std::chrono::milliseconds timeout);

    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

} // namespace cloudsync::store
