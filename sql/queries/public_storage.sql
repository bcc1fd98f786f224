-- Publicly accessible storage (public_access true; rows whose exposure the cloud left unknown, NULL, are not listed).
SELECT provider, account, region, type, name, encrypted, versioning, native_id
FROM cloudsync.storage
WHERE public_access
ORDER BY provider, account, type, name;
