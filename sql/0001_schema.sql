-- 0001: the cloudsync schema: inventory tables, bookkeeping, the resources view
-- and row-level security by role membership.
-- Applied by the store's migration runner inside one transaction; the runner
-- creates cloudsync.schema_migrations itself.
--
-- Every inventory row: tenant, account, provider, native_id (key: tenant first,
-- so the tables can be distributed by tenant), name, region, tags, raw,
-- first_seen, updated_at, plus the store's change-detection hashes:
--   id_hash      64-bit hash of native_id (lets the store name rows compactly)
--   content_hash 64-bit hash of every other column value, raw included

CREATE SCHEMA IF NOT EXISTS cloudsync;

CREATE TABLE cloudsync.tenants (
    tenant     text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cloudsync.accounts (
    tenant     text NOT NULL REFERENCES cloudsync.tenants (tenant),
    account    text NOT NULL UNIQUE,
    provider   text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, account)
);

-- Which PostgreSQL roles may read which tenant (from the config's readers).
CREATE TABLE cloudsync.tenant_readers (
    tenant    text NOT NULL REFERENCES cloudsync.tenants (tenant) ON DELETE CASCADE,
    role_name text NOT NULL,
    PRIMARY KEY (tenant, role_name)
);

CREATE TABLE cloudsync.vms (
    tenant       text NOT NULL,
    account      text NOT NULL,
    provider     text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id    text NOT NULL,
    id_hash      bigint NOT NULL,
    content_hash bigint NOT NULL,
    name         text NOT NULL DEFAULT '',
    region       text NOT NULL DEFAULT '',
    tags         jsonb NOT NULL DEFAULT '{}',
    raw          jsonb NOT NULL DEFAULT '{}',
    first_seen   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    state        text NOT NULL DEFAULT 'unknown' CHECK (state IN ('running', 'stopped',
                     'deallocated', 'starting', 'stopping', 'terminated', 'unknown')),
    native_state text NOT NULL DEFAULT '',
    size         text NOT NULL DEFAULT '',
    private_ips  inet[] NOT NULL DEFAULT '{}',
    public_ips   inet[] NOT NULL DEFAULT '{}',
    os           text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant, account, native_id)
);

CREATE TABLE cloudsync.storage (
    tenant        text NOT NULL,
    account       text NOT NULL,
    provider      text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id     text NOT NULL,
    id_hash       bigint NOT NULL,
    content_hash  bigint NOT NULL,
    name          text NOT NULL DEFAULT '',
    region        text NOT NULL DEFAULT '',
    tags          jsonb NOT NULL DEFAULT '{}',
    raw           jsonb NOT NULL DEFAULT '{}',
    first_seen    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    type          text NOT NULL DEFAULT '',
    public_access boolean,
    encrypted     boolean,
    versioning    boolean,
    PRIMARY KEY (tenant, account, native_id)
);

CREATE TABLE cloudsync.networks (
    tenant       text NOT NULL,
    account      text NOT NULL,
    provider     text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id    text NOT NULL,
    id_hash      bigint NOT NULL,
    content_hash bigint NOT NULL,
    name         text NOT NULL DEFAULT '',
    region       text NOT NULL DEFAULT '',
    tags         jsonb NOT NULL DEFAULT '{}',
    raw          jsonb NOT NULL DEFAULT '{}',
    first_seen   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    cidrs        cidr[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant, account, native_id)
);

CREATE TABLE cloudsync.subnets (
    tenant       text NOT NULL,
    account      text NOT NULL,
    provider     text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id    text NOT NULL,
    id_hash      bigint NOT NULL,
    content_hash bigint NOT NULL,
    name         text NOT NULL DEFAULT '',
    region       text NOT NULL DEFAULT '',
    tags         jsonb NOT NULL DEFAULT '{}',
    raw          jsonb NOT NULL DEFAULT '{}',
    first_seen   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    network_id   text NOT NULL DEFAULT '',
    cidr         cidr,
    PRIMARY KEY (tenant, account, native_id)
);

CREATE TABLE cloudsync.containers (
    tenant       text NOT NULL,
    account      text NOT NULL,
    provider     text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id    text NOT NULL,
    id_hash      bigint NOT NULL,
    content_hash bigint NOT NULL,
    name         text NOT NULL DEFAULT '',
    region       text NOT NULL DEFAULT '',
    tags         jsonb NOT NULL DEFAULT '{}',
    raw          jsonb NOT NULL DEFAULT '{}',
    first_seen   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    state        text NOT NULL DEFAULT '',
    images       text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant, account, native_id)
);

CREATE TABLE cloudsync.alerts (
    tenant           text NOT NULL,
    account          text NOT NULL,
    provider         text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id        text NOT NULL,
    id_hash          bigint NOT NULL,
    content_hash     bigint NOT NULL,
    name             text NOT NULL DEFAULT '',
    region           text NOT NULL DEFAULT '',
    tags             jsonb NOT NULL DEFAULT '{}',
    raw              jsonb NOT NULL DEFAULT '{}',
    first_seen       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    state            text NOT NULL DEFAULT 'unknown' CHECK (state IN ('firing', 'ok', 'unknown')),
    severity         text NOT NULL DEFAULT '',
    enabled          boolean,
    target_ids       text[] NOT NULL DEFAULT '{}',
    condition        jsonb NOT NULL DEFAULT '{}',
    state_changed_at timestamptz,
    PRIMARY KEY (tenant, account, native_id)
);

