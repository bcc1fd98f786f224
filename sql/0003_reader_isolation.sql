-- 0003: a reader learns nothing about tenants it was not granted.
--
-- visible_tenants(reader) is SECURITY DEFINER so that readers need no access
-- to the tenant -> role mapping, and every reader may execute it (the row
-- policies call it). Before 0003 it answered for any role name passed in, so a
-- reader could call it with another reader's name and list that reader's
-- tenants. Now it answers only for a role the session's own login user may act
-- as (pg_has_role(session_user, reader, 'MEMBER'): exactly the roles SET ROLE
-- would allow, whose rows that user can read anyway), and '{}' for any other.
-- The policies pass current_user, which SET ROLE can only move to such a role,
-- so what readers see through the policies does not change.
CREATE OR REPLACE FUNCTION cloudsync.visible_tenants(reader name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog
AS $$
    SELECT coalesce(array_agg(DISTINCT m.tenant), '{}')
    FROM cloudsync.tenant_readers m
    JOIN pg_catalog.pg_roles r ON r.rolname = m.role_name
    WHERE pg_catalog.pg_has_role(session_user, reader, 'MEMBER')
      AND pg_catalog.pg_has_role(reader, r.oid, 'MEMBER')
$$;
REVOKE ALL ON FUNCTION cloudsync.visible_tenants(name) FROM PUBLIC;
