-- 0016_response_audit_by_column.sql — answers audited column by column instead of through JSON.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.  See sql/README.md, "Audit trail".
--
-- audit_statement (0015) is generic: it turns every row into JSON, pairs old and new rows by a
-- key it reads out of that JSON, and finds the changed fields by walking each row's keys in
-- sub-queries with their own aggregates.  For meeting_responses, the table circles-web writes a
-- batch of answers into at every commit, that came to about 60% of PostgreSQL's time per answer.
-- meeting_responses_audit_statement writes exactly the records audit_statement writes (and
-- audit_row before it: same fields, redactions, salts, digests and chain), but knows the
-- table's columns: old and new rows are joined on the primary key, the changed columns found
-- by comparing them, and each record is built with plain expressions, in one query whose rows
-- are chained in order as they are read.  DELETE keeps audit_statement (answers are deleted
-- only with their meeting or person).
--
-- When a column is added to meeting_responses this function must learn it: the test
-- "meeting_responses is audited as audit_row would audit it" compares the two.

CREATE FUNCTION meeting_responses_audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET TimeZone = 'UTC' SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_operation  text   := lower(TG_OP);
    v_action     text   := coalesce(nullif(current_setting('circles.action', true), ''), lower(TG_OP));
    v_row_actors jsonb  := nullif(current_setting('circles.row_actors', true), '')::jsonb;
    v_actor_id   uuid   := nullif(current_setting('circles.actor_id', true), '')::uuid;
    v_label      text   := nullif(current_setting('circles.actor', true), '');
    v_txid       bigint := txid_current();
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
                   jsonb_build_object('after', (SELECT jsonb_object_agg(f.key, audit_field_digest(audit_field_salt(x.fsalt, 'after', f.key), f.value))
                                                  FROM jsonb_each(x.nv) AS f)) AS digests
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
                   CASE WHEN x.psalt IS NOT NULL THEN sha256(x.psalt || convert_to(jsonb_build_array(x.label, NULL, NULL)::text, 'UTF8')) END AS pdigest, d.before, d.after, d.digests
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
                           array_remove(ARRAY[
                               CASE WHEN n.answer IS DISTINCT FROM o.answer THEN 'answer' END,
                               CASE WHEN n.note IS DISTINCT FROM o.note THEN 'note' END,
                               CASE WHEN n.source IS DISTINCT FROM o.source THEN 'source' END,
                               CASE WHEN n.answered_at IS DISTINCT FROM o.answered_at THEN 'answered_at' END,
                               CASE WHEN n.itip_sequence IS DISTINCT FROM o.itip_sequence THEN 'itip_sequence' END,
                               CASE WHEN n.itip_dtstamp IS DISTINCT FROM o.itip_dtstamp THEN 'itip_dtstamp' END], NULL) AS fields
                      FROM n JOIN old_rows AS o ON o.occurrence_id = n.occurrence_id AND o.person_id = n.person_id
                     CROSS JOIN LATERAL (  -- who recorded it: the row's entry in circles.row_actors, else the session's actor
                           SELECT coalesce((y.e ->> 'n')::integer, 2147483647) AS ord,
                                  CASE WHEN y.e IS NULL THEN v_actor_id ELSE (y.e ->> 'actor_id')::uuid END AS actor_id,
                                  CASE WHEN y.e IS NULL THEN v_label ELSE y.e ->> 'actor' END AS label
                             FROM (SELECT v_row_actors -> (n.occurrence_id::text || '/' || n.person_id::text) AS e) AS y) AS a
                    OFFSET 0  -- each salt drawn once per row, however often it is used
                   ) AS x
             CROSS JOIN LATERAL (
                   SELECT jsonb_object_agg(f.k, x.ov -> f.k) AS before, jsonb_object_agg(f.k, x.nv -> f.k) AS after,
                          jsonb_build_object(
                              'before', jsonb_object_agg(f.k, audit_field_digest(audit_field_salt(x.fsalt, 'before', f.k), x.ov -> f.k)),
                              'after', jsonb_object_agg(f.k, audit_field_digest(audit_field_salt(x.fsalt, 'after', f.k), x.nv -> f.k))) AS digests
                     FROM unnest(x.fields) AS f(k)) AS d
             WHERE cardinality(x.fields) > 0
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

-- Triggers of one event fire in the order of their names: the history first, then the audit,
-- whose lock on the chain head is held until commit and makes every other audited write wait.
DROP TRIGGER meeting_responses_audit_insert ON meeting_responses;
DROP TRIGGER meeting_responses_audit_update ON meeting_responses;
DROP TRIGGER meeting_responses_history_insert ON meeting_responses;
DROP TRIGGER meeting_responses_history_update ON meeting_responses;
CREATE TRIGGER meeting_responses_1_history_insert AFTER INSERT ON meeting_responses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_statement_history();
CREATE TRIGGER meeting_responses_1_history_update AFTER UPDATE ON meeting_responses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_statement_history();
CREATE TRIGGER meeting_responses_2_audit_insert AFTER INSERT ON meeting_responses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_audit_statement();
CREATE TRIGGER meeting_responses_2_audit_update AFTER UPDATE ON meeting_responses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_audit_statement();

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION meeting_responses_audit_statement() SET search_path = %I, pg_temp', current_schema());
END
$$;
