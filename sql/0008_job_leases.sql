-- 0008: several cloudsyncd instances on one database.
--
-- `jobs` is the one schedule every instance shares: a row per (account,
-- collector kind) with its next due time and, while it runs, the lease of the
-- instance running it. An instance claims due rows with SELECT ... FOR UPDATE
-- SKIP LOCKED, renews its leases while the runs go on and releases them when
-- they end; a lease that lapses (its instance died) is taken over by a peer.
-- `instances` is who is alive: each instance's heartbeat, version, config
-- digest and the accounts its config holds (so no instance purges an account
-- a live peer still syncs). sync_runs remembers which instance ran a run.
CREATE TABLE cloudsync.jobs (
    tenant               text NOT NULL,
    account              text NOT NULL,
    kind                 text NOT NULL CHECK (kind IN ('vms', 'storage', 'networks', 'containers',
                                                       'metrics', 'alerts')),
    provider             text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    next_due             timestamptz NOT NULL,
    lease_owner          text,
    lease_expires        timestamptz,
    pending_trigger      text,
    consecutive_failures integer NOT NULL DEFAULT 0,
    last_run             bigint,
    PRIMARY KEY (tenant, account, kind),
    FOREIGN KEY (tenant, account) REFERENCES cloudsync.accounts (tenant, account)
        ON DELETE CASCADE ON UPDATE CASCADE,
    CHECK ((lease_owner IS NULL) = (lease_expires IS NULL))
);

ALTER TABLE cloudsync.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE cloudsync.jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_readers ON cloudsync.jobs FOR SELECT
    USING (tenant = ANY ((SELECT cloudsync.visible_tenants(current_user))::text[]));
CREATE POLICY writer ON cloudsync.jobs FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- Cluster bookkeeping, not tenant data: no reader is granted it.
CREATE TABLE cloudsync.instances (
    id            text PRIMARY KEY,
    host          text NOT NULL,
    pid           integer NOT NULL,
    version       text NOT NULL,
    config_digest text NOT NULL,
    accounts      jsonb NOT NULL DEFAULT '{}', -- account -> tenant, as its config has them
    lease_seconds integer NOT NULL CHECK (lease_seconds > 0),
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE cloudsync.sync_runs ADD COLUMN instance text;
