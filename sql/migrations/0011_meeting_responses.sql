-- 0011_meeting_responses.sql — who is coming: a person's answer to a meeting (issue 13).
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.
--
-- One row per (meeting, person): the current answer, where it came from (a signed
-- link, a calendar's iTIP REPLY, or the facilitator), when it was given, and for
-- calendar replies the iTIP ordering (SEQUENCE, DTSTAMP) the services compare so an
-- older reply never overrides a newer answer. Every change is copied into
-- meeting_response_history by trigger and audited like every other table; the
-- note is personal data: redacted in the audit trail, removed on erasure.

CREATE TABLE meeting_responses (
    occurrence_id  uuid        NOT NULL,
    person_id      uuid        NOT NULL,
    answer         text        NOT NULL,
    note           text,
    source         text        NOT NULL,
    answered_at    timestamptz NOT NULL,
    itip_sequence  integer,
    itip_dtstamp   timestamptz,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meeting_responses_pkey PRIMARY KEY (occurrence_id, person_id),
    CONSTRAINT meeting_responses_occurrence_fkey FOREIGN KEY (occurrence_id) REFERENCES occurrences (id) ON DELETE CASCADE,
    CONSTRAINT meeting_responses_person_fkey FOREIGN KEY (person_id) REFERENCES people (id),
    CONSTRAINT meeting_responses_answer_check CHECK (answer IN ('accepted', 'declined', 'tentative')),
    CONSTRAINT meeting_responses_source_check CHECK (source IN ('link', 'calendar', 'facilitator')),
    CONSTRAINT meeting_responses_note_length CHECK (note IS NULL OR (btrim(note) <> '' AND length(note) <= 500)),
    CONSTRAINT meeting_responses_ordering_pair CHECK ((itip_sequence IS NULL) = (itip_dtstamp IS NULL)),
    CONSTRAINT meeting_responses_sequence_nonnegative CHECK (itip_sequence IS NULL OR itip_sequence >= 0)
);
CREATE INDEX meeting_responses_person_idx ON meeting_responses (person_id);
COMMENT ON TABLE meeting_responses IS
    'Current answer per meeting and person (accepted / declined / tentative). History in meeting_response_history; audited, note redacted.';
COMMENT ON COLUMN meeting_responses.note IS 'Personal data: redacted in the audit trail, nulled when the person is erased.';

-- Every answer ever recorded, oldest first (written by trigger; the app only reads it).
CREATE TABLE meeting_response_history (
    id             bigint      GENERATED ALWAYS AS IDENTITY,
    occurrence_id  uuid        NOT NULL,
    person_id      uuid        NOT NULL,
    answer         text        NOT NULL,
    note           text,
    source         text        NOT NULL,
    answered_at    timestamptz NOT NULL,
    itip_sequence  integer,
    itip_dtstamp   timestamptz,
    recorded_at    timestamptz NOT NULL,
    recorded_by    uuid,                   -- circles.actor_id: the person, or the facilitator
    CONSTRAINT meeting_response_history_pkey PRIMARY KEY (id),
    CONSTRAINT meeting_response_history_occurrence_fkey
        FOREIGN KEY (occurrence_id) REFERENCES occurrences (id) ON DELETE CASCADE,
    CONSTRAINT meeting_response_history_person_fkey FOREIGN KEY (person_id) REFERENCES people (id)
);
CREATE INDEX meeting_response_history_meeting_idx ON meeting_response_history (occurrence_id, person_id, id);

CREATE FUNCTION meeting_responses_record_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO meeting_response_history (occurrence_id, person_id, answer, note, source, answered_at,
                                          itip_sequence, itip_dtstamp, recorded_at, recorded_by)
    VALUES (NEW.occurrence_id, NEW.person_id, NEW.answer, NEW.note, NEW.source, NEW.answered_at,
            NEW.itip_sequence, NEW.itip_dtstamp, NEW.recorded_at, current_actor_id());
    RETURN NULL;
END
$$;

-- Erasure: the person's own words go; the answers (counts) stay.
CREATE FUNCTION meeting_responses_erase_notes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    UPDATE meeting_responses SET note = NULL WHERE person_id = NEW.id AND note IS NOT NULL;
    UPDATE meeting_response_history SET note = NULL WHERE person_id = NEW.id AND note IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER meeting_responses_record_history AFTER INSERT OR UPDATE ON meeting_responses
    FOR EACH ROW EXECUTE FUNCTION meeting_responses_record_history();
CREATE TRIGGER meeting_responses_audit AFTER INSERT OR UPDATE OR DELETE ON meeting_responses
    FOR EACH ROW EXECUTE FUNCTION audit_row('{occurrence_id,person_id}', '{}', '{note}', '{recorded_at}');
CREATE TRIGGER people_erase_response_notes AFTER UPDATE OF erased_at ON people
    FOR EACH ROW WHEN (NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL)
    EXECUTE FUNCTION meeting_responses_erase_notes();

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION meeting_responses_record_history() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION meeting_responses_erase_notes() SET search_path = %I, pg_temp', current_schema());
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON meeting_responses TO circles_app;
GRANT SELECT ON meeting_response_history TO circles_app;
-- The worker shows the facilitator the answers so far.
GRANT SELECT ON meeting_responses TO circles_worker;
