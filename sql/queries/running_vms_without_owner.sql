-- Running VMs without an owner tag, across Azure, GCP and AWS (a tag key "owner" in any letter case counts).
SELECT provider, account, region, name, size, native_id
FROM cloudsync.vms v
WHERE v.state = 'running'
  AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(v.tags) AS k WHERE lower(k) = 'owner')
ORDER BY provider, account, region, name;
