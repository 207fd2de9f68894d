-- 0003_worker_digest.sql — the weekly digest reports thinly attended meetings, so the
-- worker reads attendance (statuses only: the table holds no notes or free text).

GRANT SELECT ON attendance TO circles_worker;

-- A cancelled, moved or deleted meeting's pending invitations are stale too (a move
-- enqueues a fresh one at the new SEQUENCE right after this trigger runs).
CREATE OR REPLACE FUNCTION occurrences_cancel_stale_reminders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       OR (NEW.status = 'cancelled' AND OLD.status <> 'cancelled')
       OR NEW.starts_at <> OLD.starts_at THEN
        UPDATE reminder_outbox
           SET state = 'cancelled'
         WHERE occurrence_id = OLD.id
           AND state = 'pending'
           AND kind IN ('meeting_reminder', 'invitation');
    END IF;
    RETURN NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION occurrences_cancel_stale_reminders() SET search_path = %I, pg_temp', current_schema());
END
$$;
