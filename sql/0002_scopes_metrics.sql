-- 0002: scopes and partial runs; metric samples partitioned by day.
--
-- Scopes. Every inventory row remembers the part of its account it was read
-- in (`scope`: an Azure subscription, a GCP project, an AWS region; '' = the
-- whole account / written before 0002). A run whose scope failed ends
-- `partial` and leaves that scope's rows alone; sync_runs.failed_scopes says
-- which and why: [{"scope": ..., "error": ...}, ...].
--
-- Metric samples. Replaces 0001's table (never written by 0001's binaries:
-- rows there, if any, are carried over). One row per (tenant, account,
-- native_id, native_metric, ts): the provider's own metric name identifies a
-- sample, `metric` is the normalized name or ''. Range-partitioned by ts, one
-- partition per UTC day named metric_samples_pYYYYMMDD, created on demand by
-- cloudsync.ensure_metric_partitions (CREATE + ATTACH: ATTACH takes only SHARE
-- UPDATE EXCLUSIVE on the parent, so readers and writers are not blocked).
-- Retention detaches (CONCURRENTLY) and drops whole days, then deletes the
-- rest of the boundary day in bounded batches. The key starts with tenant
-- (distributable by tenant) and includes ts (a partitioned table's unique
-- keys must contain the partition key).

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vms', 'storage', 'networks', 'subnets', 'containers', 'alerts'] LOOP
        EXECUTE format('ALTER TABLE cloudsync.%I ADD COLUMN scope text NOT NULL DEFAULT ''''', t);
    END LOOP;
END
$$;

CREATE OR REPLACE VIEW cloudsync.resources WITH (security_invoker = true) AS
    SELECT 'vms'::text AS kind, tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at, scope FROM cloudsync.vms
    UNION ALL
    SELECT 'storage', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at, scope FROM cloudsync.storage
    UNION ALL
    SELECT 'networks', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at, scope FROM cloudsync.networks
    UNION ALL
    SELECT 'subnets', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at, scope FROM cloudsync.subnets
    UNION ALL
    SELECT 'containers', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at, scope FROM cloudsync.containers
    UNION ALL
    SELECT 'alerts', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at, scope FROM cloudsync.alerts;

ALTER TABLE cloudsync.sync_runs
    DROP CONSTRAINT sync_runs_status_check,
    ADD CONSTRAINT sync_runs_status_check
        CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
    ADD COLUMN failed_scopes jsonb NOT NULL DEFAULT '[]';

-- metric_samples, partitioned.
ALTER TABLE cloudsync.metric_samples RENAME TO metric_samples_0001;
ALTER TABLE cloudsync.metric_samples_0001
    RENAME CONSTRAINT metric_samples_pkey TO metric_samples_0001_pkey;
ALTER INDEX cloudsync.metric_samples_ts RENAME TO metric_samples_0001_ts;

CREATE TABLE cloudsync.metric_samples (
    tenant        text NOT NULL,
    account       text NOT NULL,
    provider      text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id     text NOT NULL,
    native_metric text NOT NULL,
    ts            timestamptz NOT NULL,
    metric        text NOT NULL DEFAULT '' CHECK (metric IN ('', 'cpu_percent',
                      'network_in_bytes', 'network_out_bytes', 'disk_read_bytes',
                      'disk_write_bytes')),
    value         double precision NOT NULL,
    unit          text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant, account, native_id, native_metric, ts)
) PARTITION BY RANGE (ts);
-- Samples arrive roughly in time order: a BRIN index is tiny and serves the
-- retention's boundary delete and time-range scans.
CREATE INDEX metric_samples_ts ON cloudsync.metric_samples USING brin (ts);

ALTER TABLE cloudsync.metric_samples ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_readers ON cloudsync.metric_samples FOR SELECT
    USING (tenant = ANY ((SELECT cloudsync.visible_tenants(current_user))::text[]));

-- Creates the day partitions of `days` that do not exist yet; returns how many
-- it created. Serialized by an advisory lock (several runs may ask at once).
-- Partitions get no grants: readers read through the parent, under its policy.
CREATE FUNCTION cloudsync.ensure_metric_partitions(days date[]) RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
DECLARE
    d       date;
    part    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(7306343372455911426);
    FOREACH d IN ARRAY coalesce(days, '{}') LOOP
        part := 'metric_samples_p' || to_char(d, 'YYYYMMDD');
        CONTINUE WHEN to_regclass('cloudsync.' || part) IS NOT NULL;
        EXECUTE format('CREATE TABLE cloudsync.%I (LIKE cloudsync.metric_samples '
                       'INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('ALTER TABLE cloudsync.%I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE cloudsync.metric_samples ATTACH PARTITION cloudsync.%I '
                       'FOR VALUES FROM (%L) TO (%L)', part,
                       d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION cloudsync.ensure_metric_partitions(date[]) FROM PUBLIC;

SELECT cloudsync.ensure_metric_partitions(
    (SELECT array_agg(DISTINCT (ts AT TIME ZONE 'UTC')::date) FROM cloudsync.metric_samples_0001));
INSERT INTO cloudsync.metric_samples (tenant, account, provider, native_id, native_metric, ts,
                                      metric, value, unit)
    SELECT tenant, account, provider, native_id, coalesce(nullif(provider_metric, ''), metric),
           ts, metric, value, unit
    FROM cloudsync.metric_samples_0001
    ON CONFLICT DO NOTHING;

-- Readers granted the old table keep reading the new one.
DO $$
DECLARE
    reader text;
BEGIN
    FOR reader IN
        SELECT DISTINCT a.grantee::regrole::text
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'cloudsync.metric_samples_0001'::regclass
          AND a.privilege_type = 'SELECT' AND a.grantee <> c.relowner AND a.grantee <> 0
    LOOP
        EXECUTE format('GRANT SELECT ON cloudsync.metric_samples TO %s', reader);
    END LOOP;
END
$$;

DROP TABLE cloudsync.metric_samples_0001;
