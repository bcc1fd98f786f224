// The store's SQL statements, named. Statements that differ per inventory
// table are built from its column list (copy_text.hpp). No SQL elsewhere.
// Every object is schema-qualified (cloudsync.*, pg_temp.*): sessions run
// with search_path = pg_catalog, pg_temp (connect.hpp).
#pragma once

#include "store/detail/copy_text.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsync::store::detail::sql {

// Only for an account the config registered under this tenant: no row.
inline constexpr const char* insert_run =
    "INSERT INTO cloudsync.sync_runs (tenant, account, provider, kind, trigger, status, "
    "instance) SELECT $1, $2, $3, $4, $5, 'running', nullif($6, '') WHERE EXISTS (SELECT 1 FROM cloudsync.accounts "
    "WHERE account = $2 AND tenant = $1) RETURNING id";

// A run holds a session advisory lock keyed by its id, from the transaction
// that inserts its row until it ends. A 'running' row whose lock nobody holds
// belongs to a process or connection that died (SIGKILL, OOM kill, a database
// restart): mark_interrupted fails it, and never a run another daemon on the
// same database is still carrying out. (Run ids stay far below the constant
// keys of the transaction-scoped locks here.)
inline constexpr const char* lock_run = "SELECT pg_advisory_lock($1::bigint)";
inline constexpr const char* unlock_run = "SELECT pg_advisory_unlock($1::bigint)";
inline constexpr const char* mark_interrupted =
    "UPDATE cloudsync.sync_runs r SET status = 'failed', finished_at = clock_timestamp(), "
    "error = 'interrupted: ' || coalesce('instance ' || r.instance, 'the daemon') || "
    "' or its database connection ended during the run' "
    "WHERE r.status = 'running' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.database = (SELECT oid FROM pg_catalog.pg_database "
    "WHERE datname = pg_catalog.current_database()) "
    "AND l.classid = (r.id >> 32)::oid AND l.objid = (r.id & 4294967295)::oid) "
    "RETURNING r.id";

// $10 the run's tenant: the key (tenant, id, started_at) starts with it.
inline constexpr const char* finish_run =
    "UPDATE cloudsync.sync_runs SET status = $2, finished_at = clock_timestamp(), seen = $3, "
    "added = $4, modified = $5, removed = $6, error = $7, failed_scopes = $8::jsonb, "
    "empty_scopes = $9::jsonb "
    "WHERE tenant = $10 AND id = $1";

inline constexpr const char* run_columns =
    "SELECT id, tenant, account, provider, kind, trigger, status, "
    "(extract(epoch FROM started_at) * 1000000)::bigint, "
    "(extract(epoch FROM finished_at) * 1000000)::bigint, "
    "seen, added, modified, removed, error, failed_scopes::text, empty_scopes::text "
    "FROM cloudsync.sync_runs ";

// A run is looked up by id alone, and every key of sync_runs starts with
// tenant: one index descent per tenant (there are few) instead of a scan.
inline constexpr const char* find_run_where =
    "WHERE tenant = ANY (ARRAY(SELECT tenant FROM cloudsync.tenants)) AND id = $1";

// An account's rows live under one tenant at a time (moving it purges them),
// so (tenant, account, kind) groups are (account, kind) groups; the tenant
// lets sync_runs_latest give the order and the key find the rows.
inline constexpr const char* last_runs_where =
    "WHERE (tenant, id) IN (SELECT DISTINCT ON (tenant, account, kind) tenant, id "
    "FROM cloudsync.sync_runs ORDER BY tenant, account, kind, id DESC) ORDER BY account, kind";
inline constexpr const char* last_runs_with_status_where =
    "WHERE (tenant, id) IN (SELECT DISTINCT ON (tenant, account, kind) tenant, id "
    "FROM cloudsync.sync_runs WHERE status = $1 ORDER BY tenant, account, kind, id DESC) "
    "ORDER BY account, kind";

inline constexpr const char* ping = "SELECT 1";

