-- 0010: a run's staged rows in tables of its own, in a schema no reader uses.
--
-- A run stages its added and changed rows while it crawls, then merges them
-- in one short transaction. Session temp tables could hold them only on the
-- one connection that merges, so the crawl's COPY ran on one server backend
-- and that backend bounded a first load. Tables every connection of the run
-- can reach let it COPY on two.
--
-- cloudsync_stage holds them: cloudsyncd's writer creates one UNLOGGED table
-- per run and inventory table (run_<id>_<table>, autovacuum off, dropped when
-- the run ends; a run whose process died leaves them to the next sweep, which
-- drops the tables of runs nobody holds). Readers get no USAGE on the schema,
-- and no session's search_path names it: the writer's CREATE here reaches
-- nothing that resolves names. The writer's privileges come with the config
-- (grant_writer), like its others.
CREATE SCHEMA cloudsync_stage;
REVOKE ALL ON SCHEMA cloudsync_stage FROM PUBLIC;
