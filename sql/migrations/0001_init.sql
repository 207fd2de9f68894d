-- 0001_init.sql — Circles schema v1.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here).
-- Everything is created unqualified, in current_schema(), so the same file can
-- run in several schemas of one database (tests set search_path per suite).
-- No extensions are needed: gen_random_uuid() and sha256() are built in (PG 13+).
--
-- Conventions
--   * uuid primary keys (gen_random_uuid()) for domain entities.
--   * Constraint and unique-index names are part of the app contract: the app
--     maps them to human messages (see sql/README.md).  Errors raised by
--     triggers carry a CONSTRAINT name too (SQLSTATE 23514 check_violation).
--   * Session settings read by triggers (all optional, usually SET LOCAL):
--       circles.actor_id  uuid of the acting person (people.id)
--       circles.actor     free-text actor label, e.g. 'cli:alice', 'worker:host-1'
--       circles.action    domain verb for the audit trail, e.g. 'series.split'
--   * Functions get "SET search_path = <this schema>, pg_temp" at the end of
--     this file (computed from current_schema(), never hard-coded).

------------------------------------------------------------------------------
-- Helper functions
------------------------------------------------------------------------------

-- Generic BEFORE UPDATE trigger: maintain updated_at.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- The acting person from the session (NULL when unset or empty).
CREATE FUNCTION current_actor_id() RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('circles.actor_id', true), '')::uuid
$$;

-- Cheap IANA time-zone check (pg_timezone_names costs ~20 ms per call, so it
-- is not used): the name must look like an IANA zone ("Area/Location", or
-- "UTC") and PostgreSQL must know it.  Rejects abbreviations ("BST") and
-- POSIX strings ("UTC+3").
CREATE FUNCTION is_valid_time_zone(tz text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF tz IS NULL THEN
        RETURN true;
    END IF;
    IF tz !~ '^(UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+)+)$' THEN
        RETURN false;
    END IF;
    PERFORM pg_catalog.timezone(tz, now());
    RETURN true;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN false;
END
$$;

-- BEFORE INSERT OR UPDATE trigger: TG_ARGV[0] = column, TG_ARGV[1] = constraint name.
CREATE FUNCTION validate_time_zone() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    tz text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    IF TG_OP = 'UPDATE' AND tz IS NOT DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[0]) THEN
        RETURN NEW;
    END IF;
    IF NOT is_valid_time_zone(tz) THEN
        RAISE EXCEPTION 'unknown time zone "%" (expected an IANA name such as Europe/London)', tz
            USING ERRCODE = 'check_violation', CONSTRAINT = TG_ARGV[1],
                  TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0];
    END IF;
    RETURN NEW;
END
$$;

------------------------------------------------------------------------------
-- People, administrators, teams, memberships
------------------------------------------------------------------------------

CREATE TABLE people (
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    email          text        NOT NULL,
    display_name   text        NOT NULL,
    time_zone      text        NOT NULL DEFAULT 'Europe/London',
    email_opt_out  boolean     NOT NULL DEFAULT false,
    active         boolean     NOT NULL DEFAULT true,
    erased_at      timestamptz,            -- set by erase_person(); row is kept
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT people_pkey PRIMARY KEY (id),
    CONSTRAINT people_email_format
        CHECK (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    CONSTRAINT people_display_name_not_blank
        CHECK (btrim(display_name) <> '' AND length(display_name) <= 200),
    CONSTRAINT people_erased_inactive CHECK (erased_at IS NULL OR NOT active)
);
-- Email is unique case-insensitively (no citext extension needed).
CREATE UNIQUE INDEX people_email_key ON people (lower(email));
COMMENT ON COLUMN people.email IS 'Personal data: pseudonymised by erase_person(). Unique on lower(email).';
COMMENT ON COLUMN people.display_name IS 'Personal data: pseudonymised by erase_person().';

CREATE TABLE administrators (
    person_id   uuid        NOT NULL,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT administrators_pkey PRIMARY KEY (person_id),
    CONSTRAINT administrators_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE
);

CREATE TABLE teams (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    name        text        NOT NULL,
    time_zone   text        NOT NULL DEFAULT 'Europe/London',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT teams_pkey PRIMARY KEY (id),
    CONSTRAINT teams_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 200)
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));

CREATE TABLE team_memberships (
    team_id    uuid        NOT NULL,
    person_id  uuid        NOT NULL,
    role       text        NOT NULL DEFAULT 'member',
    joined_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT team_memberships_pkey PRIMARY KEY (team_id, person_id),
    CONSTRAINT team_memberships_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE,
    CONSTRAINT team_memberships_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT team_memberships_role_check CHECK (role IN ('lead', 'member', 'citizen_representative'))
);
CREATE INDEX team_memberships_person_idx ON team_memberships (person_id);

------------------------------------------------------------------------------
-- Workshops and action items
------------------------------------------------------------------------------

CREATE TABLE workshops (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    team_id         uuid        NOT NULL,
    title           text        NOT NULL,
    held_on         date        NOT NULL,
    facilitator_id  uuid,
    notes           text,       -- may contain personal data; redacted in the audit trail
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workshops_pkey PRIMARY KEY (id),
    CONSTRAINT workshops_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id),
    CONSTRAINT workshops_facilitator_fkey FOREIGN KEY (facilitator_id) REFERENCES people (id),
    CONSTRAINT workshops_title_not_blank CHECK (btrim(title) <> '')
);
CREATE INDEX workshops_team_idx ON workshops (team_id, held_on);

