-- 0008_redactable_audit.sql — erasure that reaches free text, and an audit trail
-- that can be redacted without breaking its hash chain.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.  See sql/README.md, "Audit trail"
-- and "Erasure".
--
-- Until now a record's hash covered the values in `before`/`after` themselves, so
-- a name typed into a follow-up title or a cancellation reason could never leave
-- the audit trail.  From here on every field is sealed on its own:
--   field salt    = sha256(record salt || 'before:' or 'after:' || column), the record
--                   salt 16 random bytes
--   field digest  = sha256(field salt || the field's jsonb text)
--   field_digests = {"before": {column: hex digest}, "after": {…}} (a side is absent when NULL)
--   field_salts   = {"record": hex record salt}; after a redaction instead the field salts
--                   of the fields that still verify, {"before": {column: hex}, "after": {…}}
--   hash = sha256([2, id, µs, txid, db_user, actor id, operation, action, table,
--                  entity id, field_digests, hex(personal_digest), hex(prev_hash)])
-- Verification recomputes every field's digest from its salt and value.  Erasure
-- rewrites a value that mentions the person and drops that field's salt (the record
-- salt goes, the other fields keep their own salts, from which it cannot be found): the
-- digest (and so the hash and the chain) stays, the value can no longer be checked
-- and the digest can no longer confirm a guessed original.  Each erasure lists the
-- records it redacted in an 'audit.redaction' event, itself in the chain, and
-- verification refuses a field without its salt in any record no such event names.
--
-- Existing records are converted here: their fields are sealed and the chain is
-- hashed again in id order.  What the old verification found wrong first, and the
-- old chain head, are kept in an 'audit.upgrade' event appended at the end.

------------------------------------------------------------------------------
-- What the old chain looked like, before anything changes
------------------------------------------------------------------------------

-- Kept for the 'audit.upgrade' event at the end (transaction-local setting).
DO $$
BEGIN
    PERFORM set_config('circles.audit_upgrade', jsonb_build_object(
        'records', (SELECT count(*) FROM audit_log),
        'previous_head', (SELECT encode(last_hash, 'hex') FROM audit_chain_head WHERE singleton),
        'problems_found', (SELECT coalesce(jsonb_agg(jsonb_build_object('record', audit_id, 'problem', problem)), '[]')
                             FROM audit_verify_chain()))::text, true);
END
$$;

------------------------------------------------------------------------------
-- Sealed fields
------------------------------------------------------------------------------

ALTER TABLE audit_log
    ADD COLUMN field_digests jsonb,   -- hashed: {"before": {column: hex}, "after": {…}}
    ADD COLUMN field_salts   jsonb;   -- not hashed; {"record": hex}, or field salts once a value was redacted
COMMENT ON COLUMN audit_log.field_digests IS
    'Per-field sha256(salt || value) of before/after; the record hash covers these, not the values.';
COMMENT ON COLUMN audit_log.field_salts IS
    'The record salt ({"record": hex}) from which each field''s salt is derived; after erasure redacted a value, the salts of the other fields instead ({"before": {column: hex}, …}). The redacted field''s digest stays.';

-- These helpers are STABLE, not IMMUTABLE, because convert_to() is: PostgreSQL
-- inlines a SQL function only if it is no less volatile than its body (and has no
-- SET clause, see the end of this file), and they run once per field.

-- One field's digest: sha256(salt || the value's canonical jsonb text), in hex.
CREATE FUNCTION audit_field_digest(p_salt bytea, p_value jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(p_salt || convert_to(p_value::text, 'UTF8')), 'hex')
$$;

-- A field's salt, derived from the record salt: sha256(record salt || side || ':' || column).
CREATE FUNCTION audit_field_salt(p_record_salt bytea, p_side text, p_column text) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT sha256(p_record_salt || convert_to(p_side || ':' || p_column, 'UTF8'))
$$;

-- A field's salt as a record keeps it: derived from {"record": …}, or listed after a
-- redaction; NULL when the field was redacted.
CREATE FUNCTION audit_field_salt_of(p_salts jsonb, p_side text, p_column text) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_salts ? 'record'
                THEN audit_field_salt(decode(p_salts ->> 'record', 'hex'), p_side, p_column)
                ELSE decode(p_salts -> p_side ->> p_column, 'hex') END