// --- metric samples
// A session temp table, kept for the connection's life and emptied at each
// run's begin and end. Not LIKE cloudsync.metric_samples: nothing of the run
// may lock the parent before its partitions exist (see insert_samples).
inline constexpr const char* create_sample_stage =
    "CREATE TEMP TABLE IF NOT EXISTS stage_samples (scope text NOT NULL, native_id text NOT NULL, "
    "metric text NOT NULL, native_metric text NOT NULL, ts timestamptz NOT NULL, "
    "value double precision NOT NULL, unit text NOT NULL)";
inline constexpr const char* sample_stage = "pg_temp.stage_samples";
inline constexpr const char* clear_sample_stage = "TRUNCATE pg_temp.stage_samples";
inline constexpr const char* discard_samples = "DELETE FROM pg_temp.stage_samples WHERE scope = $1";
// $1: date[] literal. Looks names up without locking anything.
inline constexpr const char* missing_partitions =
    "SELECT count(*) FROM unnest($1::date[]) d "
    "WHERE to_regclass('cloudsync.metric_samples_p' || to_char(d, 'YYYYMMDD')) IS NULL";
inline constexpr const char* ensure_partitions =
    "SELECT cloudsync.ensure_metric_partitions($1::date[])";
inline constexpr const char* insert_samples =
    "INSERT INTO cloudsync.metric_samples (tenant, account, provider, native_id, native_metric, "
    "ts, metric, value, unit) SELECT $1, $2, $3, native_id, native_metric, ts, metric, value, "
    "unit FROM pg_temp.stage_samples ON CONFLICT DO NOTHING";

// --- retention (autocommit: DETACH ... CONCURRENTLY cannot run in a transaction)
// A table partitioned by UTC day into <parent>_pYYYYMMDD.
struct day_partitioned {
    std::string_view parent; // in schema cloudsync
    std::string_view column; // the partition key
    std::string_view ensure; // the function creating day partitions, taking date[]
};
inline constexpr day_partitioned metric_days{"metric_samples", "ts", "ensure_metric_partitions"};
inline constexpr day_partitioned change_days{"changes", "at", "ensure_history_partitions"};
inline constexpr day_partitioned run_days{"sync_runs", "started_at", "ensure_history_partitions"};
inline constexpr const char* retention_session = "SET lock_timeout = '10s'";
// Yesterday to the day after tomorrow, created ahead of the writers.
std::string retention_ahead(const day_partitioned& table);
// Day partitions detached but not dropped (an interrupted earlier retention).
std::string retention_leftovers(const day_partitioned& table);
// $1 cutoff: attached day partitions whose whole day is older.
std::string retention_expired(const day_partitioned& table);
// ($1 seconds) -> the cutoff and the name of the partition holding it.
std::string retention_cutoff(const day_partitioned& table);
inline constexpr int retention_batch = 10000;
// The boundary day's partition: rows older than the cutoff, one bounded batch.
std::string retention_delete(const day_partitioned& table, const std::string& quoted_partition);
// Today's and tomorrow's partitions of changes and sync_runs, created when
// missing (a run writes both; the names are looked up without locking).
inline constexpr const char* ensure_history_days =
    "SELECT cloudsync.ensure_history_partitions(days) FROM (SELECT ARRAY[d, d + 1] AS days "
    "FROM (SELECT (now() AT TIME ZONE 'UTC')::date AS d) t) s WHERE EXISTS (SELECT 1 "
    "FROM unnest(days) x, unnest(ARRAY['changes', 'sync_runs']) n "
    "WHERE to_regclass('cloudsync.' || n || '_p' || to_char(x, 'YYYYMMDD')) IS NULL)";

// --- migrations
inline constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(7306343372455911424)";
inline constexpr const char* migration_table =
    "CREATE SCHEMA IF NOT EXISTS cloudsync; "
    "CREATE TABLE IF NOT EXISTS cloudsync.schema_migrations ("
    "version integer PRIMARY KEY, name text NOT NULL, "
    "applied_at timestamptz NOT NULL DEFAULT now())";
inline constexpr const char* migration_version =
    "SELECT coalesce(max(version), 0) FROM cloudsync.schema_migrations";
