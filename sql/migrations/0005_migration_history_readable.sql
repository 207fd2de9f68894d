-- 0005_migration_history_readable.sql — the worker's readiness check reads which
-- migrations are applied ("ready = database reachable and migrations current"),
-- and so may `circles db status` run as the application role. Read-only.
--
-- schema_migrations is created by the migration runner before the first file
-- runs, so it exists here.

GRANT SELECT ON schema_migrations TO circles_app, circles_worker;