$$;

-- Record hash, format 2: over the field digests instead of the values.
CREATE FUNCTION audit_record_hash(
    p_id bigint, p_occurred_at timestamptz, p_txid bigint, p_db_user text,
    p_actor_person_id uuid, p_operation text, p_action text,
    p_entity_table text, p_entity_id text, p_field_digests jsonb,
    p_personal_digest bytea, p_prev_hash bytea) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to(jsonb_build_array(
        2, p_id,
        (extract(epoch FROM p_occurred_at) * 1000000)::bigint,
        p_txid, p_db_user, p_actor_person_id::text, p_operation, p_action,
        p_entity_table, p_entity_id, p_field_digests,
        encode(p_personal_digest, 'hex'), encode(p_prev_hash, 'hex'))::text, 'UTF8'))
$$;

------------------------------------------------------------------------------
-- Convert the existing records and hash the chain again, in id order
------------------------------------------------------------------------------

ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard;

-- Seal every field (set-based), then hash the chain again record by record.
UPDATE audit_log a
   SET field_digests = jsonb_strip_nulls(jsonb_build_object(
           'before', CASE WHEN x.before IS NOT NULL THEN
                         (SELECT coalesce(jsonb_object_agg(j.key, audit_field_digest(audit_field_salt(x.salt, 'before', j.key), j.value)), '{}')
                            FROM jsonb_each(x.before) AS j) END,
           'after',  CASE WHEN x.after IS NOT NULL THEN
                         (SELECT coalesce(jsonb_object_agg(j.key, audit_field_digest(audit_field_salt(x.salt, 'after', j.key), j.value)), '{}')
                            FROM jsonb_each(x.after) AS j) END)),
       field_salts = jsonb_build_object('record', encode(x.salt, 'hex'))
  FROM (SELECT id, before, after, uuid_send(gen_random_uuid()) AS salt FROM audit_log) AS x
 WHERE a.id = x.id;

DO $$
DECLARE
    r      record;
    v_prev bytea;
    v_hash bytea;
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        v_hash := audit_record_hash(r.id, r.occurred_at, r.txid, r.db_user, r.actor_person_id, r.operation, r.action,
                                    r.entity_table, r.entity_id, r.field_digests, r.personal_digest, v_prev);
        UPDATE audit_log SET prev_hash = v_prev, hash = v_hash WHERE id = r.id;
        v_prev := v_hash;
    END LOOP;
    UPDATE audit_chain_head SET last_hash = v_prev WHERE singleton;
END
$$;

ALTER TABLE audit_log ENABLE TRIGGER audit_log_guard;
ALTER TABLE audit_log ALTER COLUMN field_digests SET NOT NULL, ALTER COLUMN field_salts SET NOT NULL;
DROP FUNCTION audit_compute_hash(bigint, timestamptz, bigint, text, uuid, text, text, text, text, jsonb, jsonb, bytea, bytea);

------------------------------------------------------------------------------
-- Appending, guarding and verifying, format 2
------------------------------------------------------------------------------

