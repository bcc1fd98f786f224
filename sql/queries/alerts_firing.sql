-- Alert rules firing now in the clouds' own monitoring (Azure Monitor, Cloud Monitoring, CloudWatch), longest firing first.
SELECT provider, account, region, name, severity, state_changed_at AS firing_since, target_ids,
       native_id
FROM cloudsync.alerts
WHERE state = 'firing'
ORDER BY state_changed_at NULLS LAST, provider, account, name;