-- Samples of normalized metrics (metric) beside the provider's own name.
-- Retention (dropping old data cheaply) is added with the metrics writer.
CREATE TABLE cloudsync.metric_samples (
    tenant          text NOT NULL,
    account         text NOT NULL,
    provider        text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    native_id       text NOT NULL,
    metric          text NOT NULL CHECK (metric IN ('cpu_percent', 'network_in_bytes',
                        'network_out_bytes', 'disk_read_bytes', 'disk_write_bytes')),
    provider_metric text NOT NULL DEFAULT '',
    ts              timestamptz NOT NULL,
    value           double precision NOT NULL,
    unit            text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant, account, native_id, metric, ts)
);
CREATE INDEX metric_samples_ts ON cloudsync.metric_samples (ts);

CREATE TABLE cloudsync.sync_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant      text NOT NULL,
    account     text NOT NULL,
    provider    text NOT NULL CHECK (provider IN ('azure', 'gcp', 'aws')),
    kind        text NOT NULL CHECK (kind IN ('vms', 'storage', 'networks', 'containers',
                    'metrics', 'alerts')),
    trigger     text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    seen        bigint NOT NULL DEFAULT 0,
    added       bigint NOT NULL DEFAULT 0,
    modified    bigint NOT NULL DEFAULT 0,
    removed     bigint NOT NULL DEFAULT 0,
    error       text NOT NULL DEFAULT ''
);
CREATE INDEX sync_runs_latest ON cloudsync.sync_runs (account, kind, id DESC);

-- Written in bulk by every run (one row per added/modified/removed row), so it
-- carries no foreign key (a per-row trigger) and a single index.
CREATE TABLE cloudsync.changes (
    run_id     bigint NOT NULL, -- cloudsync.sync_runs.id
    tenant     text NOT NULL,
    account    text NOT NULL,
    table_name text NOT NULL CHECK (table_name IN ('vms', 'storage', 'networks', 'subnets',
                   'containers', 'alerts')),
    native_id  text NOT NULL,
    change     text NOT NULL CHECK (change IN ('added', 'modified', 'removed')),
    fields     jsonb,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_run ON cloudsync.changes (run_id);

-- Top-level keys whose values differ between two JSON objects:
-- {"key": {"old": ..., "new": ...}}, '{}' when equal.
CREATE FUNCTION cloudsync.jsonb_diff(old_value jsonb, new_value jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
    SELECT coalesce(jsonb_object_agg(k, jsonb_build_object('old', old_value -> k,
                                                           'new', new_value -> k)), '{}')
    FROM (SELECT jsonb_object_keys(CASE jsonb_typeof(old_value) WHEN 'object' THEN old_value
                                        ELSE '{}' END) AS k
          UNION
          SELECT jsonb_object_keys(CASE jsonb_typeof(new_value) WHEN 'object' THEN new_value
                                        ELSE '{}' END)) AS keys
    WHERE (old_value -> k) IS DISTINCT FROM (new_value -> k)
$$;

-- Every inventory row, from whichever table, with the common columns.
-- security_invoker: the reader's own row-level security applies through it.
CREATE VIEW cloudsync.resources WITH (security_invoker = true) AS
    SELECT 'vms'::text AS kind, tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at FROM cloudsync.vms
    UNION ALL
    SELECT 'storage', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at FROM cloudsync.storage
    UNION ALL
    SELECT 'networks', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at FROM cloudsync.networks
    UNION ALL
    SELECT 'subnets', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at FROM cloudsync.subnets
    UNION ALL
    SELECT 'containers', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at FROM cloudsync.containers
    UNION ALL
    SELECT 'alerts', tenant, account, provider, native_id, name, region, tags, raw,
           first_seen, updated_at FROM cloudsync.alerts;

-- Row-level security. A reader sees a tenant's rows when the role it acts as
-- (current_user, passed in by the policy, which a client cannot forge: SET ROLE
-- needs membership) is a member of a role mapped to that tenant. No session
-- setting is consulted. SECURITY DEFINER so readers need no access to the
-- mapping; STABLE and called inside a sub-select so it runs once per query
-- (an InitPlan), not once per row. Roles that no longer exist are skipped.
CREATE FUNCTION cloudsync.visible_tenants(reader name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog
AS $$
    SELECT coalesce(array_agg(DISTINCT m.tenant), '{}')
    FROM cloudsync.tenant_readers m
    JOIN pg_catalog.pg_roles r ON r.rolname = m.role_name
    WHERE pg_catalog.pg_has_role(reader, r.oid, 'MEMBER')
$$;
REVOKE ALL ON FUNCTION cloudsync.visible_tenants(name) FROM PUBLIC;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vms', 'storage', 'networks', 'subnets', 'containers', 'alerts',
                             'metric_samples', 'tenants', 'accounts', 'sync_runs', 'changes'] LOOP
        EXECUTE format('ALTER TABLE cloudsync.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_readers ON cloudsync.%I FOR SELECT '
                       'USING (tenant = ANY ((SELECT cloudsync.visible_tenants(current_user))::text[]))',
                       t);
    END LOOP;
END
$$;
ALTER TABLE cloudsync.tenant_readers ENABLE ROW LEVEL SECURITY;