-- Append one record to the chain (signature as in 0001; audit_row and audit_event
-- call it).  Each field of before/after is sealed with its own salt.
CREATE OR REPLACE FUNCTION audit_append(
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
    v_field_salt bytea      := uuid_send(gen_random_uuid());
    v_digests   jsonb;
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
    IF jsonb_typeof(p_before) <> 'object' OR jsonb_typeof(p_after) <> 'object' THEN
        RAISE EXCEPTION 'audit before/after must be JSON objects (got % and %)', jsonb_typeof(p_before), jsonb_typeof(p_after)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- One statement (a helper function would be planned on every call).
    SELECT jsonb_strip_nulls(jsonb_build_object(
               'before', CASE WHEN p_before IS NOT NULL THEN
                             (SELECT coalesce(jsonb_object_agg(j.key, audit_field_digest(audit_field_salt(v_field_salt, 'before', j.key), j.value)), '{}')
                                FROM jsonb_each(p_before) AS j) END,
               'after',  CASE WHEN p_after IS NOT NULL THEN
                             (SELECT coalesce(jsonb_object_agg(j.key, audit_field_digest(audit_field_salt(v_field_salt, 'after', j.key), j.value)), '{}')
                                FROM jsonb_each(p_after) AS j) END))
      INTO v_digests;

    SELECT last_hash INTO STRICT v_prev FROM audit_chain_head WHERE singleton FOR UPDATE;
    v_id   := nextval('audit_log_id_seq');
    v_hash := audit_record_hash(v_id, v_at, v_txid, v_user, v_actor_id, p_operation, v_action,
                                p_entity_table, p_entity_id, v_digests, v_digest, v_prev);

    INSERT INTO audit_log (id, occurred_at, txid, db_user, actor_person_id, operation, action,
                           entity_table, entity_id, before, after, field_digests, field_salts,
                           actor_label, personal_before, personal_after, personal_salt, personal_digest,
                           prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    VALUES (v_id, v_at, v_txid, v_user, v_actor_id, p_operation, v_action,
            p_entity_table, p_entity_id, p_before, p_after, v_digests,
            jsonb_build_object('record', encode(v_field_salt, 'hex')),
            v_label, p_personal_before, p_personal_after, v_salt, v_digest,
            v_prev, v_hash);

    UPDATE audit_chain_head SET last_id = v_id, last_hash = v_hash WHERE singleton;
    RETURN v_id;
END
$$;

-- Append-only guard.  UPDATE is allowed only inside erase_person() (flag
-- circles.audit_erasure set transaction-locally), and then only to values and
-- salts outside the hash: the personal section, and before/after values whose
-- salts it drops (same fields, digests unchanged, every salt left as it was).  DELETE
-- and TRUNCATE are always refused.
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_log'
       AND coalesce(current_setting('circles.audit_erasure', true), '') <> '' THEN
      IF (NEW.id, NEW.occurred_at, NEW.txid, NEW.db_user, NEW.actor_person_id, NEW.operation, NEW.action,
            NEW.entity_table, NEW.entity_id, NEW.field_digests, NEW.personal_digest, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.txid, OLD.db_user, OLD.actor_person_id, OLD.operation, OLD.action,
            OLD.entity_table, OLD.entity_id, OLD.field_digests, OLD.personal_digest, OLD.prev_hash, OLD.hash)
         AND (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(coalesce(NEW.before, '{}')) AS k)
             IS NOT DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(coalesce(OLD.before, '{}')) AS k)
         AND (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(coalesce(NEW.after, '{}')) AS k)
             IS NOT DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(coalesce(OLD.after, '{}')) AS k)
         AND (NEW.before IS NULL) = (OLD.before IS NULL) AND (NEW.after IS NULL) = (OLD.after IS NULL)
         AND (NEW.field_salts IS NOT DISTINCT FROM OLD.field_salts
              OR (NOT NEW.field_salts ? 'record'
                  AND NOT EXISTS (SELECT 1
                                    FROM (VALUES ('before'), ('after')) AS s(side),
                                         jsonb_each_text(coalesce(NEW.field_salts -> s.side, '{}')) AS n
                                   WHERE audit_field_salt_of(OLD.field_salts, s.side, n.key) IS DISTINCT FROM decode(n.value, 'hex'))))
      THEN
        RETURN NEW;
      END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'audit_log_append_only', TABLE = TG_TABLE_NAME;
END
$$;

