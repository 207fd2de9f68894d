-- 0015_set_based_response_audit.sql — answers audited and kept in history per statement, not per row.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.  See sql/README.md, "Audit trail".
--
-- circles-web writes the answers that arrive together in one statement (group commit).  Until now
-- meeting_responses had row-level triggers (audit_row, and the history copy), which run a handful
-- of planned statements for every row: about three quarters of PostgreSQL's time per answer.
-- Here they become statement-level triggers over the statement's transition tables: the audit
-- records of all the rows are computed in one query, chained one after the other in one loop
-- (format 2, exactly as audit_append chains them, so audit_verify_chain() and erasure are as
-- before), and inserted in one statement; the history rows in one INSERT.
--
-- Who did it, per row.  A row-level trigger read the actor from the session settings at each row;
-- a statement that writes many people's answers at once names each row's actor in the
-- transaction-local setting circles.row_actors, a JSON object keyed by the audit entity id
-- ('<occurrence_id>/<person_id>'):  {"<entity id>": {"n": 1, "actor_id": "<uuid>", "actor": "link:…"}}
-- ("n" orders the records).  A row it does not name has the session's actor (circles.actor_id,
-- circles.actor), as before.
--
-- A statement-level UPDATE trigger pairs old and new rows by their key, so the key of a row it
-- audits cannot change: such an UPDATE is refused (change the answer of a meeting and person;
-- to move it, delete it and record it again).

------------------------------------------------------------------------------
-- Audit, per statement
------------------------------------------------------------------------------

-- AFTER … FOR EACH STATEMENT trigger (one per event, each REFERENCING its transition tables as
-- old_rows / new_rows).  Arguments as audit_row's first four: key columns, personal columns,
-- redacted columns, ignored columns.  Every record is what audit_row would have written for the
-- row, in the order of circles.row_actors' "n" (then as the statement met the rows).
CREATE FUNCTION audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET TimeZone = 'UTC' SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    key_cols      text[] := TG_ARGV[0]::text[];
    personal_cols text[] := coalesce(TG_ARGV[1], '{}')::text[];
    redact_cols   text[] := coalesce(TG_ARGV[2], '{}')::text[];
    ignore_cols   text[] := coalesce(TG_ARGV[3], '{}')::text[] || '{updated_at}'::text[];
    v_operation   text   := lower(TG_OP);
    v_action      text   := coalesce(nullif(current_setting('circles.action', true), ''), lower(TG_OP));
    v_row_actors  jsonb  := nullif(current_setting('circles.row_actors', true), '')::jsonb;
    v_actor_id    uuid   := nullif(current_setting('circles.actor_id', true), '')::uuid;
    v_label       text   := nullif(current_setting('circles.actor', true), '');
    v_txid        bigint := txid_current();
    v_user        text   := session_user;
    v_old_by_key  jsonb;
    v_old         jsonb[];
    v_new         jsonb[];
    v_keys        text[];
    v_rows        integer;
    v_paired      integer;
    v_count       integer;
    -- one element per audit record, in chain order
    v_entity      text[];
    v_actors      uuid[];
    v_labels      text[];
    v_before      jsonb[];
    v_after       jsonb[];
    v_pbefore     jsonb[];
    v_pafter      jsonb[];
    v_digests     jsonb[];
    v_fsalts      bytea[];
    v_psalts      bytea[];
    v_pdigests    bytea[];
    v_ids         bigint[];
    v_ats         timestamptz[];
    v_prevs       bytea[];
    v_hashes      bytea[];
    v_prev        bytea;
    i             integer;
