-- 0009: every key and index of the tables to be distributed by tenant starts
-- with tenant.
--
-- On a distributed PostgreSQL (Citus) the inventory tables, metric_samples,
-- changes and sync_runs are split by tenant: a primary key or unique
-- constraint must then contain the distribution column, and an index that
-- starts with it serves the queries routed to one tenant's shard. The
-- inventory tables' keys (tenant, account, native_id) and metric_samples' key
-- already did; the run history and the time indexes did not:
--   sync_runs  primary key (id, started_at)      -> (tenant, id, started_at)
--   sync_runs  sync_runs_latest (account, kind, id DESC)
--                                                -> (tenant, account, kind, id DESC)
--   sync_runs  sync_runs_started brin (started_at) -> brin (tenant, started_at)
--   changes    changes_run (run_id)              -> (tenant, run_id)
--   changes    changes_at brin (at)              -> brin (tenant, at)
--   metric_samples metric_samples_ts brin (ts)   -> brin (tenant, ts)
-- A multicolumn BRIN index serves conditions on any subset of its columns, so
-- the retention's boundary deletes (on ts, at, started_at alone) still use
-- them. Readers' queries carry `tenant = ANY (...)` from the row policies,
-- which a tenant-first btree index serves as an index condition.
--
-- accounts keeps its UNIQUE (account): account names are global (the config,
-- the API and the jobs name an account alone), and accounts is one of the
-- small global tables (with tenants, tenant_readers, hash_key) that are
-- replicated whole (Citus reference tables), where any unique key is allowed.
--
-- Only indexes change: no row is rewritten or lost. Row-level security is
-- untouched (policies belong to the tables, not to their indexes). On a
-- partitioned table the new key and indexes are built on every partition.

ALTER TABLE cloudsync.sync_runs
    DROP CONSTRAINT sync_runs_pkey,
    ADD CONSTRAINT sync_runs_pkey PRIMARY KEY (tenant, id, started_at);

DROP INDEX cloudsync.sync_runs_latest;
CREATE INDEX sync_runs_latest ON cloudsync.sync_runs (tenant, account, kind, id DESC);
DROP INDEX cloudsync.sync_runs_started;
CREATE INDEX sync_runs_started ON cloudsync.sync_runs USING brin (tenant, started_at);

DROP INDEX cloudsync.changes_run;
CREATE INDEX changes_run ON cloudsync.changes (tenant, run_id);
DROP INDEX cloudsync.changes_at;
CREATE INDEX changes_at ON cloudsync.changes USING brin (tenant, at);

DROP INDEX cloudsync.metric_samples_ts;
CREATE INDEX metric_samples_ts ON cloudsync.metric_samples USING brin (tenant, ts);