-- Verify the whole chain.  Returns one row per problem (no rows = intact), by
-- record.  One pass of set-based queries: links (each prev_hash against the hash
-- before it), record hashes, every field against its digest, personal sections,
-- and the chain head.  A field without its salt was redacted; that is accepted
-- only in a record an 'audit.redaction' event names (those events are records
-- like any other, checked here too).
CREATE OR REPLACE FUNCTION audit_verify_chain()
RETURNS TABLE (audit_id bigint, problem text)
LANGUAGE sql STABLE AS $$
    WITH redacted AS (
        SELECT DISTINCT x.id::bigint AS id
          FROM audit_log a,
               jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.after -> 'records') = 'array'
                                              THEN a.after -> 'records' ELSE '[]' END) AS x(id)
         WHERE a.operation = 'event' AND a.action = 'audit.redaction'
    ), chain AS (
        SELECT a.*, lag(a.hash) OVER (ORDER BY a.id) AS previous_hash, row_number() OVER (ORDER BY a.id) AS position
          FROM audit_log a
    ), sides AS (
        SELECT a.id, s.side, s.vals, a.field_digests -> s.side AS digests, a.field_salts AS salts,
               a.id IN (SELECT id FROM redacted) AS redaction_allowed
          FROM audit_log a
         CROSS JOIN LATERAL (VALUES ('before', a.before), ('after', a.after)) AS s(side, vals)
    ), problems AS (
        SELECT id AS audit_id, 1 AS step, '' AS field,
               CASE WHEN position = 1 THEN 'first record has a prev_hash (records before it are missing)'
                    ELSE 'prev_hash does not match the previous record' END AS problem
          FROM chain
         WHERE (position = 1 AND prev_hash IS NOT NULL) OR (position > 1 AND prev_hash IS DISTINCT FROM previous_hash)
        UNION ALL
        SELECT id, 2, '', 'hash mismatch (record altered)'
          FROM chain
         WHERE hash IS DISTINCT FROM audit_record_hash(id, occurred_at, txid, db_user, actor_person_id, operation, action,
                                                        entity_table, entity_id, field_digests, personal_digest, prev_hash)
        UNION ALL
        SELECT id, 3, side,
               'hash mismatch (record altered): ' || side || CASE WHEN digests IS NULL THEN ' was added' ELSE ' was removed' END
          FROM sides
         WHERE (digests IS NULL AND vals IS NOT NULL)
            OR (digests IS NOT NULL AND (vals IS NULL OR jsonb_typeof(vals) <> 'object'))
        UNION ALL
        SELECT s.id, 3, s.side || '.' || f.key,
               'hash mismatch (record altered): field ' || s.side || '.' || f.key || ' ' || f.what
          FROM sides s
         CROSS JOIN LATERAL (
               SELECT coalesce(d.key, v.key) AS key,
                      CASE WHEN d.key IS NULL THEN 'was added'
                           WHEN v.key IS NULL THEN 'was removed'
                           WHEN z.salt IS NOT NULL THEN
                               CASE WHEN audit_field_digest(z.salt, v.value) IS DISTINCT FROM d.value
                                    THEN 'does not match its digest' END
                           WHEN NOT s.redaction_allowed THEN 'was redacted, but no erasure names this record'
                      END AS what
                 FROM jsonb_each_text(CASE WHEN jsonb_typeof(s.digests) = 'object' THEN s.digests END) AS d
                 FULL JOIN jsonb_each(CASE WHEN jsonb_typeof(s.vals) = 'object' THEN s.vals END) AS v ON v.key = d.key
                CROSS JOIN LATERAL (SELECT audit_field_salt_of(s.salts, s.side, d.key) AS salt) AS z
               ) AS f
         WHERE jsonb_typeof(s.digests) = 'object' AND jsonb_typeof(s.vals) = 'object' AND f.what IS NOT NULL
        UNION ALL
        SELECT id, 4, '', 'personal section altered'
          FROM audit_log
         WHERE personal_salt IS NOT NULL
           AND personal_digest IS DISTINCT FROM
               sha256(personal_salt || convert_to(audit_personal_canonical(actor_label, personal_before, personal_after), 'UTF8'))
        UNION ALL
        SELECT h.last_id, 5, '', 'chain head does not match the last record (tail removed?)'
          FROM audit_chain_head h
         WHERE h.singleton AND h.last_hash IS DISTINCT FROM (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)
    )
    SELECT audit_id, problem FROM problems ORDER BY step = 5, audit_id, step, field
$$;

------------------------------------------------------------------------------
-- Redacting free text
------------------------------------------------------------------------------