CREATE TABLE action_items (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    workshop_id       uuid        NOT NULL,
    title             text        NOT NULL,
    description       text,
    perspective       text        NOT NULL,
    source_card_text  text,
    owner_id          uuid,
    due_on            date,
    status            text        NOT NULL DEFAULT 'open',
    drop_reason       text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT action_items_pkey PRIMARY KEY (id),
    CONSTRAINT action_items_workshop_fkey FOREIGN KEY (workshop_id) REFERENCES workshops (id),
    CONSTRAINT action_items_owner_fkey FOREIGN KEY (owner_id) REFERENCES people (id),
    CONSTRAINT action_items_title_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT action_items_perspective_check
        CHECK (perspective IN ('service_user', 'carer', 'practitioner', 'manager', 'organisation')),
    CONSTRAINT action_items_status_check CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    CONSTRAINT action_items_drop_reason_required
        CHECK (status <> 'dropped' OR (drop_reason IS NOT NULL AND btrim(drop_reason) <> ''))
);
CREATE INDEX action_items_workshop_idx ON action_items (workshop_id);
CREATE INDEX action_items_owner_idx ON action_items (owner_id) WHERE owner_id IS NOT NULL;

-- One row per status change, written by trigger (the app only reads it).
CREATE TABLE action_item_status_history (
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    action_item_id  uuid        NOT NULL,
    from_status     text,                  -- NULL for the creation row
    to_status       text        NOT NULL,
    reason          text,
    changed_by      uuid,                  -- circles.actor_id
    changed_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT action_item_status_history_pkey PRIMARY KEY (id),
    CONSTRAINT action_item_status_history_item_fkey
        FOREIGN KEY (action_item_id) REFERENCES action_items (id) ON DELETE CASCADE,
    CONSTRAINT action_item_status_history_changed_by_fkey FOREIGN KEY (changed_by) REFERENCES people (id)
);
CREATE INDEX action_item_status_history_item_idx ON action_item_status_history (action_item_id, changed_at);

-- Allowed transitions: open -> in_progress | done | dropped;
-- in_progress -> open | done | dropped; done | dropped -> open (reopen).
CREATE FUNCTION action_items_check_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
           (OLD.status = 'open'        AND NEW.status IN ('in_progress', 'done', 'dropped'))
        OR (OLD.status = 'in_progress' AND NEW.status IN ('open', 'done', 'dropped'))
        OR (OLD.status IN ('done', 'dropped') AND NEW.status = 'open'))
    THEN
        RAISE EXCEPTION 'action item status cannot change from % to %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'action_items_status_transition',
                  TABLE = TG_TABLE_NAME, COLUMN = 'status';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status <> 'dropped' AND OLD.status = 'dropped' THEN
        NEW.drop_reason := NULL;  -- reopened: the old reason stays in the history
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION action_items_record_status() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO action_item_status_history (action_item_id, from_status, to_status, reason, changed_by)
        VALUES (NEW.id,
                CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
                NEW.status,
                CASE WHEN NEW.status = 'dropped' THEN NEW.drop_reason END,
                current_actor_id());
    END IF;
    RETURN NULL;
END
$$;

------------------------------------------------------------------------------
-- Meeting series, rotation, attendees
------------------------------------------------------------------------------

CREATE TABLE series (
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    team_id            uuid        NOT NULL,
    action_item_id     uuid,                   -- the workshop action this series serves
    title              text        NOT NULL,
    rrule              text        NOT NULL,   -- RFC 5545 RRULE value, without the "RRULE:" prefix
    exdates            timestamp[] NOT NULL DEFAULT '{}',  -- local date-times (in tzid) removed
    rdates             timestamp[] NOT NULL DEFAULT '{}',  -- local date-times (in tzid) added
    first_local_start  timestamp   NOT NULL,   -- DTSTART as wall-clock time in tzid
    tzid               text        NOT NULL,   -- IANA zone, validated by trigger
    duration_minutes   integer     NOT NULL,
    location           text,
    online_url         text,
    owner_id           uuid        NOT NULL,
    include_whole_team boolean     NOT NULL DEFAULT false,
    reminder_offsets_minutes             integer[] NOT NULL DEFAULT '{2880,60}',
    facilitator_reminder_offsets_minutes integer[] NOT NULL DEFAULT '{4320}',
    status             text        NOT NULL DEFAULT 'active',
    version            integer     NOT NULL DEFAULT 1,
    split_from         uuid,                   -- "this and all following" split source
    materialised_until timestamptz,            -- occurrences exist up to here
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT series_pkey PRIMARY KEY (id),
    CONSTRAINT series_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id),
    CONSTRAINT series_action_item_fkey FOREIGN KEY (action_item_id) REFERENCES action_items (id),
    CONSTRAINT series_owner_fkey FOREIGN KEY (owner_id) REFERENCES people (id),
    CONSTRAINT series_split_from_fkey FOREIGN KEY (split_from) REFERENCES series (id),
    CONSTRAINT series_title_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT series_rrule_format CHECK (
        rrule ~ '^([A-Z-]+=[^;[:space:]]+;)*FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z-]+=[^;[:space:]]+)*$'),
    CONSTRAINT series_exdates_no_nulls CHECK (array_position(exdates, NULL) IS NULL AND coalesce(array_ndims(exdates), 1) = 1),
    CONSTRAINT series_rdates_no_nulls CHECK (array_position(rdates, NULL) IS NULL AND coalesce(array_ndims(rdates), 1) = 1),
    CONSTRAINT series_duration_positive CHECK (duration_minutes > 0),
    CONSTRAINT series_duration_at_most_a_day CHECK (duration_minutes <= 1440),
    CONSTRAINT series_online_url_format CHECK (online_url IS NULL OR online_url ~* '^https?://[^[:space:]]+$'),
    CONSTRAINT series_reminder_offsets_valid CHECK (
        array_position(reminder_offsets_minutes, NULL) IS NULL
        AND coalesce(array_ndims(reminder_offsets_minutes), 1) = 1
        AND cardinality(reminder_offsets_minutes) <= 10
        AND 0 < ALL (reminder_offsets_minutes) AND 43200 >= ALL (reminder_offsets_minutes)),
    CONSTRAINT series_facilitator_reminder_offsets_valid CHECK (
        array_position(facilitator_reminder_offsets_minutes, NULL) IS NULL
        AND coalesce(array_ndims(facilitator_reminder_offsets_minutes), 1) = 1
        AND cardinality(facilitator_reminder_offsets_minutes) <= 10
        AND 0 < ALL (facilitator_reminder_offsets_minutes) AND 43200 >= ALL (facilitator_reminder_offsets_minutes)),
    CONSTRAINT series_status_check CHECK (status IN ('active', 'paused', 'ended')),
    CONSTRAINT series_version_positive CHECK (version > 0),
    CONSTRAINT series_split_from_not_self CHECK (split_from <> id)
);
CREATE INDEX series_team_idx ON series (team_id);
CREATE INDEX series_action_item_idx ON series (action_item_id) WHERE action_item_id IS NOT NULL;
CREATE INDEX series_split_from_idx ON series (split_from) WHERE split_from IS NOT NULL;
-- Worker: which active series need their horizon extended.
CREATE INDEX series_horizon_due_idx ON series (materialised_until) WHERE status = 'active';
COMMENT ON COLUMN series.version IS
    'Optimistic lock. Bumped by trigger on every change except materialised_until; update with WHERE version = $expected RETURNING version.';
