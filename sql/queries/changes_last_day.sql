-- What changed in the last day: every row added, modified (with the fields that changed, old and new) or removed, newest first.
SELECT c.at, a.provider, c.account, c.table_name, c.change, c.native_id, c.fields
FROM cloudsync.changes c
JOIN cloudsync.accounts a ON a.tenant = c.tenant AND a.account = c.account
WHERE c.at > now() - interval '1 day'
ORDER BY c.at DESC, c.table_name, c.native_id;