-- Case-insensitive pattern matching any of `p_terms` as a whole word (not inside a
-- longer word or address: no letter, digit or underscore right before or after),
-- each term literal (see literal_pattern) except that a run of white space matches
-- any run of white space.  Terms shorter than 3 characters are left out.  NULL when
-- no term is left.
CREATE FUNCTION mention_pattern(p_terms text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT '(?<![[:alnum:]_])(?:'
           || string_agg(regexp_replace(literal_pattern(btrim(t)), '[[:space:]]+', '[[:space:]]+', 'g'), '|'
                         ORDER BY length(t) DESC, t)
           || ')(?![[:alnum:]_])'
      FROM (SELECT DISTINCT t FROM unnest(p_terms) AS t WHERE length(btrim(t)) >= 3) AS terms
$$;

-- A looser pattern for finding candidate rows by their text or jsonb text: any
-- term, as written or as JSON escapes it, anywhere.  Rows it finds are then
-- rewritten with mention_pattern, which decides.
CREATE FUNCTION mention_filter(p_terms text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(DISTINCT literal_pattern(v), '|')
      FROM unnest(p_terms) AS t,
           LATERAL (VALUES (btrim(t)), (btrim(to_jsonb(btrim(t))::text, '"'))) AS forms(v)
     WHERE length(btrim(t)) >= 3
$$;

-- Every string inside a JSON value with `p_pattern` replaced (case-insensitively)
-- by `p_replacement`; keys, numbers and the shape are kept.
CREATE FUNCTION redact_json(p_value jsonb, p_pattern text, p_replacement text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    CASE jsonb_typeof(p_value)
    WHEN 'string' THEN
        RETURN to_jsonb(regexp_replace(p_value #>> '{}', p_pattern, p_replacement, 'gi'));
    WHEN 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(e.key, redact_json(e.value, p_pattern, p_replacement)), '{}')
                  FROM jsonb_each(p_value) AS e);
    WHEN 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(redact_json(e.value, p_pattern, p_replacement) ORDER BY e.n), '[]')
                  FROM jsonb_array_elements(p_value) WITH ORDINALITY AS e(value, n));
    ELSE
        RETURN p_value;
    END CASE;
END
$$;

------------------------------------------------------------------------------
-- Erasure, third version
------------------------------------------------------------------------------

-- Pseudonymise a person everywhere Circles keeps their personal data; the
-- people row (and its id) is kept so counts, attendance and ownership survive.
--   1. people: email and name become a pseudonym; inactive, opted out, erased_at.
--   2. notes they wrote (meeting and workshop notes whose writer the audit trail
--      names as them) are removed.
--   3. reminder_outbox: pending mail to them is cancelled; the payload and the
--      last error of every row addressed to them are scrubbed.
--   4. free text: in every text and jsonb column of every table in the schema
--      (found in the catalogue, so columns added later are included) except the
--      machine-made ones listed below and other people's own names and addresses,
--      each mention of any name or address they have had (whole words,
--      case-insensitive, 3 characters or more) becomes their pseudonymous name.
--   5. audit_log: the same in every before/after value, dropping the salt of each
--      field rewritten (its digest, and so the chain, stays); the personal section
--      of every record about them, made by them, or labelled with any address they
--      had is rewritten to the pseudonym and its salt dropped.  The records whose
--      values were redacted are listed in an 'audit.redaction' event, which is what
--      lets audit_verify_chain() accept their missing salts.
-- Erasing an erased person again is refused (SQLSTATE 55000, constraint
-- people_already_erased), so the step is never silently repeated.
-- Returns the number of audit records rewritten.
CREATE OR REPLACE FUNCTION erase_person(p_person_id uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    v_tag      text := left(replace(p_person_id::text, '-', ''), 12);
    v_email    text := 'erased-' || replace(p_person_id::text, '-', '') || '@erased.invalid';
    v_name     text := 'Erased person ' || v_tag;
    v_label    text := 'erased:' || v_tag;
    v_action   text := current_setting('circles.action', true);
    v_person   people;
    v_emails   text[];
    v_names    text[];
    v_pattern  text;
    v_filter   text;
    v_column   record;
    v_personal bigint[];
    v_redacted bigint[];
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
    v_pattern := mention_pattern(v_emails || v_names);
    v_filter  := mention_filter(v_emails || v_names);

    PERFORM set_config('circles.action', 'person.erase', true);
    UPDATE people
       SET email = v_email, display_name = v_name,
           active = false, email_opt_out = true, erased_at = now()
     WHERE id = p_person_id;

    -- Notes they wrote go.
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

    -- Undelivered mail to them is pointless; what was kept about their mail is scrubbed.
    UPDATE reminder_outbox SET state = 'cancelled' WHERE recipient_id = p_person_id AND state = 'pending';
    UPDATE reminder_outbox
       SET payload = '{"erased": true}',
           last_error = CASE WHEN last_error IS NOT NULL THEN '[erased]' END
     WHERE recipient_id = p_person_id;

    -- Mentions of them in any free text.  The changes to audited tables are
    -- audited (as person.erase); step 5 then redacts those new records too.
    IF v_pattern IS NOT NULL THEN
        FOR v_column IN
            SELECT c.relname AS tab, a.attname AS col, format_type(a.atttypid, NULL) AS typ
              FROM pg_class c
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
             WHERE c.relnamespace = current_schema()::text::regnamespace AND c.relkind IN ('r', 'p')
               AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'json'::regtype,
                                  'jsonb'::regtype, 'text[]'::regtype, 'varchar[]'::regtype)
               -- the audit trail (step 5) and the migration history
               AND c.relname NOT IN ('audit_log', 'schema_migrations')
               -- other people's own names and addresses are theirs (the subject's were replaced above)
               AND (c.relname, a.attname) NOT IN (('people', 'email'), ('people', 'display_name'))
               -- machine-made values: rules, zones, states, keys
               AND a.attname NOT IN ('rrule', 'tzid', 'time_zone', 'status', 'from_status', 'to_status', 'role',
                                     'perspective', 'kind', 'state', 'idempotency_key', 'lease_holder')
             ORDER BY c.relname, a.attnum
        LOOP
            CASE v_column.typ
            WHEN 'jsonb' THEN
                EXECUTE format('UPDATE %I SET %I = redact_json(%I, $1, $2) WHERE %I::text ~* $3',
                               v_column.tab, v_column.col, v_column.col, v_column.col)
                  USING v_pattern, v_name, v_filter;
            WHEN 'json' THEN
                EXECUTE format('UPDATE %I SET %I = redact_json(%I::jsonb, $1, $2)::json WHERE %I::text ~* $3',
                               v_column.tab, v_column.col, v_column.col, v_column.col)
                  USING v_pattern, v_name, v_filter;
            WHEN 'text[]', 'character varying[]' THEN
                EXECUTE format('UPDATE %I SET %I = (SELECT array_agg(regexp_replace(e.v, $1, $2, ''gi'') ORDER BY e.n)
                                                      FROM unnest(%I) WITH ORDINALITY AS e(v, n))
                                 WHERE array_to_string(%I, chr(10)) ~* $3',
                               v_column.tab, v_column.col, v_column.col, v_column.col)
                  USING v_pattern, v_name, v_filter;
            ELSE
                EXECUTE format('UPDATE %I SET %I = regexp_replace(%I, $1, $2, ''gi'') WHERE %I ~* $1',
                               v_column.tab, v_column.col, v_column.col, v_column.col)
                  USING v_pattern, v_name;
            END CASE;
        END LOOP;
    END IF;

    PERFORM set_config('circles.audit_erasure', p_person_id::text, true);
    -- The personal section: who they were, and which records they made.
    WITH rewritten AS (
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
               actor_label     = CASE WHEN a.actor_label IS NULL THEN NULL
                                      WHEN a.actor_person_id = p_person_id OR lower(a.actor_label) = ANY (v_emails)
                                      THEN v_label
                                      WHEN v_pattern IS NOT NULL THEN regexp_replace(a.actor_label, v_pattern, v_label, 'gi')
                                      ELSE a.actor_label END,
               personal_salt      = NULL,
               personal_erased_at = now()
         WHERE a.personal_digest IS NOT NULL
           AND ((a.entity_table = 'people' AND a.entity_id = p_person_id::text)
                OR a.actor_person_id = p_person_id
                OR lower(a.actor_label) = ANY (v_emails)
                OR (v_filter IS NOT NULL AND a.actor_label ~* v_filter
                    AND regexp_replace(a.actor_label, v_pattern, v_label, 'gi') <> a.actor_label))
        RETURNING a.id)
    SELECT coalesce(array_agg(id), '{}') INTO v_personal FROM rewritten;

    -- Values: mentions in before/after, each rewritten field losing its salt.
    IF v_pattern IS NOT NULL THEN
        WITH candidates AS (
            SELECT a.id, redact_json(a.before, v_pattern, v_name) AS new_before,
                         redact_json(a.after, v_pattern, v_name) AS new_after
              FROM audit_log a
             WHERE a.before::text ~* v_filter OR a.after::text ~* v_filter
        ), redacted AS (
            UPDATE audit_log a
               SET before = c.new_before,
                   after = c.new_after,
                   -- The salts of the fields left as they were; the record salt goes.
                   field_salts = jsonb_strip_nulls(jsonb_build_object(
                       'before', (SELECT jsonb_object_agg(v.key, encode(audit_field_salt_of(a.field_salts, 'before', v.key), 'hex'))
                                    FROM jsonb_each(a.before) AS v
                                   WHERE c.new_before -> v.key = v.value
                                     AND audit_field_salt_of(a.field_salts, 'before', v.key) IS NOT NULL),
                       'after',  (SELECT jsonb_object_agg(v.key, encode(audit_field_salt_of(a.field_salts, 'after', v.key), 'hex'))
                                    FROM jsonb_each(a.after) AS v
                                   WHERE c.new_after -> v.key = v.value
                                     AND audit_field_salt_of(a.field_salts, 'after', v.key) IS NOT NULL)))
              FROM candidates c
             WHERE a.id = c.id
               AND (c.new_before IS DISTINCT FROM a.before OR c.new_after IS DISTINCT FROM a.after)
            RETURNING a.id)
        SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO v_redacted FROM redacted;
    END IF;
    PERFORM set_config('circles.audit_erasure', '', true);

    IF cardinality(v_redacted) > 0 THEN
        PERFORM audit_append('event', 'audit.redaction', 'people', p_person_id::text,
                             NULL, jsonb_build_object('records', to_jsonb(v_redacted)), NULL, NULL);
    END IF;
    PERFORM set_config('circles.action', coalesce(v_action, ''), true);
    RETURN (SELECT count(DISTINCT x) FROM unnest(v_personal || coalesce(v_redacted, '{}')) AS x);