inline constexpr const char* migration_record =
    "INSERT INTO cloudsync.schema_migrations (version, name) VALUES ($1, $2)";

// --- tenants and readers
inline constexpr const char* tenants_lock = "SELECT pg_advisory_xact_lock(7306343372455911425)";
// The locks cloudsync.ensure_history_partitions and ensure_metric_partitions
// attach day partitions under, in the order a run takes them. GRANT, REVOKE
// and ALTER POLICY rewrite a table's catalog row without locking the table,
// and attaching a table's first partition rewrites the parent's: run side by
// side, one of the two fails with "tuple concurrently updated".
inline constexpr const char* partition_locks = "SELECT pg_advisory_xact_lock(7306343372455911427), "
                                               "pg_advisory_xact_lock(7306343372455911426)";
inline constexpr const char* role_exists = "SELECT 1 FROM pg_roles WHERE rolname = $1";
inline constexpr const char* current_readers =
    "SELECT DISTINCT role_name FROM cloudsync.tenant_readers";
inline constexpr const char* upsert_tenant =
    "INSERT INTO cloudsync.tenants (tenant) VALUES ($1) ON CONFLICT DO NOTHING";
inline constexpr const char* upsert_account =
    "INSERT INTO cloudsync.accounts (tenant, account, provider) VALUES ($1, $2, $3) "
    "ON CONFLICT (account) DO UPDATE SET tenant = excluded.tenant, provider = excluded.provider";
inline constexpr const char* clear_readers = "DELETE FROM cloudsync.tenant_readers";
// The accounts the database knows and their tenants, locked against the final
// transaction of a run (which holds its account's row FOR SHARE: see
// run_account_tenant) until the config is applied.
inline constexpr const char* known_accounts =
    "SELECT account, tenant FROM cloudsync.accounts FOR UPDATE";
// Every statement that deletes all rows of account $1, in every table that
// holds any: each inventory table, metric_samples (through its partitions),
// changes and sync_runs.
std::vector<std::string> delete_account_rows();
inline constexpr const char* delete_account = "DELETE FROM cloudsync.accounts WHERE account = $1";
// In a run's final transaction: the account's tenant now, its row held until
// commit so that the config cannot move the account meanwhile.
inline constexpr const char* run_account_tenant =
    "SELECT tenant FROM cloudsync.accounts WHERE account = $1 FOR SHARE";
inline constexpr const char* insert_reader =
    "INSERT INTO cloudsync.tenant_readers (tenant, role_name) VALUES ($1, $2) "
    "ON CONFLICT DO NOTHING";
// What a reader may read (GRANT/REVOKE targets).
inline constexpr const char* reader_tables =
    "cloudsync.vms, cloudsync.storage, cloudsync.networks, cloudsync.subnets, "
    "cloudsync.containers, cloudsync.alerts, cloudsync.metric_samples, cloudsync.tenants, "
    "cloudsync.accounts, cloudsync.sync_runs, cloudsync.changes, cloudsync.jobs, "
    "cloudsync.resources";
inline constexpr const char* reader_function = "cloudsync.visible_tenants(name)";
// What the writer role writes, and the functions the write path calls.
inline constexpr const char* writer_tables =
    "cloudsync.vms, cloudsync.storage, cloudsync.networks, cloudsync.subnets, "
    "cloudsync.containers, cloudsync.alerts, cloudsync.metric_samples, cloudsync.tenants, "
    "cloudsync.accounts, cloudsync.sync_runs, cloudsync.changes, cloudsync.jobs, "
    "cloudsync.instances";
inline constexpr const char* writer_functions =
    "cloudsync.visible_tenants(name), cloudsync.ensure_metric_partitions(date[]), "
    "cloudsync.ensure_history_partitions(date[])";