COMMENT ON COLUMN series.facilitator_reminder_offsets_minutes IS
    'Extra (earlier) reminder offsets for the occurrence facilitator, in minutes before start.';

-- Optimistic locking: bump version on any change other than the worker's
-- horizon bookkeeping, whatever the client wrote into version.
CREATE FUNCTION series_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - '{version,materialised_until,updated_at}'::text[])
       IS DISTINCT FROM
       (to_jsonb(OLD) - '{version,materialised_until,updated_at}'::text[]) THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := OLD.version;
    END IF;
    RETURN NEW;
END
$$;

-- Facilitator rotation: ordered list of people (the app skips inactive people).
CREATE TABLE series_facilitators (
    series_id  uuid    NOT NULL,
    position   integer NOT NULL,
    person_id  uuid    NOT NULL,
    CONSTRAINT series_facilitators_pkey PRIMARY KEY (series_id, person_id),
    CONSTRAINT series_facilitators_position_key UNIQUE (series_id, position) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT series_facilitators_series_fkey FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE,
    CONSTRAINT series_facilitators_person_fkey FOREIGN KEY (person_id) REFERENCES people (id),
    CONSTRAINT series_facilitators_position_nonnegative CHECK (position >= 0)
);
CREATE INDEX series_facilitators_person_idx ON series_facilitators (person_id);

-- Named attendees; "whole team" is series.include_whole_team, resolved live
-- from team_memberships (so it is always in step with membership).
CREATE TABLE series_attendees (
    series_id  uuid NOT NULL,
    person_id  uuid NOT NULL,
    CONSTRAINT series_attendees_pkey PRIMARY KEY (series_id, person_id),
    CONSTRAINT series_attendees_series_fkey FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE,
    CONSTRAINT series_attendees_person_fkey FOREIGN KEY (person_id) REFERENCES people (id)
);
CREATE INDEX series_attendees_person_idx ON series_attendees (person_id);

-- Everyone invited to a series right now (active people only).
CREATE VIEW series_invitees AS
    SELECT a.series_id, a.person_id
      FROM series_attendees a
      JOIN people p ON p.id = a.person_id
     WHERE p.active
    UNION
    SELECT s.id, m.person_id
      FROM series s
      JOIN team_memberships m ON m.team_id = s.team_id
      JOIN people p ON p.id = m.person_id
     WHERE s.include_whole_team AND p.active;

------------------------------------------------------------------------------
-- Occurrences and attendance
------------------------------------------------------------------------------

CREATE TABLE occurrences (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    series_id       uuid        NOT NULL,
    original_start  timestamptz NOT NULL,  -- instant the rule generated (RECURRENCE-ID)
    local_start     timestamp   NOT NULL,  -- wall-clock start in the series tzid
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    status          text        NOT NULL DEFAULT 'scheduled',
    moved_from      timestamptz,           -- starts_at before the latest move (trigger); NULL if never moved
    cancel_reason   text,
    cancelled_at    timestamptz,
    facilitator_id  uuid,
    location        text,                  -- overrides series.location when not NULL
    online_url      text,                  -- overrides series.online_url when not NULL
    notes           text,                  -- personal data: hidden from the worker, redacted in audit
    sequence        integer     NOT NULL DEFAULT 0,  -- iCalendar SEQUENCE, bumped by trigger
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT occurrences_pkey PRIMARY KEY (id),
    CONSTRAINT occurrences_series_original_start_key UNIQUE (series_id, original_start),
    CONSTRAINT occurrences_series_fkey FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE,
    CONSTRAINT occurrences_facilitator_fkey FOREIGN KEY (facilitator_id) REFERENCES people (id),
    CONSTRAINT occurrences_ends_after_starts CHECK (ends_at > starts_at),
    CONSTRAINT occurrences_status_check CHECK (status IN ('scheduled', 'cancelled', 'held')),
    CONSTRAINT occurrences_cancel_reason_required
        CHECK (status <> 'cancelled' OR (cancel_reason IS NOT NULL AND btrim(cancel_reason) <> '')),
    CONSTRAINT occurrences_online_url_format CHECK (online_url IS NULL OR online_url ~* '^https?://[^[:space:]]+$'),
    CONSTRAINT occurrences_sequence_nonnegative CHECK (sequence >= 0)
);
-- Upcoming meetings (reminder enqueueing, calendars).
CREATE INDEX occurrences_upcoming_idx ON occurrences (starts_at) WHERE status = 'scheduled';
CREATE INDEX occurrences_facilitator_idx ON occurrences (facilitator_id) WHERE facilitator_id IS NOT NULL;
COMMENT ON COLUMN occurrences.notes IS 'Meeting notes: personal data. Not readable by circles_worker; nulled by the retention job.';

