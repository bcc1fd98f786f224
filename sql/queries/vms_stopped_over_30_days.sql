-- VMs stopped or deallocated for more than 30 days, as far as cloudsync saw them stop (see below).
--
-- No cloud reports when a VM stopped in a form all three share, so the date is
-- what cloudsync itself saw: `stopped_since` is when a run recorded the state
-- change (at most one vms interval after the actual stop), or, when changes
-- holds no state change of the VM, when the VM was first seen (it has been in
-- its present state at least since then). `known_from` says which. changes
-- keeps history.retention (default 90 days): with a retention of 30 days or
-- more, a VM whose stop dropped out of the history is still reported, dated by
-- first_seen.
SELECT v.provider, v.account, v.region, v.name, v.state, v.size,
       coalesce(s.at, v.first_seen) AS stopped_since,
       CASE WHEN s.at IS NULL THEN 'first_seen' ELSE 'state change' END AS known_from,
       v.native_id
FROM cloudsync.vms v
LEFT JOIN LATERAL (
    SELECT c.at
    FROM cloudsync.changes c
    WHERE c.tenant = v.tenant AND c.account = v.account AND c.table_name = 'vms'
      AND c.native_id = v.native_id AND c.change = 'modified' AND c.fields ? 'state'
    ORDER BY c.at DESC
    LIMIT 1) s ON true
WHERE v.state IN ('stopped', 'deallocated')
  AND coalesce(s.at, v.first_seen) < now() - interval '30 days'
ORDER BY stopped_since, v.provider, v.account, v.name;