// Whether role $1 already has every privilege listed in $2 (table names,
// ", "-separated, each privilege of $3, ", "-separated), SELECT on the tables of $6,
// the schema's USAGE, EXECUTE on the functions in $4 (";"-separated) and, with
// $5 (the writer), USAGE and CREATE on cloudsync_stage (the runs' staging
// tables), USAGE on every sequence of the schema and the writer policies
// pointing at it. Applying a config that changes nothing then takes no lock a
// peer's runs would wait on (GRANT and ALTER POLICY lock the tables).
inline constexpr const char* privileges_in_place =
    "SELECT has_schema_privilege($1, 'cloudsync', 'USAGE') "
    "AND (NOT $5 OR (has_schema_privilege($1, 'cloudsync_stage', 'USAGE') "
    "AND has_schema_privilege($1, 'cloudsync_stage', 'CREATE'))) "
    "AND coalesce((SELECT bool_and(has_table_privilege($1, t, p)) "
    "FROM unnest(string_to_array($2, ', ')) t, unnest(string_to_array($3, ', ')) p), true) "
    "AND coalesce((SELECT bool_and(has_table_privilege($1, t, 'SELECT')) "
    "FROM unnest(string_to_array($6, ', ')) t), true) "
    "AND coalesce((SELECT bool_and(has_function_privilege($1, f, 'EXECUTE')) "
    "FROM unnest(string_to_array($4, ';')) f), true) "
    "AND (NOT $5 OR (coalesce((SELECT bool_and(has_sequence_privilege($1, c.oid, 'USAGE')) "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'cloudsync' AND c.relkind = 'S'), true) "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c "
    "ON c.oid = p.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'cloudsync' AND p.polname = 'writer' AND p.polroles <> "
    "ARRAY[(SELECT oid FROM pg_catalog.pg_roles WHERE rolname = $1)])))";
// sql::writer_functions, ";"-separated for privileges_in_place.
std::string function_list(std::string_view functions);

// The tables under FORCE ROW LEVEL SECURITY, each with a policy `writer`.
std::vector<std::string> row_security_tables();
inline constexpr const char* bypasses_row_security =
    "SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = $1";
// Why role $1 could read around the tenant policies: superuser, BYPASSRLS,
// member of the schema's owner, of the writer $2 ('' = the login role) or of
// the login role; with those roles' names for the message.
inline constexpr const char* reader_privileges =
    "SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypassrls, "
    "pg_catalog.pg_has_role(r.oid, n.nspowner, 'MEMBER') AS of_owner, o.rolname AS owner, "
    "pg_catalog.pg_has_role(r.oid, w.name, 'MEMBER') AS of_writer, w.name AS writer, "
    "pg_catalog.pg_has_role(r.oid, session_user, 'MEMBER') AS of_login, session_user AS login "
    "FROM pg_catalog.pg_roles r, pg_catalog.pg_namespace n "
    "JOIN pg_catalog.pg_roles o ON o.oid = n.nspowner, "
    "(SELECT coalesce(nullif($2, ''), session_user)::name AS name) w "
    "WHERE r.rolname = $1 AND n.nspname = 'cloudsync'";

// --- the write path, per table
// A cursor over (id_hash, content_hash) of one account's rows; literals quoted.
std::string load_hashes(const table_info& table, const std::string& tenant_literal,
                        const std::string& account_literal);
inline constexpr const char* select_hash_key = "SELECT encode(key, 'hex') FROM cloudsync.hash_key";
inline constexpr const char* fetch_hashes = "FETCH 100000 FROM cloudsync_load";
inline constexpr const char* close_hashes = "CLOSE cloudsync_load";
// Staging: one table per run and inventory table, cloudsync_stage.run_<id>_<name>
// (its columns plus seq, the order of arrival, and is_new), created by the
// first row the run stages there and dropped at its end. UNLOGGED (a crash loses only runs that
// are lost anyway) with autovacuum off (it is written once and read once,
// and a vacuum of 2 GB mid-crawl would take a core from it). Unlike a session
// temp table, every connection of the run reaches it. Rows carry their scope,
// so a failed scope's rows are deleted by scope (a scan of the staging table,
// which holds only the run's added and changed rows).
std::string create_staging(const table_info& table, std::int64_t run);
std::string staging(const table_info& table, std::int64_t run);
std::string drop_staging(const table_info& table, std::int64_t run);
std::string discard_staged(const table_info& table, std::int64_t run); // $1: scope
// The staging tables of runs no session holds (their process or connection
// died; see lock_run): schema-qualified names, quoted.
inline constexpr const char* orphaned_staging =
    "SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) "
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "CROSS JOIN LATERAL (SELECT pg_catalog.substring(c.relname, '^run_([0-9]{1,18})_')::bigint "
    "AS id) r WHERE n.nspname = 'cloudsync_stage' AND c.relkind = 'r' AND r.id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.database = (SELECT oid FROM pg_catalog.pg_database "
    "WHERE datname = pg_catalog.current_database()) "
    "AND l.classid = (r.id >> 32)::oid AND l.objid = (r.id & 4294967295)::oid)";