-- iCalendar SEQUENCE: +1 on every UPDATE that changes anything.  Also keeps
-- moved_from (previous starts_at, unless the client set it) and cancelled_at.
-- "Moved" means starts_at <> original_start.
CREATE FUNCTION occurrences_bump_sequence() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - '{sequence,updated_at}'::text[]) IS DISTINCT FROM (to_jsonb(OLD) - '{sequence,updated_at}'::text[]) THEN
        NEW.sequence := OLD.sequence + 1;
    ELSE
        NEW.sequence := OLD.sequence;
    END IF;
    IF NEW.starts_at <> OLD.starts_at AND NEW.moved_from IS NOT DISTINCT FROM OLD.moved_from THEN
        NEW.moved_from := OLD.starts_at;
    END IF;
    IF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
        NEW.cancelled_at := coalesce(NEW.cancelled_at, now());
    ELSIF NEW.status <> 'cancelled' THEN
        NEW.cancelled_at := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE TABLE attendance (
    occurrence_id  uuid        NOT NULL,
    person_id      uuid        NOT NULL,
    status         text        NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attendance_pkey PRIMARY KEY (occurrence_id, person_id),
    CONSTRAINT attendance_occurrence_fkey FOREIGN KEY (occurrence_id) REFERENCES occurrences (id) ON DELETE CASCADE,
    CONSTRAINT attendance_person_fkey FOREIGN KEY (person_id) REFERENCES people (id),
    CONSTRAINT attendance_status_check CHECK (status IN ('attended', 'apologies', 'absent'))
);
CREATE INDEX attendance_person_idx ON attendance (person_id);

------------------------------------------------------------------------------
-- Follow-ups
------------------------------------------------------------------------------

CREATE TABLE follow_ups (
    id                     uuid        NOT NULL DEFAULT gen_random_uuid(),
    title                  text        NOT NULL,
    owner_id               uuid        NOT NULL,
    due_on                 date,
    status                 text        NOT NULL DEFAULT 'open',
    origin_occurrence_id   uuid,
    origin_action_item_id  uuid,
    completed_at           timestamptz,
    drop_reason            text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follow_ups_pkey PRIMARY KEY (id),
    CONSTRAINT follow_ups_owner_fkey FOREIGN KEY (owner_id) REFERENCES people (id),
    CONSTRAINT follow_ups_origin_occurrence_fkey FOREIGN KEY (origin_occurrence_id) REFERENCES occurrences (id),
    CONSTRAINT follow_ups_origin_action_item_fkey FOREIGN KEY (origin_action_item_id) REFERENCES action_items (id),
    CONSTRAINT follow_ups_title_not_blank CHECK (btrim(title) <> ''),
    CONSTRAINT follow_ups_status_check CHECK (status IN ('open', 'done', 'dropped')),
    CONSTRAINT follow_ups_origin_required
        CHECK (origin_occurrence_id IS NOT NULL OR origin_action_item_id IS NOT NULL),
    CONSTRAINT follow_ups_completed_at_iff_done CHECK ((status = 'done') = (completed_at IS NOT NULL)),
    CONSTRAINT follow_ups_drop_reason_required
        CHECK (status <> 'dropped' OR (drop_reason IS NOT NULL AND btrim(drop_reason) <> ''))
);
CREATE INDEX follow_ups_owner_idx ON follow_ups (owner_id);
CREATE INDEX follow_ups_origin_occurrence_idx ON follow_ups (origin_occurrence_id) WHERE origin_occurrence_id IS NOT NULL;
CREATE INDEX follow_ups_origin_action_item_idx ON follow_ups (origin_action_item_id) WHERE origin_action_item_id IS NOT NULL;
-- Worker: follow-ups due / overdue.
CREATE INDEX follow_ups_open_due_idx ON follow_ups (due_on) WHERE status = 'open';

------------------------------------------------------------------------------
-- Reminder outbox (drained by several workers with FOR UPDATE SKIP LOCKED)
------------------------------------------------------------------------------

