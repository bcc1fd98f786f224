-- Running VMs with no metric sample in the last hour (the metrics collector read nothing for them, or has not run).
SELECT v.provider, v.account, v.region, v.name, v.size,
       (SELECT max(m.ts) FROM cloudsync.metric_samples m
        WHERE m.tenant = v.tenant AND m.account = v.account AND m.native_id = v.native_id) AS last_sample,
       v.native_id
FROM cloudsync.vms v
WHERE v.state = 'running'
  AND NOT EXISTS (SELECT 1 FROM cloudsync.metric_samples m
                  WHERE m.tenant = v.tenant AND m.account = v.account
                    AND m.native_id = v.native_id AND m.ts > now() - interval '1 hour')
ORDER BY v.provider, v.account, v.name;
