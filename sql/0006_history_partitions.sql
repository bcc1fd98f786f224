-- 0006: the run history in day partitions, so that its retention is cheap.
--
-- cloudsync.changes (a row per added, modified or removed row of every run)
-- and cloudsync.sync_runs (a row per run) grew without bound. Both are now
-- partitioned by UTC day on their time column, like metric_samples, and
-- history.retention (default 90 days) drops whole days: DETACH ... CONCURRENTLY
-- and DROP, never a mass DELETE. The rows already there move into the day
-- partitions of their own days. Columns, defaults, checks, row-level security
-- and run ids stay as they were; sync_runs' primary key becomes (id,
-- started_at), as a partitioned table's must include its partition key (ids
-- still come from one identity sequence).

ALTER TABLE cloudsync.changes RENAME TO changes_0005;
ALTER INDEX cloudsync.changes_run RENAME TO changes_0005_run;
CREATE TABLE cloudsync.changes (LIKE cloudsync.changes_0005 INCLUDING DEFAULTS
                                INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (at);
CREATE INDEX changes_run ON cloudsync.changes (run_id);
CREATE INDEX changes_at ON cloudsync.changes USING brin (at);

ALTER TABLE cloudsync.sync_runs RENAME TO sync_runs_0005;
ALTER TABLE cloudsync.sync_runs_0005 RENAME CONSTRAINT sync_runs_pkey TO sync_runs_0005_pkey;
ALTER INDEX cloudsync.sync_runs_latest RENAME TO sync_runs_0005_latest;
CREATE TABLE cloudsync.sync_runs (LIKE cloudsync.sync_runs_0005 INCLUDING DEFAULTS
                                  INCLUDING CONSTRAINTS INCLUDING IDENTITY,
                                  PRIMARY KEY (id, started_at))
    PARTITION BY RANGE (started_at);
CREATE INDEX sync_runs_latest ON cloudsync.sync_runs (account, kind, id DESC);
CREATE INDEX sync_runs_started ON cloudsync.sync_runs USING brin (started_at);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['changes', 'sync_runs'] LOOP
        EXECUTE format('ALTER TABLE cloudsync.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cloudsync.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_readers ON cloudsync.%I FOR SELECT '
                       'USING (tenant = ANY ((SELECT cloudsync.visible_tenants(current_user))::text[]))',
                       t);
        EXECUTE format('CREATE POLICY writer ON cloudsync.%I FOR ALL TO CURRENT_USER '
                       'USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- Creates the day partitions of both tables for `days` that do not exist yet;
-- returns how many it created. Runs with the owner's rights (only the owner
-- may create tables) and creates nothing but partitions named after the days
-- it is given. ATTACH, not CREATE ... PARTITION OF: it locks the parent only
-- against other DDL, never against readers or writing runs.
CREATE FUNCTION cloudsync.ensure_history_partitions(days date[]) RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog
AS $$
DECLARE
    t       text;
    d       date;
    part    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(7306343372455911427);
    FOREACH t IN ARRAY ARRAY['changes', 'sync_runs'] LOOP
        FOREACH d IN ARRAY coalesce(days, '{}') LOOP
            part := t || '_p' || to_char(d, 'YYYYMMDD');
            CONTINUE WHEN to_regclass('cloudsync.' || part) IS NOT NULL;
            EXECUTE format('CREATE TABLE cloudsync.%I (LIKE cloudsync.%I '
                           'INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, t);
            EXECUTE format('ALTER TABLE cloudsync.%I ENABLE ROW LEVEL SECURITY', part);
            EXECUTE format('ALTER TABLE cloudsync.%I ATTACH PARTITION cloudsync.%I '
                           'FOR VALUES FROM (%L) TO (%L)', t, part,
                           d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION cloudsync.ensure_history_partitions(date[]) FROM PUBLIC;

SELECT cloudsync.ensure_history_partitions(ARRAY(
    SELECT (at AT TIME ZONE 'UTC')::date FROM cloudsync.changes_0005
    UNION SELECT (started_at AT TIME ZONE 'UTC')::date FROM cloudsync.sync_runs_0005
    UNION SELECT (now() AT TIME ZONE 'UTC')::date + i FROM generate_series(-1, 2) i));
INSERT INTO cloudsync.changes SELECT * FROM cloudsync.changes_0005;
INSERT INTO cloudsync.sync_runs OVERRIDING SYSTEM VALUE SELECT * FROM cloudsync.sync_runs_0005;
SELECT setval(pg_get_serial_sequence('cloudsync.sync_runs', 'id'),
              coalesce((SELECT max(id) FROM cloudsync.sync_runs_0005), 0) + 1, false);
DROP TABLE cloudsync.changes_0005, cloudsync.sync_runs_0005;
