-- 0017_leaner_response_triggers.sql — less work per answer in meeting_responses' statement triggers.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.  See sql/README.md, "Audit trail".
--
-- The records are exactly those 0016 writes (the test "answers are audited as audit_row would
-- audit them" compares them with audit_row's); only the work to build them changes:
--   * An INSERT … ON CONFLICT DO UPDATE fires the INSERT and the UPDATE statement triggers, and
--     once a person has answered, the INSERT's have no rows.  Both functions now return at once
--     then, before parsing circles.row_actors (the JSON of every row in the batch) or running
--     their queries; before, that empty half cost about as much as a few answers.
--   * The audit's field digests are spelt out column by column, where 0016 aggregated over the
--     changed columns in a sub-query run again for every row (an INSERT: over jsonb_each).
--     Before and after are the row's values less the unchanged columns (jsonb - text[]).

CREATE OR REPLACE FUNCTION meeting_responses_audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET TimeZone = 'UTC' SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_operation  text   := lower(TG_OP);
    v_action     text;
    v_row_actors jsonb;
    v_actor_id   uuid;
    v_label      text;
    v_txid       bigint;
    v_user       text   := session_user;
    v_rows       integer;
    v_paired     integer;
    v_count      integer;
    v_prev       bytea;
    -- one element per audit record, in chain order
    v_ids        bigint[];
    v_ats        timestamptz[];
    v_actors     uuid[];
    v_labels     text[];
    v_entity     text[];
    v_before     jsonb[];
    v_after      jsonb[];
    v_digests    jsonb[];
    v_fsalts     bytea[];
    v_psalts     bytea[];
    v_pdigests   bytea[];
    v_prevs      bytea[];
    v_hashes     bytea[];
BEGIN
    -- An INSERT … ON CONFLICT DO UPDATE fires the INSERT and the UPDATE triggers, one of them
    -- (usually the INSERT's, once a person has answered) with no rows: nothing to read or write.
    IF NOT EXISTS (SELECT FROM new_rows) THEN
        RETURN NULL;
    END IF;
    v_action     := coalesce(nullif(current_setting('circles.action', true), ''), lower(TG_OP));
    v_row_actors := nullif(current_setting('circles.row_actors', true), '')::jsonb;
    v_actor_id   := nullif(current_setting('circles.actor_id', true), '')::uuid;
    v_label      := nullif(current_setting('circles.actor', true), '');
    v_txid       := txid_current();

    -- One row per record, in chain order ("n" of circles.row_actors, then as the statement met
    -- the rows): the fields that changed (an INSERT: all of them), note redacted, each field's
    -- digest salted with the field's salt.  None of the columns is personal.
    IF TG_OP = 'INSERT' THEN
        SELECT count(*), array_agg(r.entity ORDER BY r.ord, r.i), array_agg(r.actor_id ORDER BY r.ord, r.i),
               array_agg(r.label ORDER BY r.ord, r.i), array_agg(r.fsalt ORDER BY r.ord, r.i), array_agg(r.psalt ORDER BY r.ord, r.i),
               array_agg(r.before ORDER BY r.ord, r.i), array_agg(r.after ORDER BY r.ord, r.i), array_agg(r.digests ORDER BY r.ord, r.i),
               array_agg(r.pdigest ORDER BY r.ord, r.i)
          INTO v_count, v_entity, v_actors, v_labels, v_fsalts, v_psalts, v_before, v_after, v_digests, v_pdigests
          FROM (
            WITH n AS MATERIALIZED (SELECT n.*, row_number() OVER () AS i FROM new_rows AS n)
            SELECT x.i, x.ord, x.entity, x.actor_id, x.label, x.fsalt, x.psalt,
                   CASE WHEN x.psalt IS NOT NULL THEN sha256(x.psalt || convert_to(jsonb_build_array(x.label, NULL, NULL)::text, 'UTF8')) END AS pdigest, NULL::jsonb AS before, x.nv AS after,
                   jsonb_build_object('after', jsonb_build_object(
                       'occurrence_id', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'occurrence_id'), x.nv -> 'occurrence_id'),
                       'person_id', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'person_id'), x.nv -> 'person_id'),
                       'answer', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'answer'), x.nv -> 'answer'),
                       'note', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'note'), x.nv -> 'note'),
                       'source', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'source'), x.nv -> 'source'),
                       'answered_at', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'answered_at'), x.nv -> 'answered_at'),
                       'itip_sequence', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'itip_sequence'), x.nv -> 'itip_sequence'),
                       'itip_dtstamp', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'itip_dtstamp'), x.nv -> 'itip_dtstamp'),
                       'recorded_at', audit_field_digest(audit_field_salt(x.fsalt, 'after', 'recorded_at'), x.nv -> 'recorded_at'))) AS digests
              FROM (SELECT n.i, n.occurrence_id::text || '/' || n.person_id::text AS entity, a.ord, a.actor_id, a.label,
                           uuid_send(gen_random_uuid()) AS fsalt,
                           CASE WHEN a.label IS NOT NULL THEN uuid_send(gen_random_uuid()) END AS psalt,
                           jsonb_build_object(
                               'occurrence_id', n.occurrence_id, 'person_id', n.person_id, 'answer', n.answer,
                               'note', CASE WHEN n.note IS NOT NULL THEN '[redacted]' END, 'source', n.source,
                               'answered_at', n.answered_at, 'itip_sequence', n.itip_sequence, 'itip_dtstamp', n.itip_dtstamp,
                               'recorded_at', n.recorded_at) AS nv
                      FROM n CROSS JOIN LATERAL (  -- who recorded it: the row's entry in circles.row_actors, else the session's actor
                           SELECT coalesce((y.e ->> 'n')::integer, 2147483647) AS ord,
                                  CASE WHEN y.e IS NULL THEN v_actor_id ELSE (y.e ->> 'actor_id')::uuid END AS actor_id,
                                  CASE WHEN y.e IS NULL THEN v_label ELSE y.e ->> 'actor' END AS label
                             FROM (SELECT v_row_actors -> (n.occurrence_id::text || '/' || n.person_id::text) AS e) AS y) AS a
                    OFFSET 0  -- each salt drawn once per row, however often it is used
                   ) AS x
          ) AS r;
    ELSE
        SELECT (SELECT count(*) FROM new_rows), count(*) INTO v_rows, v_paired
          FROM new_rows n JOIN old_rows o USING (occurrence_id, person_id);
        IF v_paired <> v_rows OR v_paired <> (SELECT count(*) FROM old_rows) THEN
            RAISE EXCEPTION 'the key (occurrence_id, person_id) of a row of % cannot change: it is audited by statement', TG_TABLE_NAME
                USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_key_fixed', TABLE = TG_TABLE_NAME;
        END IF;
        SELECT count(*), array_agg(r.entity ORDER BY r.ord, r.i), array_agg(r.actor_id ORDER BY r.ord, r.i),
               array_agg(r.label ORDER BY r.ord, r.i), array_agg(r.fsalt ORDER BY r.ord, r.i), array_agg(r.psalt ORDER BY r.ord, r.i),
               array_agg(r.before ORDER BY r.ord, r.i), array_agg(r.after ORDER BY r.ord, r.i), array_agg(r.digests ORDER BY r.ord, r.i),
               array_agg(r.pdigest ORDER BY r.ord, r.i)
          INTO v_count, v_entity, v_actors, v_labels, v_fsalts, v_psalts, v_before, v_after, v_digests, v_pdigests
          FROM (
            WITH n AS MATERIALIZED (SELECT n.*, row_number() OVER () AS i FROM new_rows AS n)
            SELECT x.i, x.ord, x.entity, x.actor_id, x.label, x.fsalt, x.psalt,
                   CASE WHEN x.psalt IS NOT NULL THEN sha256(x.psalt || convert_to(jsonb_build_array(x.label, NULL, NULL)::text, 'UTF8')) END AS pdigest,
                   x.ov - x.unchanged AS before, x.nv - x.unchanged AS after,
                   jsonb_build_object(
                       'before', jsonb_build_object(
                           'answer', CASE WHEN x.answer_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'before', 'answer'), x.ov -> 'answer') END,
                           'note', CASE WHEN x.note_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'before', 'note'), x.ov -> 'note') END,
                           'source', CASE WHEN x.source_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'before', 'source'), x.ov -> 'source') END,
                           'answered_at', CASE WHEN x.answered_at_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'before', 'answered_at'), x.ov -> 'answered_at') END,
                           'itip_sequence', CASE WHEN x.itip_sequence_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'before', 'itip_sequence'), x.ov -> 'itip_sequence') END,
                           'itip_dtstamp', CASE WHEN x.itip_dtstamp_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'before', 'itip_dtstamp'), x.ov -> 'itip_dtstamp') END) - x.unchanged,
                       'after', jsonb_build_object(
                           'answer', CASE WHEN x.answer_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'after', 'answer'), x.nv -> 'answer') END,
                           'note', CASE WHEN x.note_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'after', 'note'), x.nv -> 'note') END,
                           'source', CASE WHEN x.source_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'after', 'source'), x.nv -> 'source') END,
                           'answered_at', CASE WHEN x.answered_at_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'after', 'answered_at'), x.nv -> 'answered_at') END,
                           'itip_sequence', CASE WHEN x.itip_sequence_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'after', 'itip_sequence'), x.nv -> 'itip_sequence') END,
                           'itip_dtstamp', CASE WHEN x.itip_dtstamp_changed THEN audit_field_digest(audit_field_salt(x.fsalt, 'after', 'itip_dtstamp'), x.nv -> 'itip_dtstamp') END) - x.unchanged) AS digests
              FROM (SELECT n.i, n.occurrence_id::text || '/' || n.person_id::text AS entity, a.ord, a.actor_id, a.label,
                           uuid_send(gen_random_uuid()) AS fsalt,
                           CASE WHEN a.label IS NOT NULL THEN uuid_send(gen_random_uuid()) END AS psalt,
                           jsonb_build_object(
                               'answer', o.answer, 'note', CASE WHEN o.note IS NOT NULL THEN '[redacted]' END, 'source', o.source,
                               'answered_at', o.answered_at, 'itip_sequence', o.itip_sequence, 'itip_dtstamp', o.itip_dtstamp) AS ov,
                           jsonb_build_object(
                               'answer', n.answer, 'note', CASE WHEN n.note IS NOT NULL THEN '[redacted]' END, 'source', n.source,
                               'answered_at', n.answered_at, 'itip_sequence', n.itip_sequence, 'itip_dtstamp', n.itip_dtstamp) AS nv,
                           -- the key cannot change, and recorded_at is not audited
                           n.answer IS DISTINCT FROM o.answer AS answer_changed,
                           n.note IS DISTINCT FROM o.note AS note_changed,
                           n.source IS DISTINCT FROM o.source AS source_changed,
                           n.answered_at IS DISTINCT FROM o.answered_at AS answered_at_changed,
                           n.itip_sequence IS DISTINCT FROM o.itip_sequence AS itip_sequence_changed,
                           n.itip_dtstamp IS DISTINCT FROM o.itip_dtstamp AS itip_dtstamp_changed,
                           array_remove(ARRAY[
                               CASE WHEN n.answer IS NOT DISTINCT FROM o.answer THEN 'answer' END,
                               CASE WHEN n.note IS NOT DISTINCT FROM o.note THEN 'note' END,
                               CASE WHEN n.source IS NOT DISTINCT FROM o.source THEN 'source' END,
                               CASE WHEN n.answered_at IS NOT DISTINCT FROM o.answered_at THEN 'answered_at' END,
                               CASE WHEN n.itip_sequence IS NOT DISTINCT FROM o.itip_sequence THEN 'itip_sequence' END,
                               CASE WHEN n.itip_dtstamp IS NOT DISTINCT FROM o.itip_dtstamp THEN 'itip_dtstamp' END], NULL) AS unchanged
                      FROM n JOIN old_rows AS o ON o.occurrence_id = n.occurrence_id AND o.person_id = n.person_id
                     CROSS JOIN LATERAL (  -- who recorded it: the row's entry in circles.row_actors, else the session's actor
                           SELECT coalesce((y.e ->> 'n')::integer, 2147483647) AS ord,
                                  CASE WHEN y.e IS NULL THEN v_actor_id ELSE (y.e ->> 'actor_id')::uuid END AS actor_id,
                                  CASE WHEN y.e IS NULL THEN v_label ELSE y.e ->> 'actor' END AS label
                             FROM (SELECT v_row_actors -> (n.occurrence_id::text || '/' || n.person_id::text) AS e) AS y) AS a
                    OFFSET 0  -- each salt drawn once per row, however often it is used
                   ) AS x
             WHERE cardinality(x.unchanged) < 6
          ) AS r;
    END IF;

    IF v_count = 0 THEN
        RETURN NULL;  -- nothing worth auditing changed
    END IF;

    -- The chain, as audit_append extends it: the head locked until commit (every audited write
    -- waits for it, so it is taken once the records are ready), then each record hashed over
    -- the one before.
    SELECT last_hash INTO STRICT v_prev FROM audit_chain_head WHERE singleton FOR UPDATE;
    FOR i IN 1 .. v_count LOOP
        v_ids[i] := nextval('audit_log_id_seq');
        v_ats[i] := clock_timestamp();
        v_prevs[i] := v_prev;
        v_prev := audit_record_hash(v_ids[i], v_ats[i], v_txid, v_user, v_actors[i], v_operation, v_action,
                                    TG_TABLE_NAME, v_entity[i], v_digests[i], v_pdigests[i], v_prev);
        v_hashes[i] := v_prev;
    END LOOP;
    WITH head AS (UPDATE audit_chain_head SET last_id = v_ids[v_count], last_hash = v_prev WHERE singleton)
    INSERT INTO audit_log (id, occurred_at, txid, db_user, actor_person_id, operation, action,
                           entity_table, entity_id, before, after, field_digests, field_salts,
                           actor_label, personal_before, personal_after, personal_salt, personal_digest,
                           prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    SELECT x.id, x.at, v_txid, v_user, x.actor_id, v_operation, v_action,
           TG_TABLE_NAME, x.entity, x.before, x.after, x.digests, jsonb_build_object('record', encode(x.fsalt, 'hex')),
           x.label, NULL, NULL, x.psalt, x.pdigest, x.prev, x.hash
      FROM unnest(v_ids, v_ats, v_actors, v_entity, v_before, v_after, v_digests, v_fsalts,
                  v_labels, v_psalts, v_pdigests, v_prevs, v_hashes)
           AS x(id, at, actor_id, entity, before, after, digests, fsalt, label, psalt, pdigest, prev, hash);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION meeting_responses_statement_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_row_actors jsonb;
    v_actor_id   uuid;
BEGIN
    IF NOT EXISTS (SELECT FROM new_rows) THEN
        RETURN NULL;  -- the INSERT or UPDATE half of an upsert that wrote no row of its own
    END IF;
    v_row_actors := nullif(current_setting('circles.row_actors', true), '')::jsonb;
    v_actor_id   := nullif(current_setting('circles.actor_id', true), '')::uuid;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO meeting_response_history (occurrence_id, person_id, answer, note, source, answered_at,
                                              itip_sequence, itip_dtstamp, recorded_at, recorded_by)
        SELECT n.occurrence_id, n.person_id, n.answer, n.note, n.source, n.answered_at,
               n.itip_sequence, n.itip_dtstamp, n.recorded_at,
               CASE WHEN a.entry IS NULL THEN v_actor_id ELSE (a.entry ->> 'actor_id')::uuid END
          FROM new_rows AS n
         CROSS JOIN LATERAL (SELECT v_row_actors -> (n.occurrence_id || '/' || n.person_id) AS entry) AS a
         ORDER BY coalesce((a.entry ->> 'n')::integer, 2147483647), n.recorded_at;
    ELSE
        INSERT INTO meeting_response_history (occurrence_id, person_id, answer, note, source, answered_at,
                                              itip_sequence, itip_dtstamp, recorded_at, recorded_by)
        SELECT n.occurrence_id, n.person_id, n.answer, n.note, n.source, n.answered_at,
               n.itip_sequence, n.itip_dtstamp, n.recorded_at,
               CASE WHEN a.entry IS NULL THEN v_actor_id ELSE (a.entry ->> 'actor_id')::uuid END
          FROM new_rows AS n
          JOIN old_rows AS o ON o.occurrence_id = n.occurrence_id AND o.person_id = n.person_id
         CROSS JOIN LATERAL (SELECT v_row_actors -> (n.occurrence_id || '/' || n.person_id) AS entry) AS a
         WHERE n.recorded_at IS DISTINCT FROM o.recorded_at
         ORDER BY coalesce((a.entry ->> 'n')::integer, 2147483647), n.recorded_at;
    END IF;
    RETURN NULL;
END
$$;

-- CREATE OR REPLACE drops the settings ALTER FUNCTION gave them: the schema again, as 0015/0016.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION meeting_responses_audit_statement() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION meeting_responses_statement_history() SET search_path = %I, pg_temp', current_schema());
END
$$;
