-- 0002_roles.sql — least-privilege roles.
--
-- Roles are cluster-wide, so they are created only if missing (safe when
-- several schemas/databases run this file, even concurrently).  They are
-- NOLOGIN group roles: give real login users membership, e.g.
--   CREATE ROLE circles_app_login LOGIN PASSWORD '…' IN ROLE circles_app;
-- If the migration owner lacks CREATEROLE, a DBA must create the two roles
-- beforehand; this file then only grants.
--
-- Grants are per schema: everything below applies to current_schema().
-- The owner (whoever runs migrations) keeps DDL; nobody else gets any.
-- Later migrations must GRANT on the tables they add (no default privileges).

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['circles_app', 'circles_worker'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created concurrently by another migration run
            END;
        END IF;
    END LOOP;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO circles_app, circles_worker', current_schema());
END
$$;

------------------------------------------------------------------------------
-- circles_app: the admin CLI.  Full DML on the domain, read-only history and
-- audit trail (audit rows are written by SECURITY DEFINER triggers).
------------------------------------------------------------------------------

GRANT SELECT, INSERT, UPDATE, DELETE ON
    people, administrators, teams, team_memberships, workshops, action_items,
    series, series_facilitators, series_attendees, occurrences, attendance, follow_ups,
    reminder_outbox
TO circles_app;
GRANT SELECT ON action_item_status_history, audit_log, audit_chain_head, series_invitees TO circles_app;
GRANT EXECUTE ON FUNCTION audit_event(text, text, text, jsonb) TO circles_app;
GRANT EXECUTE ON FUNCTION erase_person(uuid) TO circles_app;

------------------------------------------------------------------------------
-- circles_worker: the reminder daemons.  Reads schedules and people, extends
-- the occurrence horizon (INSERT only, never notes), records the horizon on
-- the series, and owns the outbox.  Cannot read notes or change people.
------------------------------------------------------------------------------

GRANT SELECT ON
    people, teams, team_memberships, action_items,
    series, series_facilitators, series_attendees, series_invitees, follow_ups
TO circles_worker;

-- workshops: everything but notes.
GRANT SELECT (id, team_id, title, held_on, facilitator_id, created_at, updated_at)
    ON workshops TO circles_worker;

-- occurrences: everything but notes; INSERT for horizon materialisation.
GRANT SELECT (id, series_id, original_start, local_start, starts_at, ends_at, status, moved_from,
              cancel_reason, cancelled_at, facilitator_id, location, online_url, sequence,
              created_at, updated_at)
    ON occurrences TO circles_worker;
GRANT INSERT (id, series_id, original_start, local_start, starts_at, ends_at, status, facilitator_id,
              location, online_url)
    ON occurrences TO circles_worker;

-- series: only the horizon bookkeeping column.
GRANT UPDATE (materialised_until) ON series TO circles_worker;

GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_outbox TO circles_worker;
