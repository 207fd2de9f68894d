-- 0004_data_protection.sql — erasure that reaches notes and the outbox, notes
-- retention for the worker, and an index for it.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.  See sql/README.md, "Erasure" and
-- "Retention".

------------------------------------------------------------------------------
-- Erasure, second version
------------------------------------------------------------------------------

-- Regular-expression pattern matching `p_text` literally (every character that
-- is not a letter, digit or space is escaped), for case-insensitive search and
-- replace of a name or an address inside free text.
CREATE FUNCTION literal_pattern(p_text text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(p_text, '([^[:alnum:][:space:]])', '\\\1', 'g')
$$;

-- Pseudonymise a person everywhere Circles keeps their personal data; the
-- people row (and its id) is kept so counts, attendance and ownership survive.
--   1. people: email and name become a pseudonym; inactive, opted out, erased_at.
--   2. notes they wrote (meeting and workshop notes whose writer the audit trail
--      names as them) are removed; any other notes that mention their name or
--      any address they had get the pseudonym instead.  Notes are never copied
--      into the audit trail (only "[redacted]"), so this leaves no copy behind.
--   3. reminder_outbox: pending mail to them is cancelled; the payload and the
--      last error (an SMTP reply may quote their address) of every row
--      addressed to them are scrubbed.
--   4. audit_log: the personal section (outside the hash) of every record
--      about them, made by them, or labelled with any address they had is
--      rewritten to the pseudonym, and its salt dropped.  No hashed field
--      changes, so audit_verify_chain() still passes.
-- Erasing an erased person again is refused (SQLSTATE 55000, constraint
-- people_already_erased), so the step is never silently repeated.
-- Returns the number of audit records whose personal section was rewritten.
CREATE OR REPLACE FUNCTION erase_person(p_person_id uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_tag     text := left(replace(p_person_id::text, '-', ''), 12);
    v_email   text := 'erased-' || replace(p_person_id::text, '-', '') || '@erased.invalid';
    v_name    text := 'Erased person ' || v_tag;
    v_label   text := 'erased:' || v_tag;
    v_action  text := current_setting('circles.action', true);
    v_person  people;
    v_emails  text[];
    v_names   text[];
    v_pattern text;
    v_count   integer;
BEGIN
    SELECT * INTO v_person FROM people WHERE id = p_person_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'person % not found', p_person_id USING ERRCODE = 'no_data_found';
    END IF;
    IF v_person.erased_at IS NOT NULL THEN
        RAISE EXCEPTION 'person % was already erased on %', p_person_id, v_person.erased_at
            USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'people_already_erased';
    END IF;

    -- Every address and name they have had: the current ones, and the earlier
    -- ones kept in the personal sections of the audit trail.
    SELECT array_agg(DISTINCT lower(v)) FILTER (WHERE k = 'email'),
           array_agg(DISTINCT v)        FILTER (WHERE k = 'display_name')
      INTO v_emails, v_names
      FROM (SELECT 'email' AS k, v_person.email AS v
            UNION ALL SELECT 'display_name', v_person.display_name
            UNION ALL
            SELECT e.key, e.value #>> '{}'
              FROM audit_log a,
                   jsonb_each(coalesce(a.personal_before, '{}') || coalesce(a.personal_after, '{}')) AS e
             WHERE a.entity_table = 'people' AND a.entity_id = p_person_id::text
               AND e.key IN ('email', 'display_name') AND jsonb_typeof(e.value) = 'string') AS known(k, v);

    PERFORM set_config('circles.action', 'person.erase', true);
    UPDATE people
       SET email = v_email, display_name = v_name,
           active = false, email_opt_out = true, erased_at = now()
     WHERE id = p_person_id;

    -- Notes they wrote go; mentions of them in other notes become the pseudonym.
    UPDATE occurrences o SET notes = NULL
     WHERE o.notes IS NOT NULL
       AND EXISTS (SELECT 1 FROM audit_log a
                    WHERE a.entity_table = 'occurrences' AND a.entity_id = o.id::text
                      AND a.actor_person_id = p_person_id AND a.after ->> 'notes' IS NOT NULL);
    UPDATE workshops w SET notes = NULL
     WHERE w.notes IS NOT NULL
       AND EXISTS (SELECT 1 FROM audit_log a
                    WHERE a.entity_table = 'workshops' AND a.entity_id = w.id::text
                      AND a.actor_person_id = p_person_id AND a.after ->> 'notes' IS NOT NULL);
    SELECT string_agg(literal_pattern(t), '|' ORDER BY length(t) DESC)
      INTO v_pattern
      FROM unnest(v_emails || v_names) AS t
     WHERE length(btrim(t)) >= 3;
    IF v_pattern IS NOT NULL THEN
        UPDATE occurrences SET notes = regexp_replace(notes, v_pattern, v_name, 'gi')
         WHERE notes ~* v_pattern;
        UPDATE workshops SET notes = regexp_replace(notes, v_pattern, v_name, 'gi')
         WHERE notes ~* v_pattern;
    END IF;

    -- Undelivered mail to them is pointless; what was kept about their mail is scrubbed.
    UPDATE reminder_outbox SET state = 'cancelled' WHERE recipient_id = p_person_id AND state = 'pending';
    UPDATE reminder_outbox
       SET payload = '{"erased": true}',
           last_error = CASE WHEN last_error IS NOT NULL THEN '[erased]' END
     WHERE recipient_id = p_person_id;

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
           actor_label     = CASE WHEN a.actor_label IS NOT NULL
                                       AND (a.actor_person_id = p_person_id OR lower(a.actor_label) = ANY (v_emails))
                                  THEN v_label ELSE a.actor_label END,
           personal_salt      = NULL,
           personal_erased_at = now()
     WHERE a.personal_digest IS NOT NULL
       AND ((a.entity_table = 'people' AND a.entity_id = p_person_id::text)
            OR a.actor_person_id = p_person_id
            OR lower(a.actor_label) = ANY (v_emails));
    GET DIAGNOSTICS v_count = ROW_COUNT;
    PERFORM set_config('circles.audit_erasure', '', true);
    PERFORM set_config('circles.action', coalesce(v_action, ''), true);
    RETURN v_count;
END
$$;

------------------------------------------------------------------------------
-- Notes retention (run by circles_worker, which cannot read notes)
------------------------------------------------------------------------------

-- Meeting notes of held meetings that ended more than this long ago, and
-- workshop notes of workshops held more than this long ago.  Small: only rows
-- that still have notes are in it.
CREATE INDEX occurrences_notes_expiry_idx ON occurrences (ends_at) WHERE notes IS NOT NULL;

-- Removes (sets to NULL) up to p_batch expired notes: meetings that ended, and
-- workshops held, more than p_older_than ago; meetings first, oldest first.
-- Rows another transaction is changing are skipped, never waited for.  The
-- changes are audited as 'notes.retention' by actor 'system:retention' (the
-- notes themselves appear only as "[redacted]").  Returns how many were
-- removed: call again until it returns less than p_batch.
CREATE FUNCTION purge_expired_notes(p_older_than interval, p_batch integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_cutoff   timestamptz := now() - p_older_than;
    v_actor_id text := current_setting('circles.actor_id', true);
    v_actor    text := current_setting('circles.actor', true);
    v_action   text := current_setting('circles.action', true);
    v_meetings integer := 0;
    v_workshops integer := 0;
BEGIN
    IF p_older_than IS NULL OR p_older_than < interval '1 day' THEN
        RAISE EXCEPTION 'notes retention must be at least one day (got %)', p_older_than
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_batch IS NULL OR p_batch NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'batch size must be between 1 and 10000 (got %)', p_batch
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('circles.actor_id', '', true);
    PERFORM set_config('circles.actor', 'system:retention', true);
    PERFORM set_config('circles.action', 'notes.retention', true);

    UPDATE occurrences SET notes = NULL
     WHERE id IN (SELECT id FROM occurrences
                   WHERE notes IS NOT NULL AND ends_at < v_cutoff
                   ORDER BY ends_at LIMIT p_batch FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS v_meetings = ROW_COUNT;
    IF v_meetings < p_batch THEN
        UPDATE workshops SET notes = NULL
         WHERE id IN (SELECT id FROM workshops
                       WHERE notes IS NOT NULL AND held_on < (v_cutoff AT TIME ZONE 'UTC')::date
                       ORDER BY held_on LIMIT p_batch - v_meetings FOR UPDATE SKIP LOCKED);
        GET DIAGNOSTICS v_workshops = ROW_COUNT;
    END IF;

    PERFORM set_config('circles.actor_id', coalesce(v_actor_id, ''), true);
    PERFORM set_config('circles.actor', coalesce(v_actor, ''), true);
    PERFORM set_config('circles.action', coalesce(v_action, ''), true);
    RETURN v_meetings + v_workshops;
END
$$;

------------------------------------------------------------------------------
-- Function hygiene (as at the end of 0001): CREATE OR REPLACE drops a
-- function's SET clauses, so erase_person is pinned again here.
------------------------------------------------------------------------------

DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure
          FROM pg_proc p
         WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
           AND p.proname IN ('literal_pattern', 'erase_person', 'purge_expired_notes')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION purge_expired_notes(interval, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_expired_notes(interval, integer) TO circles_worker;
