-- VMs by cloud, region and size, with how many of them are running.
SELECT provider, region, size, count(*) AS vms,
       count(*) FILTER (WHERE state = 'running') AS running
FROM cloudsync.vms
GROUP BY provider, region, size
ORDER BY provider, region, vms DESC, size;
