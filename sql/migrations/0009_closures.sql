-- 0009_closures.sql — bank holidays and closures (issue 16).
--
-- A closure calendar is a named list of days or times when nobody is in: a
-- division's bank holidays, the Christmas closure, a team's training day. A
-- calendar with no team is shared (administrators manage it); one with a team
-- is that team's own (its leads manage it). A team follows one or more
-- calendars; a series decides per closed day whether its meeting is skipped or
-- moved to the next or previous working day (optionally within the month).
--
-- What became of each instance is recorded: a meeting moved for a closure
-- keeps its original start (the calendar UID) and says why in closure_reason;
-- an instance skipped before it was ever a meeting is a row in
-- skipped_meetings (no meeting, no invitation), so listings show it and
-- removing the closure brings it back; a meeting already announced when its
-- day closed is cancelled with closure_reason set, and reinstated when the
-- closure goes.

CREATE TABLE closure_calendars (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    team_id     uuid,                   -- NULL: shared; else the team's own calendar
    source      text        NOT NULL DEFAULT 'manual',
    source_detail text,                 -- e.g. the division, or the imported file's name
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT closure_calendars_pkey PRIMARY KEY (id),
    CONSTRAINT closure_calendars_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE,
    CONSTRAINT closure_calendars_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 200),
    CONSTRAINT closure_calendars_source_check CHECK (source IN ('manual', 'gov-uk-json', 'icalendar')),
    CONSTRAINT closure_calendars_source_detail_length CHECK (source_detail IS NULL OR length(source_detail) <= 500)
);
CREATE UNIQUE INDEX closure_calendars_name_key ON closure_calendars (lower(name));
CREATE INDEX closure_calendars_team_idx ON closure_calendars (team_id) WHERE team_id IS NOT NULL;

CREATE TABLE closures (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    calendar_id uuid        NOT NULL,
    first_day   date,                   -- all day: first closed date …
    last_day    date,                   -- … through this one (inclusive)
    starts_at   timestamptz,            -- timed: closed from …
    ends_at     timestamptz,            -- … until (exclusive)
    reason      text        NOT NULL,
    source_key  text,                   -- import key (gov.uk division:date, iCalendar UID/instance): re-imports diff on it
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT closures_pkey PRIMARY KEY (id),
    CONSTRAINT closures_calendar_fkey FOREIGN KEY (calendar_id) REFERENCES closure_calendars (id) ON DELETE CASCADE,
    CONSTRAINT closures_all_day_or_timed CHECK (
        (first_day IS NOT NULL AND last_day IS NOT NULL AND starts_at IS NULL AND ends_at IS NULL AND last_day >= first_day
            AND last_day - first_day <= 366)
        OR (first_day IS NULL AND last_day IS NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND ends_at > starts_at
            AND ends_at - starts_at <= interval '367 days')),
    CONSTRAINT closures_reason_not_blank CHECK (btrim(reason) <> '' AND length(reason) <= 500),
    CONSTRAINT closures_source_key_length CHECK (source_key IS NULL OR (source_key <> '' AND length(source_key) <= 1000)),
    CONSTRAINT closures_source_key_key UNIQUE (calendar_id, source_key)
);
CREATE INDEX closures_calendar_idx ON closures (calendar_id, first_day);

CREATE TABLE team_closure_calendars (
    team_id     uuid        NOT NULL,
    calendar_id uuid        NOT NULL,
    followed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT team_closure_calendars_pkey PRIMARY KEY (team_id, calendar_id),
    CONSTRAINT team_closure_calendars_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE,
    CONSTRAINT team_closure_calendars_calendar_fkey FOREIGN KEY (calendar_id) REFERENCES closure_calendars (id) ON DELETE CASCADE
);
CREATE INDEX team_closure_calendars_calendar_idx ON team_closure_calendars (calendar_id);

ALTER TABLE series
    ADD COLUMN on_closure text NOT NULL DEFAULT 'skip',
    ADD COLUMN within_month boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT series_on_closure_check CHECK (on_closure IN ('skip', 'next-working-day', 'previous-working-day'));

-- Why a meeting was moved (scheduled, starts_at <> original_start) or cancelled for a closure.
ALTER TABLE occurrences
    ADD COLUMN closure_reason text,
    ADD CONSTRAINT occurrences_closure_reason_length CHECK (closure_reason IS NULL OR (btrim(closure_reason) <> '' AND length(closure_reason) <= 600));
COMMENT ON COLUMN occurrences.closure_reason IS
    'Set when a closure moved or cancelled the meeting; cleared when a person moves or cancels it by hand.';

-- A person's own move or cancellation makes the meeting theirs: closures leave it alone from then on.
CREATE FUNCTION occurrences_closure_by_hand() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.closure_reason IS NOT DISTINCT FROM OLD.closure_reason
       AND (NEW.starts_at <> OLD.starts_at OR NEW.status <> OLD.status) THEN
        NEW.closure_reason := NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER occurrences_closure_by_hand BEFORE UPDATE ON occurrences
    FOR EACH ROW EXECUTE FUNCTION occurrences_closure_by_hand();
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION occurrences_closure_by_hand() SET search_path = %I, pg_temp', current_schema());
END
$$;

-- Instances of a series' rule that fell on a closed day and were never a meeting.
CREATE TABLE skipped_meetings (
    series_id       uuid        NOT NULL,
    original_start  timestamptz NOT NULL,   -- the instant the rule produced
    local_start     timestamp   NOT NULL,   -- wall-clock start in the series' zone
    skip_reason     text        NOT NULL,   -- the engine's reason
    closure_reason  text        NOT NULL,   -- the closure's own words, e.g. "Christmas Day"
    skipped_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT skipped_meetings_pkey PRIMARY KEY (series_id, original_start),
    CONSTRAINT skipped_meetings_series_fkey FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE,
    CONSTRAINT skipped_meetings_skip_reason_check CHECK (skip_reason IN ('closed', 'no-open-day-nearby', 'outside-month', 'day-taken')),
    CONSTRAINT skipped_meetings_closure_reason_length CHECK (btrim(closure_reason) <> '' AND length(closure_reason) <= 600)
);

CREATE TRIGGER closure_calendars_set_updated_at BEFORE UPDATE ON closure_calendars
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER closure_calendars_audit AFTER INSERT OR UPDATE OR DELETE ON closure_calendars
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER closures_audit AFTER INSERT OR UPDATE OR DELETE ON closures
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER team_closure_calendars_audit AFTER INSERT OR UPDATE OR DELETE ON team_closure_calendars
    FOR EACH ROW EXECUTE FUNCTION audit_row('{team_id,calendar_id}');
-- The worker's horizon pass records skips unattributed, as it inserts meetings.
CREATE TRIGGER skipped_meetings_audit AFTER INSERT OR UPDATE OR DELETE ON skipped_meetings
    FOR EACH ROW EXECUTE FUNCTION audit_row('{series_id,original_start}', '{}', '{}', '{}', 'skip_unattributed_inserts');

GRANT SELECT, INSERT, UPDATE, DELETE ON closure_calendars, closures, team_closure_calendars, skipped_meetings TO circles_app;
GRANT SELECT ON closure_calendars, closures, team_closure_calendars TO circles_worker;
GRANT SELECT, INSERT ON skipped_meetings TO circles_worker;
GRANT SELECT (closure_reason), INSERT (closure_reason) ON occurrences TO circles_worker;
