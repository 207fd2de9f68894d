-- 0006_outbox_hot_claim.sql — claiming a reminder no longer rewrites any index.
--
-- Before: the claim moved a row from `state = 'pending'` to `'leased'`, and both
-- states were index predicates, so every claim and every "sent" wrote a new row
-- version into every index (about seven index entries per reminder sent).
--
-- Now one partial index finds every reminder still to be sent, whatever its
-- state: `next_attempt_at` is set while a reminder is open (pending or leased)
-- and NULL once it is settled (sent, failed, cancelled). The claim changes only
-- columns no index covers (`state`, `lease_holder`, `lease_expires_at`,
-- `attempts`), so PostgreSQL updates the row in place on its page (a HOT update)
-- and touches no index. A leased row stays in the index until it is settled;
-- the claim skips it unless its lease has expired, which costs at most the
-- batches in flight. Marking it sent clears `next_attempt_at`, which takes it
-- out of the claim index and is the one update per reminder that writes index
-- entries (primary key, idempotency key, and the meeting or follow-up index).
--
-- fillfactor 50 leaves half of each page free when rows are inserted, room for
-- the claim to put each new row version beside the old one: a HOT update needs
-- space on the same page, and a batch claims neighbouring rows together.

ALTER TABLE reminder_outbox ALTER COLUMN next_attempt_at DROP NOT NULL;
UPDATE reminder_outbox SET next_attempt_at = NULL WHERE state IN ('sent', 'failed', 'cancelled');
ALTER TABLE reminder_outbox
    ADD CONSTRAINT reminder_outbox_next_attempt_while_open
        CHECK ((next_attempt_at IS NOT NULL) = (state IN ('pending', 'leased')));
COMMENT ON COLUMN reminder_outbox.next_attempt_at IS
    'When a worker may next try to send it; NULL once sent, failed or cancelled. The claim index is on this column.';

DROP INDEX reminder_outbox_pending_idx;
DROP INDEX reminder_outbox_lease_expiry_idx;
CREATE INDEX reminder_outbox_open_idx ON reminder_outbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

-- Keys are machine-made ASCII; byte order compares them without the collation's cost.
ALTER TABLE reminder_outbox ALTER COLUMN idempotency_key TYPE text COLLATE "C";

ALTER TABLE reminder_outbox SET (fillfactor = 50);

-- A new row is open (next attempt at its due time) unless it is inserted settled.
CREATE OR REPLACE FUNCTION reminder_outbox_defaults() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state IN ('pending', 'leased') THEN
        NEW.next_attempt_at := coalesce(NEW.next_attempt_at, NEW.due_at);
    ELSE
        NEW.next_attempt_at := NULL;
    END IF;
    RETURN NEW;
END
$$;

-- Whatever settles a reminder (the triggers that cancel stale reminders, erasure,
-- an operator) takes it out of the claim index; the worker's own updates clear
-- the column themselves, so the WHEN clause keeps this off their path.
CREATE FUNCTION reminder_outbox_settled() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.next_attempt_at := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER reminder_outbox_settled BEFORE UPDATE ON reminder_outbox
    FOR EACH ROW
    WHEN (NEW.next_attempt_at IS NOT NULL AND NEW.state IN ('sent', 'failed', 'cancelled'))
    EXECUTE FUNCTION reminder_outbox_settled();

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION reminder_outbox_defaults() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION reminder_outbox_settled() SET search_path = %I, pg_temp', current_schema());
END
$$;
