-- 0007: the scopes a run read as empty because the cloud said the API is not
-- enabled there (a GCP project without the Compute, Storage, Cloud Run or
-- Monitoring API: 403 SERVICE_DISABLED). They are not failures (the project has
-- none of that kind, and the run succeeds), but an operator of many projects
-- wants to see which ones, so each run keeps them beside its failed scopes:
-- [{"scope": ..., "reason": ...}], shown by /status and /runs.
ALTER TABLE cloudsync.sync_runs ADD COLUMN empty_scopes jsonb NOT NULL DEFAULT '[]';