std::string create_unseen(const table_info& table);
// The staged rows not new to the table (changed, or repeated in this run).
std::string merge(const table_info& table, std::int64_t run);
// Rows first seen in this run (the content index knew no such id) are inserted
// as they are, with an `added` change each: no sort, no join, no upsert. Their
// ids are distinct (a repeat in the same run is staged as changed). $1 run id.
std::string insert_new(const table_info& table, std::int64_t run);
std::string remove_unseen(const table_info& table);

// --- leased jobs: several instances on one database (jobs.hpp)
// Every time is the database's clock (now()); instances pass delays, so
// their own clocks never need to agree. $N arrays are text literals.
// Puts this instance's jobs on the board; a job already there keeps its
// schedule and lease. $5: delay until first due, in ms, per job.
inline constexpr const char* enlist_jobs =
    "INSERT INTO cloudsync.jobs (tenant, account, kind, provider, next_due) "
    "SELECT e.tenant, e.account, e.kind, e.provider, now() + e.delay * interval '1 millisecond' "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) "
    "AS e(tenant, account, kind, provider, delay) "
    "JOIN cloudsync.accounts a ON a.tenant = e.tenant AND a.account = e.account "
    "ON CONFLICT (tenant, account, kind) DO UPDATE SET provider = excluded.provider "
    "WHERE cloudsync.jobs.provider IS DISTINCT FROM excluded.provider";
// Leases up to $4 of the jobs ($2 accounts x $3 kinds, pairwise) that are due
// (or triggered; only triggered when $5) and held by nobody live, for $6 ms.
// SKIP LOCKED: instances claiming at once each get different rows, none waits.
// A claimed job is due from the claim on (a triggered claim takes a job due
// only later): if its instance dies in the run, the job is claimable as soon
// as the lease lapses, and the peer that claims it marks the lost run
// interrupted. The release sets the next due time.
inline constexpr const char* claim_jobs =
    "WITH picked AS (SELECT j.tenant, j.account, j.kind, j.pending_trigger, "
    "j.consecutive_failures, j.lease_owner FROM cloudsync.jobs j "
    "JOIN unnest($2::text[], $3::text[]) AS m(account, kind) "
    "ON m.account = j.account AND m.kind = j.kind "
    "WHERE (j.lease_owner IS NULL OR j.lease_expires < now()) "
    "AND (j.pending_trigger IS NOT NULL OR (NOT $5 AND j.next_due <= now())) "
    "ORDER BY j.pending_trigger IS NULL, j.next_due, j.account, j.kind LIMIT $4 "
    "FOR UPDATE OF j SKIP LOCKED) "
    "UPDATE cloudsync.jobs j SET lease_owner = $1, "
    "lease_expires = now() + $6 * interval '1 millisecond', pending_trigger = NULL, "
    "next_due = least(j.next_due, now()) "
    "FROM picked p WHERE j.tenant = p.tenant AND j.account = p.account AND j.kind = p.kind "
    "RETURNING j.account, j.kind, coalesce(p.pending_trigger, 'schedule'), "
    "p.consecutive_failures, p.lease_owner";