CREATE TABLE reminder_outbox (
    id                bigint      GENERATED ALWAYS AS IDENTITY,
    idempotency_key   text        NOT NULL,
    kind              text        NOT NULL,
    recipient_id      uuid        NOT NULL,
    occurrence_id     uuid,
    follow_up_id      uuid,
    team_id           uuid,
    payload           jsonb       NOT NULL DEFAULT '{}',
    due_at            timestamptz NOT NULL,
    state             text        NOT NULL DEFAULT 'pending',
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,   -- defaults to due_at (trigger)
    lease_holder      text,
    lease_expires_at  timestamptz,
    last_error        text,
    sent_at           timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reminder_outbox_pkey PRIMARY KEY (id),
    CONSTRAINT reminder_outbox_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT reminder_outbox_recipient_fkey FOREIGN KEY (recipient_id) REFERENCES people (id),
    CONSTRAINT reminder_outbox_occurrence_fkey FOREIGN KEY (occurrence_id) REFERENCES occurrences (id) ON DELETE SET NULL,
    CONSTRAINT reminder_outbox_follow_up_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_ups (id) ON DELETE SET NULL,
    CONSTRAINT reminder_outbox_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL,
    CONSTRAINT reminder_outbox_idempotency_key_not_blank CHECK (btrim(idempotency_key) <> ''),
    CONSTRAINT reminder_outbox_kind_check CHECK (kind IN
        ('meeting_reminder', 'invitation', 'cancellation', 'followup_due', 'followup_overdue', 'digest')),
    CONSTRAINT reminder_outbox_state_check CHECK (state IN ('pending', 'leased', 'sent', 'failed', 'cancelled')),
    CONSTRAINT reminder_outbox_attempts_nonnegative CHECK (attempts >= 0),
    CONSTRAINT reminder_outbox_leased_has_lease
        CHECK (state <> 'leased' OR (lease_holder IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CONSTRAINT reminder_outbox_sent_has_sent_at CHECK (state <> 'sent' OR sent_at IS NOT NULL),
    CONSTRAINT reminder_outbox_payload_object CHECK (jsonb_typeof(payload) = 'object')
) WITH (
    fillfactor = 90,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.05,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 1
);
-- The claim query's two branches, each a small partial index (sent rows are
-- never in them):
--   (state = 'pending' AND next_attempt_at <= now())
--   (state = 'leased'  AND lease_expires_at <= now())
CREATE INDEX reminder_outbox_pending_idx ON reminder_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX reminder_outbox_lease_expiry_idx ON reminder_outbox (lease_expires_at) WHERE state = 'leased';
-- FK actions / cancellation lookups (partial: most rows have no such reference).
CREATE INDEX reminder_outbox_occurrence_idx ON reminder_outbox (occurrence_id) WHERE occurrence_id IS NOT NULL;
CREATE INDEX reminder_outbox_follow_up_idx ON reminder_outbox (follow_up_id) WHERE follow_up_id IS NOT NULL;
COMMENT ON TABLE reminder_outbox IS
    'Email outbox. Not audited. Pending meeting reminders are cancelled by trigger when their occurrence is cancelled, moved or deleted; pending follow-up reminders when the follow-up is closed.';

CREATE FUNCTION reminder_outbox_defaults() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.next_attempt_at := coalesce(NEW.next_attempt_at, NEW.due_at);
    RETURN NEW;
END
$$;

-- Occurrence cancelled / moved / deleted: its pending reminders are stale.
-- (Invitations and cancellation notices are left alone.)
CREATE FUNCTION occurrences_cancel_stale_reminders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       OR (NEW.status = 'cancelled' AND OLD.status <> 'cancelled')
       OR NEW.starts_at <> OLD.starts_at THEN
        UPDATE reminder_outbox
           SET state = 'cancelled'
         WHERE occurrence_id = OLD.id
           AND state = 'pending'
           AND kind = 'meeting_reminder';
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION follow_ups_cancel_stale_reminders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.status <> 'open' AND OLD.status = 'open') THEN
        UPDATE reminder_outbox
           SET state = 'cancelled'
         WHERE follow_up_id = OLD.id
           AND state = 'pending'
           AND kind IN ('followup_due', 'followup_overdue');
    END IF;
    RETURN NULL;
END
$$;

------------------------------------------------------------------------------
-- Audit log: append-only, hash-chained, written only by triggers/functions
------------------------------------------------------------------------------

CREATE TABLE audit_log (
    id                  bigint      GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME audit_log_id_seq),
    occurred_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    txid                bigint      NOT NULL DEFAULT txid_current(),
    db_user             text        NOT NULL DEFAULT session_user,
    actor_person_id     uuid,                 -- circles.actor_id (pseudonymous id, kept on erasure)
    operation           text        NOT NULL, -- insert | update | delete | event
    action              text        NOT NULL, -- circles.action domain verb, else = operation
    entity_table        text        NOT NULL,
    entity_id           text,                 -- primary key; composite keys joined with '/'
    before              jsonb,                -- non-personal columns (UPDATE: changed ones only)
    after               jsonb,
    -- Personal section: NOT hashed directly, only through personal_digest.
    actor_label         text,                 -- circles.actor
    personal_before     jsonb,                -- e.g. people.email / display_name
    personal_after      jsonb,
    personal_salt       bytea,                -- random; deleted on erasure
    personal_digest     bytea,                -- sha256(salt || canonical personal section)
    personal_erased_at  timestamptz,
    -- Chain.
    prev_hash           bytea,                -- NULL only for the first record
    hash                bytea       NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    -- No two records may claim the same predecessor: the chain cannot fork.
    CONSTRAINT audit_log_prev_hash_key UNIQUE NULLS NOT DISTINCT (prev_hash),
    CONSTRAINT audit_log_operation_check CHECK (operation IN ('insert', 'update', 'delete', 'event')),
    CONSTRAINT audit_log_digest_iff_personal CHECK (
        (personal_digest IS NULL) = (actor_label IS NULL AND personal_before IS NULL AND personal_after IS NULL))
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_table, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_person_id) WHERE actor_person_id IS NOT NULL;
COMMENT ON TABLE audit_log IS
    'Append-only, hash-chained audit trail. See sql/README.md for the hash design and audit_verify_chain().';

-- Single-row chain head: locked FOR UPDATE by every append, which serialises
-- appenders (per schema) until commit so the chain cannot fork.
CREATE TABLE audit_chain_head (
    singleton   boolean NOT NULL DEFAULT true,
    last_id     bigint,
    last_hash   bytea,
    CONSTRAINT audit_chain_head_pkey PRIMARY KEY (singleton),
    CONSTRAINT audit_chain_head_singleton CHECK (singleton)
);
INSERT INTO audit_chain_head (singleton) VALUES (true);