BEGIN
    -- The rows as JSON, each with its entity id (an UPDATE's old and new rows paired by it).
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(x.j), array_agg(x.key), count(*) INTO v_new, v_keys, v_rows
          FROM (SELECT x.j, (SELECT string_agg(x.j ->> c.k, '/' ORDER BY c.o) FROM unnest(key_cols) WITH ORDINALITY AS c(k, o)) AS key
                  FROM (SELECT to_jsonb(n) AS j FROM new_rows AS n OFFSET 0) AS x) AS x;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(x.j), array_agg(x.key), count(*) INTO v_old, v_keys, v_rows
          FROM (SELECT x.j, (SELECT string_agg(x.j ->> c.k, '/' ORDER BY c.o) FROM unnest(key_cols) WITH ORDINALITY AS c(k, o)) AS key
                  FROM (SELECT to_jsonb(o) AS j FROM old_rows AS o OFFSET 0) AS x) AS x;
    ELSE
        SELECT jsonb_object_agg(x.key, x.j) INTO v_old_by_key
          FROM (SELECT x.j, (SELECT string_agg(x.j ->> c.k, '/' ORDER BY c.o) FROM unnest(key_cols) WITH ORDINALITY AS c(k, o)) AS key
                  FROM (SELECT to_jsonb(o) AS j FROM old_rows AS o OFFSET 0) AS x) AS x;
        SELECT array_agg(v_old_by_key -> x.key), array_agg(x.j), array_agg(x.key), count(*), count(v_old_by_key -> x.key)
          INTO v_old, v_new, v_keys, v_rows, v_paired
          FROM (SELECT x.j, (SELECT string_agg(x.j ->> c.k, '/' ORDER BY c.o) FROM unnest(key_cols) WITH ORDINALITY AS c(k, o)) AS key
                  FROM (SELECT to_jsonb(n) AS j FROM new_rows AS n OFFSET 0) AS x) AS x;
        IF v_paired <> v_rows OR v_paired <> (SELECT count(*) FROM jsonb_object_keys(v_old_by_key)) THEN
            RAISE EXCEPTION 'the key (%) of a row of % cannot change: it is audited by statement', array_to_string(key_cols, ', '), TG_TABLE_NAME
                USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_key_fixed', TABLE = TG_TABLE_NAME;
        END IF;
    END IF;
    IF coalesce(v_rows, 0) = 0 THEN
        RETURN NULL;
    END IF;

    -- The records but for their chain: fields (for an UPDATE only the changed ones, none of the
    -- ignored ones), redacted, split into the personal section and the rest, the rest sealed field
    -- by field with the record's salt, and the personal section sealed with its own.
    SELECT count(*), array_agg(r.entity ORDER BY r.ord, r.i), array_agg(r.actor_id ORDER BY r.ord, r.i),
           array_agg(r.label ORDER BY r.ord, r.i), array_agg(r.before ORDER BY r.ord, r.i), array_agg(r.after ORDER BY r.ord, r.i),
           array_agg(r.pbefore ORDER BY r.ord, r.i), array_agg(r.pafter ORDER BY r.ord, r.i), array_agg(r.digests ORDER BY r.ord, r.i),
           array_agg(r.fsalt ORDER BY r.ord, r.i), array_agg(r.psalt ORDER BY r.ord, r.i),
           array_agg(CASE WHEN r.psalt IS NOT NULL
                          THEN sha256(r.psalt || convert_to(jsonb_build_array(r.label, r.pbefore, r.pafter)::text, 'UTF8')) END
                     ORDER BY r.ord, r.i)
      INTO v_count, v_entity, v_actors, v_labels, v_before, v_after, v_pbefore, v_pafter, v_digests, v_fsalts, v_psalts, v_pdigests
      FROM (SELECT u.i, u.entity, coalesce((a.entry ->> 'n')::integer, 2147483647) AS ord,
                   CASE WHEN a.entry IS NULL THEN v_actor_id ELSE (a.entry ->> 'actor_id')::uuid END AS actor_id,
                   CASE WHEN a.entry IS NULL THEN v_label ELSE a.entry ->> 'actor' END AS label,
                   d.before, d.after, d.pbefore, d.pafter, d.digests, s.fsalt,
                   CASE WHEN (CASE WHEN a.entry IS NULL THEN v_label ELSE a.entry ->> 'actor' END) IS NOT NULL
                             OR d.pbefore IS NOT NULL OR d.pafter IS NOT NULL
                        THEN s.psalt END AS psalt
              FROM unnest(coalesce(v_old, array_fill(NULL::jsonb, ARRAY[v_rows])),
                          coalesce(v_new, array_fill(NULL::jsonb, ARRAY[v_rows])), v_keys) WITH ORDINALITY AS u(old_j, new_j, entity, i)
             CROSS JOIN LATERAL (SELECT u.entity, v_row_actors -> u.entity AS entry) AS a
             CROSS JOIN LATERAL (
                   SELECT uuid_send(gen_random_uuid()) AS fsalt, uuid_send(gen_random_uuid()) AS psalt, u.i OFFSET 0) AS s
             CROSS JOIN LATERAL (
                   SELECT count(*) AS fields,
                          jsonb_object_agg(f.key, f.ov) FILTER (WHERE NOT f.personal AND f.ov IS NOT NULL) AS before,
                          jsonb_object_agg(f.key, f.nv) FILTER (WHERE NOT f.personal AND f.nv IS NOT NULL) AS after,
                          jsonb_object_agg(f.key, f.ov) FILTER (WHERE f.personal AND f.ov IS NOT NULL) AS pbefore,
                          jsonb_object_agg(f.key, f.nv) FILTER (WHERE f.personal AND f.nv IS NOT NULL) AS pafter,
                          jsonb_strip_nulls(jsonb_build_object(
                              'before', jsonb_object_agg(f.key, audit_field_digest(audit_field_salt(s.fsalt, 'before', f.key), f.ov))
                                        FILTER (WHERE NOT f.personal AND f.ov IS NOT NULL),
                              'after',  jsonb_object_agg(f.key, audit_field_digest(audit_field_salt(s.fsalt, 'after', f.key), f.nv))
                                        FILTER (WHERE NOT f.personal AND f.nv IS NOT NULL))) AS digests
                     FROM (SELECT n.key, n.key = ANY (personal_cols) AS personal,
                                  CASE WHEN n.key = ANY (redact_cols) AND u.old_j -> n.key <> 'null'::jsonb
                                       THEN '"[redacted]"'::jsonb ELSE u.old_j -> n.key END AS ov,
                                  CASE WHEN n.key = ANY (redact_cols) AND u.new_j -> n.key <> 'null'::jsonb
                                       THEN '"[redacted]"'::jsonb ELSE u.new_j -> n.key END AS nv
                             FROM jsonb_object_keys(coalesce(u.new_j, u.old_j)) AS n(key)
                            WHERE u.old_j IS NULL OR u.new_j IS NULL
                               OR (u.new_j -> n.key IS DISTINCT FROM u.old_j -> n.key AND n.key <> ALL (ignore_cols))) AS f
                   ) AS d
             WHERE d.fields > 0) AS r;
    IF v_count = 0 THEN
        RETURN NULL;  -- nothing worth auditing changed
    END IF;

    -- The chain, as audit_append extends it: the head locked until commit, then each record
    -- hashed over the one before.
    SELECT last_hash INTO STRICT v_prev FROM audit_chain_head WHERE singleton FOR UPDATE;
    FOR i IN 1 .. v_count LOOP
        v_ids[i]    := nextval('audit_log_id_seq');
        v_ats[i]    := clock_timestamp();
        v_prevs[i]  := v_prev;
        v_prev      := audit_record_hash(v_ids[i], v_ats[i], v_txid, v_user, v_actors[i], v_operation, v_action,
                                         TG_TABLE_NAME, v_entity[i], v_digests[i], v_pdigests[i], v_prevs[i]);
        v_hashes[i] := v_prev;
    END LOOP;

    WITH head AS (UPDATE audit_chain_head SET last_id = v_ids[v_count], last_hash = v_prev WHERE singleton)
    INSERT INTO audit_log (id, occurred_at, txid, db_user, actor_person_id, operation, action,
                           entity_table, entity_id, before, after, field_digests, field_salts,
                           actor_label, personal_before, personal_after, personal_salt, personal_digest,
                           prev_hash, hash)
    OVERRIDING SYSTEM VALUE
    SELECT r.id, r.at, v_txid, v_user, r.actor_id, v_operation, v_action,
           TG_TABLE_NAME, r.entity, r.before, r.after, r.digests, jsonb_build_object('record', encode(r.fsalt, 'hex')),
           r.label, r.pbefore, r.pafter, r.psalt, r.pdigest, r.prev, r.hash
      FROM unnest(v_ids, v_ats, v_actors, v_entity, v_before, v_after, v_digests, v_fsalts,
                  v_labels, v_pbefore, v_pafter, v_psalts, v_pdigests, v_prevs, v_hashes)
           AS r(id, at, actor_id, entity, before, after, digests, fsalt, label, pbefore, pafter, psalt, pdigest, prev, hash)
     ORDER BY r.id;
    RETURN NULL;
END
$$;

------------------------------------------------------------------------------
-- Answer history, per statement
------------------------------------------------------------------------------

-- AFTER INSERT / AFTER UPDATE … FOR EACH STATEMENT on meeting_responses: every answer recorded
-- (inserted, or updated with a new recorded_at, as 0011b) is copied into the history, with who
-- recorded it (circles.row_actors, else circles.actor_id), in the order of "n".
CREATE FUNCTION meeting_responses_statement_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_row_actors jsonb := nullif(current_setting('circles.row_actors', true), '')::jsonb;
    v_actor_id   uuid  := nullif(current_setting('circles.actor_id', true), '')::uuid;
BEGIN
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

------------------------------------------------------------------------------
-- meeting_responses: the row triggers give way to the statement triggers
------------------------------------------------------------------------------

DROP TRIGGER meeting_responses_audit ON meeting_responses;
DROP TRIGGER meeting_responses_record_history ON meeting_responses;
DROP TRIGGER meeting_responses_record_history_update ON meeting_responses;
DROP FUNCTION meeting_responses_record_history();

CREATE TRIGGER meeting_responses_audit_insert AFTER INSERT ON meeting_responses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{occurrence_id,person_id}', '{}', '{note}', '{recorded_at}');
CREATE TRIGGER meeting_responses_audit_update AFTER UPDATE ON meeting_responses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{occurrence_id,person_id}', '{}', '{note}', '{recorded_at}');
CREATE TRIGGER meeting_responses_audit_delete AFTER DELETE ON meeting_responses
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION audit_statement('{occurrence_id,person_id}', '{}', '{note}', '{recorded_at}');
CREATE TRIGGER meeting_responses_history_insert AFTER INSERT ON meeting_responses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_statement_history();
CREATE TRIGGER meeting_responses_history_update AFTER UPDATE ON meeting_responses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_responses_statement_history();

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION audit_statement() SET search_path = %I, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION meeting_responses_statement_history() SET search_path = %I, pg_temp', current_schema());
END
$$;