// Milliseconds until the earliest of these jobs may be claimed: due, or its
// lease lapsing; NULL when there is none.
inline constexpr const char* next_claimable =
    "SELECT (extract(epoch FROM min(CASE WHEN j.pending_trigger IS NOT NULL THEN now() "
    "WHEN j.lease_owner IS NULL THEN j.next_due "
    "ELSE greatest(j.next_due, j.lease_expires) END) - now()) * 1000)::bigint "
    "FROM cloudsync.jobs j JOIN unnest($1::text[], $2::text[]) AS m(account, kind) "
    "ON m.account = j.account AND m.kind = j.kind";
inline constexpr const char* renew_leases =
    "UPDATE cloudsync.jobs j SET lease_expires = now() + $4 * interval '1 millisecond' "
    "FROM unnest($2::text[], $3::text[]) AS m(account, kind) "
    "WHERE j.account = m.account AND j.kind = m.kind AND j.lease_owner = $1 "
    "RETURNING j.account, j.kind";
// $4: ms from now to the next due time; $6: the run (NULL when begin failed).
inline constexpr const char* release_lease =
    "UPDATE cloudsync.jobs SET lease_owner = NULL, lease_expires = NULL, "
    "next_due = now() + $4 * interval '1 millisecond', consecutive_failures = $5, "
    "last_run = coalesce($6, last_run) "
    "WHERE account = $2 AND kind = $3 AND lease_owner = $1";
// One job's trigger: set unless a live lease holds it or one is pending.
// Returns (leased, already pending); no row: no such job.
inline constexpr const char* trigger_job =
    "WITH j AS (SELECT tenant, account, kind, pending_trigger, "
    "(lease_owner IS NOT NULL AND lease_expires >= now()) AS leased FROM cloudsync.jobs "
    "WHERE account = $1 AND kind = $2 FOR UPDATE), "
    "u AS (UPDATE cloudsync.jobs t SET pending_trigger = $3 FROM j "
    "WHERE t.tenant = j.tenant AND t.account = j.account AND t.kind = j.kind "
    "AND NOT j.leased AND j.pending_trigger IS NULL RETURNING 1) "
    "SELECT j.leased, j.pending_trigger IS NOT NULL, (SELECT count(*) FROM u) FROM j";
inline constexpr const char* notify_jobs = "SELECT pg_notify('cloudsync_jobs', '')";
inline constexpr const char* jobs_channel = "cloudsync_jobs";
// Every job with its last finished run (run columns first, as run_columns has
// them): the one its lease was released with, found by sync_runs' key.
std::string read_jobs();
// --- instances
inline constexpr const char* register_instance =
    "INSERT INTO cloudsync.instances (id, host, pid, version, config_digest, accounts, "
    "lease_seconds) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) ON CONFLICT (id) DO UPDATE SET "
    "config_digest = excluded.config_digest, accounts = excluded.accounts, "
    "lease_seconds = excluded.lease_seconds, heartbeat_at = now()";
inline constexpr const char* beat_instance =
    "UPDATE cloudsync.instances SET heartbeat_at = now() WHERE id = $1";
inline constexpr const char* read_instances =
    "SELECT id, host, pid, version, config_digest, "
    "(extract(epoch FROM started_at) * 1000000)::bigint, "
    "(extract(epoch FROM heartbeat_at) * 1000000)::bigint, "
    "heartbeat_at >= now() - lease_seconds * interval '1 second' "
    "FROM cloudsync.instances ORDER BY started_at, id";
// Rows of instances gone for a day: long enough to be seen in /instances.
inline constexpr const char* forget_instances =
    "DELETE FROM cloudsync.instances WHERE heartbeat_at < now() - interval '1 day'";
inline constexpr const char* deregister_instance = "DELETE FROM cloudsync.instances WHERE id = $1";
// Accounts live peers (not $1) still sync, with the tenant their config says.
inline constexpr const char* peer_accounts =
    "SELECT a.key, a.value, i.id FROM cloudsync.instances i, jsonb_each_text(i.accounts) a "
    "WHERE i.id <> $1 AND i.heartbeat_at >= now() - i.lease_seconds * interval '1 second'";

inline constexpr const char* change_columns =
    "run_id, tenant, account, table_name, native_id, change";

} // namespace cloudsync::store::detail::sql