-- Canonical text of the personal section (hashed with a random salt).
CREATE FUNCTION audit_personal_canonical(p_actor_label text, p_before jsonb, p_after jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_array(p_actor_label, p_before, p_after)::text
$$;

-- Record hash = sha256(canonical JSON array of the hashed fields).  The
-- timestamp is hashed as integer microseconds since the epoch so the result
-- does not depend on the session TimeZone; jsonb text output is canonical.
CREATE FUNCTION audit_compute_hash(
    p_id bigint, p_occurred_at timestamptz, p_txid bigint, p_db_user text,
    p_actor_person_id uuid, p_operation text, p_action text,
    p_entity_table text, p_entity_id text, p_before jsonb, p_after jsonb,
    p_personal_digest bytea, p_prev_hash bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(convert_to(jsonb_build_array(
        p_id,
        (extract(epoch FROM p_occurred_at) * 1000000)::bigint,
        p_txid, p_db_user, p_actor_person_id::text, p_operation, p_action,
        p_entity_table, p_entity_id, p_before, p_after,
        encode(p_personal_digest, 'hex'), encode(p_prev_hash, 'hex'))::text, 'UTF8'))
$$;

-- Append one record to the chain.  SECURITY DEFINER: app and worker roles
-- have no INSERT on audit_log.
CREATE FUNCTION audit_append(
    p_operation text, p_action text, p_entity_table text, p_entity_id text,
    p_before jsonb, p_after jsonb, p_personal_before jsonb, p_personal_after jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_actor_id  uuid        := current_actor_id();
    v_label     text        := nullif(current_setting('circles.actor', true), '');
    v_action    text        := coalesce(p_action, nullif(current_setting('circles.action', true), ''), p_operation);
    v_at        timestamptz := clock_timestamp();
    v_txid      bigint      := txid_current();
    v_user      text        := session_user;
    v_salt      bytea;
    v_digest    bytea;
    v_prev      bytea;
    v_id        bigint;
    v_hash      bytea;
BEGIN
    IF v_label IS NOT NULL OR p_personal_before IS NOT NULL OR p_personal_after IS NOT NULL THEN
        v_salt   := uuid_send(gen_random_uuid());
        v_digest := sha256(v_salt || convert_to(
                        audit_personal_canonical(v_label, p_personal_before, p_personal_after), 'UTF8'));
    END IF;

    SELECT last_hash INTO STRICT v_prev FROM audit_chain_head WHERE singleton FOR UPDATE;
    v_id   := nextval('audit_log_id_seq');
    v_hash := audit_compute_hash(v_id, v_at, v_txid, v_user, v_actor_id, p_operation, v_action,
                                 p_entity_table, p_entity_id, p_before, p_after, v_digest, v_prev);

    INSERT INTO audit_log (id, occurred_at, txid, db_user, actor_person_id, operation, action,
                           entity_table, entity_id, before, after,
                           actor_label, personal_before, personal_after, personal_salt, personal_digest,
                           prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    VALUES (v_id, v_at, v_txid, v_user, v_actor_id, p_operation, v_action,
            p_entity_table, p_entity_id, p_before, p_after,
            v_label, p_personal_before, p_personal_after, v_salt, v_digest,
            v_prev, v_hash);

    UPDATE audit_chain_head SET last_id = v_id, last_hash = v_hash WHERE singleton;
    RETURN v_id;
END
$$;

-- Domain events that are not row changes (e.g. 'person.exported').
CREATE FUNCTION audit_event(p_action text, p_entity_table text, p_entity_id text, p_details jsonb DEFAULT NULL)
RETURNS bigint
LANGUAGE sql SECURITY DEFINER AS $$
    SELECT audit_append('event', p_action, p_entity_table, p_entity_id, NULL, p_details, NULL, NULL)
$$;

-- AFTER ROW trigger on domain tables.  Arguments (text[] literals):
--   0 key columns        e.g. '{id}' or '{team_id,person_id}'
--   1 personal columns   moved to personal_before/after (erasable), e.g. '{email,display_name}'
--   2 redacted columns   value never stored, only '[redacted]', e.g. '{notes}'
--   3 ignored columns    an UPDATE touching only these is not audited
--   4 'skip_unattributed_inserts' to skip INSERTs when circles.actor_id is unset
--     (occurrences: the worker's horizon materialisation)
CREATE FUNCTION audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET TimeZone = 'UTC' AS $$
DECLARE
    key_cols      text[] := TG_ARGV[0]::text[];
    personal_cols text[] := coalesce(TG_ARGV[1], '{}')::text[];
    redact_cols   text[] := coalesce(TG_ARGV[2], '{}')::text[];
    ignore_cols   text[] := coalesce(TG_ARGV[3], '{}')::text[] || '{updated_at}'::text[];
    old_j   jsonb;
    new_j   jsonb;
    key_j   jsonb;
    c       text;
BEGIN
    IF TG_OP = 'INSERT' AND TG_ARGV[4] = 'skip_unattributed_inserts' AND current_actor_id() IS NULL THEN
        RETURN NULL;
    END IF;

    IF TG_OP <> 'INSERT' THEN old_j := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_j := to_jsonb(NEW); END IF;
    key_j := coalesce(new_j, old_j);

    IF TG_OP = 'UPDATE' THEN
        -- keep only the changed columns
        SELECT jsonb_object_agg(n.key, n.value), jsonb_object_agg(n.key, old_j -> n.key)
          INTO new_j, old_j
          FROM jsonb_each(new_j) AS n
         WHERE n.value IS DISTINCT FROM old_j -> n.key
           AND n.key <> ALL (ignore_cols);
        IF new_j IS NULL THEN
            RETURN NULL;  -- nothing worth auditing changed
        END IF;
    END IF;

    FOREACH c IN ARRAY redact_cols LOOP
        IF old_j ? c AND old_j -> c <> 'null'::jsonb THEN old_j := jsonb_set(old_j, ARRAY[c], '"[redacted]"'); END IF;
        IF new_j ? c AND new_j -> c <> 'null'::jsonb THEN new_j := jsonb_set(new_j, ARRAY[c], '"[redacted]"'); END IF;
    END LOOP;

    PERFORM audit_append(
        lower(TG_OP), NULL, TG_TABLE_NAME,
        (SELECT string_agg(key_j ->> k, '/' ORDER BY o) FROM unnest(key_cols) WITH ORDINALITY AS u(k, o)),
        nullif(old_j - personal_cols, '{}'),
        nullif(new_j - personal_cols, '{}'),
        (SELECT jsonb_object_agg(k, old_j -> k) FROM unnest(personal_cols) AS k WHERE old_j ? k),
        (SELECT jsonb_object_agg(k, new_j -> k) FROM unnest(personal_cols) AS k WHERE new_j ? k));
    RETURN NULL;
END
$$;

-- Append-only guard.  UPDATE is allowed only inside erase_person() (flag
-- circles.audit_erasure set transaction-locally) and only on the personal
-- section, which is outside the hash.  DELETE and TRUNCATE are always refused.
-- (Privileges already deny UPDATE/DELETE to circles_app/circles_worker; this
-- trigger also stops the owner.)
CREATE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_log'
       AND coalesce(current_setting('circles.audit_erasure', true), '') <> '' THEN
      IF (NEW.id, NEW.occurred_at, NEW.txid, NEW.db_user, NEW.actor_person_id, NEW.operation, NEW.action,
            NEW.entity_table, NEW.entity_id, NEW.before, NEW.after, NEW.personal_digest, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.txid, OLD.db_user, OLD.actor_person_id, OLD.operation, OLD.action,
            OLD.entity_table, OLD.entity_id, OLD.before, OLD.after, OLD.personal_digest, OLD.prev_hash, OLD.hash)
      THEN
        RETURN NEW;
      END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'audit_log_append_only', TABLE = TG_TABLE_NAME;
END
$$;

-- Verify the whole chain.  Returns one row per problem (no rows = intact).
CREATE FUNCTION audit_verify_chain()
RETURNS TABLE (audit_id bigint, problem text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    r       audit_log;
    v_prev  bytea;
    v_first boolean := true;
    v_head  audit_chain_head;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        IF r.prev_hash IS DISTINCT FROM v_prev AND NOT v_first THEN
            audit_id := r.id; problem := 'prev_hash does not match the previous record'; RETURN NEXT;
        ELSIF v_first AND r.prev_hash IS NOT NULL THEN
            audit_id := r.id; problem := 'first record has a prev_hash (records before it are missing)'; RETURN NEXT;
        END IF;
        IF r.hash IS DISTINCT FROM audit_compute_hash(r.id, r.occurred_at, r.txid, r.db_user, r.actor_person_id,
                r.operation, r.action, r.entity_table, r.entity_id, r.before, r.after, r.personal_digest, r.prev_hash) THEN
            audit_id := r.id; problem := 'hash mismatch (record altered)'; RETURN NEXT;
        END IF;
        IF r.personal_salt IS NOT NULL AND r.personal_digest IS DISTINCT FROM
           sha256(r.personal_salt || convert_to(audit_personal_canonical(r.actor_label, r.personal_before, r.personal_after), 'UTF8')) THEN
            audit_id := r.id; problem := 'personal section altered'; RETURN NEXT;
        END IF;
        v_prev := r.hash;
        v_first := false;
    END LOOP;
    SELECT * INTO v_head FROM audit_chain_head WHERE singleton;
    IF v_head.last_hash IS DISTINCT FROM v_prev THEN
        audit_id := v_head.last_id; problem := 'chain head does not match the last record (tail removed?)'; RETURN NEXT;
    END IF;
END
$$;

------------------------------------------------------------------------------
-- GDPR erasure
------------------------------------------------------------------------------

-- Pseudonymise a person everywhere; the people row (and its id) is kept so
-- counts survive.  Inside the audit trail only the personal section is
-- rewritten and personal_salt is dropped: record hashes do not change, so
-- audit_verify_chain() still passes.  Returns the number of audit rows scrubbed.
CREATE FUNCTION erase_person(p_person_id uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_tag    text := left(replace(p_person_id::text, '-', ''), 12);
    v_email  text := 'erased-' || replace(p_person_id::text, '-', '') || '@erased.invalid';
    v_name   text := 'Erased person ' || v_tag;
    v_label  text := 'erased:' || v_tag;
    v_count  integer;
    v_action text := current_setting('circles.action', true);
BEGIN
    PERFORM set_config('circles.action', 'person.erase', true);
    UPDATE people
       SET email = v_email, display_name = v_name,
           active = false, email_opt_out = true, erased_at = coalesce(erased_at, now())
     WHERE id = p_person_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'person % not found', p_person_id USING ERRCODE = 'no_data_found';
    END IF;

    -- Undelivered mail to them is pointless; their own payloads are scrubbed.
    UPDATE reminder_outbox SET state = 'cancelled' WHERE recipient_id = p_person_id AND state = 'pending';
    UPDATE reminder_outbox SET payload = '{"erased": true}' WHERE recipient_id = p_person_id;

    PERFORM set_config('circles.audit_erasure', p_person_id::text, true);
    UPDATE audit_log a
       SET personal_before = CASE WHEN a.entity_table = 'people' AND a.entity_id = p_person_id::text
                                  THEN (SELECT jsonb_object_agg(k, CASE k WHEN 'email' THEN to_jsonb(v_email)
                                                                          WHEN 'display_name' THEN to_jsonb(v_name)
                                                                          ELSE v END)
                                          FROM jsonb_each(a.personal_before) AS e(k, v))
                                  ELSE a.personal_before END,
           personal_after  = CASE WHEN a.entity_table = 'people' AND a.entity_id = p_person_id::text
                                  THEN (SELECT jsonb_object_agg(k, CASE k WHEN 'email' THEN to_jsonb(v_email)
                                                                          WHEN 'display_name' THEN to_jsonb(v_name)
                                                                          ELSE v END)
                                          FROM jsonb_each(a.personal_after) AS e(k, v))
                                  ELSE a.personal_after END,
           actor_label     = CASE WHEN a.actor_person_id = p_person_id AND a.actor_label IS NOT NULL
                                  THEN v_label ELSE a.actor_label END,
           personal_salt      = NULL,
           personal_erased_at = now()
     WHERE a.personal_digest IS NOT NULL
       AND ((a.entity_table = 'people' AND a.entity_id = p_person_id::text)
            OR a.actor_person_id = p_person_id);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('circles.audit_erasure', '', true);
    PERFORM set_config('circles.action', coalesce(v_action, ''), true);
    RETURN v_count;
END
$$;

------------------------------------------------------------------------------
-- Triggers
------------------------------------------------------------------------------

-- updated_at
CREATE TRIGGER people_set_updated_at BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER teams_set_updated_at BEFORE UPDATE ON teams FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER workshops_set_updated_at BEFORE UPDATE ON workshops FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER action_items_set_updated_at BEFORE UPDATE ON action_items FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER series_set_updated_at BEFORE UPDATE ON series FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER occurrences_set_updated_at BEFORE UPDATE ON occurrences FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER follow_ups_set_updated_at BEFORE UPDATE ON follow_ups FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- time zones (validated in the database, cheaply; see is_valid_time_zone)
CREATE TRIGGER people_validate_time_zone BEFORE INSERT OR UPDATE OF time_zone ON people
    FOR EACH ROW EXECUTE FUNCTION validate_time_zone('time_zone', 'people_time_zone_valid');
CREATE TRIGGER teams_validate_time_zone BEFORE INSERT OR UPDATE OF time_zone ON teams
    FOR EACH ROW EXECUTE FUNCTION validate_time_zone('time_zone', 'teams_time_zone_valid');
CREATE TRIGGER series_validate_tzid BEFORE INSERT OR UPDATE OF tzid ON series
    FOR EACH ROW EXECUTE FUNCTION validate_time_zone('tzid', 'series_tzid_valid');

-- action item status rules + history
CREATE TRIGGER action_items_check_transition BEFORE UPDATE OF status ON action_items
    FOR EACH ROW EXECUTE FUNCTION action_items_check_transition();
CREATE TRIGGER action_items_record_status AFTER INSERT OR UPDATE OF status ON action_items
    FOR EACH ROW EXECUTE FUNCTION action_items_record_status();

-- series optimistic locking, occurrence SEQUENCE
CREATE TRIGGER series_bump_version BEFORE UPDATE ON series FOR EACH ROW EXECUTE FUNCTION series_bump_version();
CREATE TRIGGER occurrences_bump_sequence BEFORE UPDATE ON occurrences
    FOR EACH ROW EXECUTE FUNCTION occurrences_bump_sequence();

-- outbox housekeeping
CREATE TRIGGER reminder_outbox_defaults BEFORE INSERT ON reminder_outbox
    FOR EACH ROW EXECUTE FUNCTION reminder_outbox_defaults();
CREATE TRIGGER occurrences_cancel_stale_reminders AFTER UPDATE OF status, starts_at OR DELETE ON occurrences
    FOR EACH ROW EXECUTE FUNCTION occurrences_cancel_stale_reminders();
CREATE TRIGGER follow_ups_cancel_stale_reminders AFTER UPDATE OF status OR DELETE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION follow_ups_cancel_stale_reminders();

-- audit trail (not audited: reminder_outbox, action_item_status_history, audit_*)
CREATE TRIGGER people_audit AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}', '{email,display_name}');
CREATE TRIGGER administrators_audit AFTER INSERT OR UPDATE OR DELETE ON administrators
    FOR EACH ROW EXECUTE FUNCTION audit_row('{person_id}');
CREATE TRIGGER teams_audit AFTER INSERT OR UPDATE OR DELETE ON teams
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER team_memberships_audit AFTER INSERT OR UPDATE OR DELETE ON team_memberships
    FOR EACH ROW EXECUTE FUNCTION audit_row('{team_id,person_id}');
CREATE TRIGGER workshops_audit AFTER INSERT OR UPDATE OR DELETE ON workshops
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}', '{}', '{notes}');
CREATE TRIGGER action_items_audit AFTER INSERT OR UPDATE OR DELETE ON action_items
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER series_audit AFTER INSERT OR UPDATE OR DELETE ON series
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}', '{}', '{}', '{materialised_until}');
CREATE TRIGGER series_facilitators_audit AFTER INSERT OR UPDATE OR DELETE ON series_facilitators
    FOR EACH ROW EXECUTE FUNCTION audit_row('{series_id,person_id}');
CREATE TRIGGER series_attendees_audit AFTER INSERT OR UPDATE OR DELETE ON series_attendees
    FOR EACH ROW EXECUTE FUNCTION audit_row('{series_id,person_id}');
CREATE TRIGGER occurrences_audit AFTER INSERT OR UPDATE OR DELETE ON occurrences
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}', '{}', '{notes}', '{}', 'skip_unattributed_inserts');
CREATE TRIGGER attendance_audit AFTER INSERT OR UPDATE OR DELETE ON attendance
    FOR EACH ROW EXECUTE FUNCTION audit_row('{occurrence_id,person_id}');
CREATE TRIGGER follow_ups_audit AFTER INSERT OR UPDATE OR DELETE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');

-- append-only guard
CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_chain_head_guard BEFORE DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

------------------------------------------------------------------------------
-- Function hygiene: pin search_path to this schema (plus pg_temp LAST, which
-- matters for the SECURITY DEFINER functions), and keep the privileged
-- functions away from PUBLIC.  0002_roles.sql grants what roles need.
------------------------------------------------------------------------------

DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure
          FROM pg_proc p
         WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
           AND p.proname IN ('set_updated_at', 'current_actor_id', 'is_valid_time_zone', 'validate_time_zone',
                             'action_items_check_transition', 'action_items_record_status',
                             'series_bump_version', 'occurrences_bump_sequence',
                             'reminder_outbox_defaults', 'occurrences_cancel_stale_reminders',
                             'follow_ups_cancel_stale_reminders',
                             'audit_personal_canonical', 'audit_compute_hash', 'audit_append', 'audit_event',
                             'audit_row', 'audit_log_guard', 'audit_verify_chain', 'erase_person')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION audit_append(text, text, text, text, jsonb, jsonb, jsonb, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_event(text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION erase_person(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION action_items_record_status() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_row() FROM PUBLIC;
