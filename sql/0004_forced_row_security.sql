-- 0004: row-level security binds the schema's owner too.
--
-- Before 0004 the policies were only ENABLEd: the owning role, and every role
-- that is a member of it, read and wrote around them. Now they are FORCEd, and
-- writing needs a policy of its own: `writer`, created here for the migrating
-- role (the owner) and pointed at the daemon's writer role each time the
-- config is applied. Readers keep their read-only `tenant_readers` policy.
-- Only a superuser or a BYPASSRLS role still reads around them, and cloudsyncd
-- refuses to grant such a role, or a member of the owner or writer, a tenant.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vms', 'storage', 'networks', 'subnets', 'containers', 'alerts',
                             'metric_samples', 'tenants', 'accounts', 'sync_runs', 'changes'] LOOP
        EXECUTE format('ALTER TABLE cloudsync.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY writer ON cloudsync.%I FOR ALL TO CURRENT_USER '
                       'USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- The writer creates the day partitions its samples need, but only the owner
-- may create tables: the function runs with the owner's rights (it creates
-- nothing but partitions named after the days it is given).
ALTER FUNCTION cloudsync.ensure_metric_partitions(date[]) SECURITY DEFINER;