END
$$;

------------------------------------------------------------------------------
-- The upgrade itself is on the record
------------------------------------------------------------------------------

DO $$
DECLARE
    v_old jsonb := current_setting('circles.audit_upgrade')::jsonb;
BEGIN
    IF (v_old ->> 'records')::bigint > 0 THEN
        PERFORM audit_append('event', 'audit.upgrade', 'audit_log', NULL, NULL,
                             jsonb_build_object('format', 2) || v_old, NULL, NULL);
    END IF;
    PERFORM set_config('circles.audit_upgrade', '', true);
END
$$;

------------------------------------------------------------------------------
-- Function hygiene (as at the end of 0001).  The small SQL helpers that hash
-- (audit_field_digest, audit_field_salt, audit_field_salt_of, audit_record_hash)
-- are left unpinned on purpose: PostgreSQL inlines a SQL function only when it has
-- no SET clause, and these run once per field (pinned and IMMUTABLE, an append of
-- a 17-column row cost about four times as much).  They call only built-in functions and each
-- other, and run inlined into the pinned functions above.
------------------------------------------------------------------------------

DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure
          FROM pg_proc p
         WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
           AND p.proname IN (
                             'audit_append', 'audit_log_guard', 'audit_verify_chain',
                             'mention_pattern', 'mention_filter', 'redact_json', 'erase_person')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
    END LOOP;
END
$$;

