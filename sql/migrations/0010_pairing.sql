-- 0010_pairing.sql — peer pairs across the network: buddy rounds and mentoring (issue 15).
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.
--
--   pairing_schemes          a scheme: scope, cadence (RRULE in a zone), kind, membership rule
--   pairing_scheme_teams     the teams a team or several-teams scheme draws from
--   pairing_memberships      joined / left / paused (until a day); mentees' start dates
--   pairing_exclusions       a person's own "please don't pair me with" list
--   pairing_forbidden_pairs  pairs an administrator forbids
--   pairing_mentors          mentors of a mentoring scheme, with capacity
--   pairing_rounds           one matching run of a scheme (seed, dates)
--   pairing_groups           a pair or trio in a round, and whether it met
--   pairing_group_members    who was in it (and their team then)
--   mentoring_pairs          mentor–mentee pairs, kept until ended
--
-- Everything is audited by the audit_row trigger. Erasure removes the person
-- from all of it (trigger on people.erased_at below): memberships, exclusions
-- either way, forbidden pairs, mentor places, group memberships and mentoring.

CREATE TABLE pairing_schemes (
    id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
    name               text        NOT NULL,
    kind               text        NOT NULL DEFAULT 'buddy',
    scope              text        NOT NULL,
    rrule              text        NOT NULL,   -- RFC 5545 RRULE value: round N starts at the rule's N-th instance
    first_local_start  timestamp   NOT NULL,   -- DTSTART, wall-clock in tzid: the suggested time to meet
    tzid               text        NOT NULL,
    odd_person         text        NOT NULL DEFAULT 'trio',
    cross_teams        boolean     NOT NULL DEFAULT false,
    action_item_id     uuid,
    membership         text        NOT NULL DEFAULT 'opt_in',
    blocked_rounds     integer     NOT NULL DEFAULT 2,
    created_by         uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_schemes_pkey PRIMARY KEY (id),
    CONSTRAINT pairing_schemes_action_item_fkey FOREIGN KEY (action_item_id) REFERENCES action_items (id),
    CONSTRAINT pairing_schemes_created_by_fkey FOREIGN KEY (created_by) REFERENCES people (id),
    CONSTRAINT pairing_schemes_name_not_blank CHECK (btrim(name) <> '' AND length(name) <= 200),
    CONSTRAINT pairing_schemes_kind_check CHECK (kind IN ('buddy', 'mentoring')),
    CONSTRAINT pairing_schemes_scope_check CHECK (scope IN ('team', 'teams', 'network')),
    CONSTRAINT pairing_schemes_odd_person_check CHECK (odd_person IN ('trio', 'sit_out')),
    CONSTRAINT pairing_schemes_membership_check CHECK (membership IN ('opt_in', 'opt_out')),
    CONSTRAINT pairing_schemes_blocked_rounds_range CHECK (blocked_rounds BETWEEN 0 AND 52),
    CONSTRAINT pairing_schemes_rrule_format CHECK (
        rrule ~ '^([A-Z-]+=[^;[:space:]]+;)*FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z-]+=[^;[:space:]]+)*$')
);
CREATE UNIQUE INDEX pairing_schemes_name_key ON pairing_schemes (lower(name));
CREATE TRIGGER pairing_schemes_time_zone BEFORE INSERT OR UPDATE ON pairing_schemes
    FOR EACH ROW EXECUTE FUNCTION validate_time_zone('tzid', 'pairing_schemes_tzid_valid');
CREATE TRIGGER pairing_schemes_updated_at BEFORE UPDATE ON pairing_schemes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE pairing_scheme_teams (
    scheme_id  uuid NOT NULL,
    team_id    uuid NOT NULL,
    CONSTRAINT pairing_scheme_teams_pkey PRIMARY KEY (scheme_id, team_id),
    CONSTRAINT pairing_scheme_teams_scheme_fkey FOREIGN KEY (scheme_id) REFERENCES pairing_schemes (id) ON DELETE CASCADE,
    CONSTRAINT pairing_scheme_teams_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);
CREATE INDEX pairing_scheme_teams_team_idx ON pairing_scheme_teams (team_id);

CREATE TABLE pairing_memberships (
    scheme_id     uuid        NOT NULL,
    person_id     uuid        NOT NULL,
    status        text        NOT NULL DEFAULT 'joined',
    paused_until  date,                    -- paused: takes part again from the day after
    started_on    date,                    -- mentoring: the mentee's start date (new starters first)
    joined_at     timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_memberships_pkey PRIMARY KEY (scheme_id, person_id),
    CONSTRAINT pairing_memberships_scheme_fkey FOREIGN KEY (scheme_id) REFERENCES pairing_schemes (id) ON DELETE CASCADE,
    CONSTRAINT pairing_memberships_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_memberships_status_check CHECK (status IN ('joined', 'left', 'paused')),
    CONSTRAINT pairing_memberships_paused_until CHECK ((status = 'paused') = (paused_until IS NOT NULL))
);
CREATE INDEX pairing_memberships_person_idx ON pairing_memberships (person_id);
CREATE TRIGGER pairing_memberships_updated_at BEFORE UPDATE ON pairing_memberships
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE pairing_exclusions (
    person_id    uuid        NOT NULL,     -- whose list it is
    excluded_id  uuid        NOT NULL,     -- who they ask not to be paired with
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_exclusions_pkey PRIMARY KEY (person_id, excluded_id),
    CONSTRAINT pairing_exclusions_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_exclusions_excluded_fkey FOREIGN KEY (excluded_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_exclusions_not_self CHECK (person_id <> excluded_id)
);
CREATE INDEX pairing_exclusions_excluded_idx ON pairing_exclusions (excluded_id);
COMMENT ON TABLE pairing_exclusions IS
    'A person''s own "please don''t pair me with" list: shown only to its owner and administrators.';

CREATE TABLE pairing_forbidden_pairs (
    person_a    uuid        NOT NULL,      -- the two in uuid order
    person_b    uuid        NOT NULL,
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_forbidden_pairs_pkey PRIMARY KEY (person_a, person_b),
    CONSTRAINT pairing_forbidden_pairs_a_fkey FOREIGN KEY (person_a) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_forbidden_pairs_b_fkey FOREIGN KEY (person_b) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_forbidden_pairs_created_by_fkey FOREIGN KEY (created_by) REFERENCES people (id),
    CONSTRAINT pairing_forbidden_pairs_ordered CHECK (person_a < person_b)
);
CREATE INDEX pairing_forbidden_pairs_b_idx ON pairing_forbidden_pairs (person_b);

CREATE TABLE pairing_mentors (
    scheme_id  uuid        NOT NULL,
    person_id  uuid        NOT NULL,
    capacity   integer     NOT NULL,
    added_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_mentors_pkey PRIMARY KEY (scheme_id, person_id),
    CONSTRAINT pairing_mentors_scheme_fkey FOREIGN KEY (scheme_id) REFERENCES pairing_schemes (id) ON DELETE CASCADE,
    CONSTRAINT pairing_mentors_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_mentors_capacity_range CHECK (capacity BETWEEN 0 AND 20)
);

CREATE TABLE pairing_rounds (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    scheme_id   uuid        NOT NULL,
    number      integer     NOT NULL,
    seed        bigint      NOT NULL,
    starts_at   timestamptz NOT NULL,      -- the rule's instance: the suggested time to meet
    ends_on     date        NOT NULL,      -- the day before the next round: the pairs' follow-ups are due
    sat_out     uuid[]      NOT NULL DEFAULT '{}',  -- members no group could take
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_rounds_pkey PRIMARY KEY (id),
    CONSTRAINT pairing_rounds_scheme_number_key UNIQUE (scheme_id, number),
    CONSTRAINT pairing_rounds_scheme_fkey FOREIGN KEY (scheme_id) REFERENCES pairing_schemes (id) ON DELETE CASCADE,
    CONSTRAINT pairing_rounds_created_by_fkey FOREIGN KEY (created_by) REFERENCES people (id),
    CONSTRAINT pairing_rounds_number_positive CHECK (number > 0)
);

CREATE TABLE pairing_groups (
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    round_id        uuid        NOT NULL,
    position        integer     NOT NULL,  -- order in the round
    met             boolean,               -- NULL until someone records it
    met_recorded_at timestamptz,
    follow_up_id    uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pairing_groups_pkey PRIMARY KEY (id),
    CONSTRAINT pairing_groups_round_fkey FOREIGN KEY (round_id) REFERENCES pairing_rounds (id) ON DELETE CASCADE,
    CONSTRAINT pairing_groups_follow_up_fkey FOREIGN KEY (follow_up_id) REFERENCES follow_ups (id) ON DELETE SET NULL
);
CREATE INDEX pairing_groups_round_idx ON pairing_groups (round_id);

CREATE TABLE pairing_group_members (
    group_id   uuid NOT NULL,
    person_id  uuid NOT NULL,
    team_id    uuid,                       -- their team in the scheme when grouped (for per-team counts)
    CONSTRAINT pairing_group_members_pkey PRIMARY KEY (group_id, person_id),
    CONSTRAINT pairing_group_members_group_fkey FOREIGN KEY (group_id) REFERENCES pairing_groups (id) ON DELETE CASCADE,
    CONSTRAINT pairing_group_members_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT pairing_group_members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL
);
CREATE INDEX pairing_group_members_person_idx ON pairing_group_members (person_id);

CREATE TABLE mentoring_pairs (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    scheme_id   uuid        NOT NULL,
    mentor_id   uuid        NOT NULL,
    mentee_id   uuid        NOT NULL,
    group_id    uuid,                      -- the introduction's group (met / missed)
    started_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    end_reason  text,
    CONSTRAINT mentoring_pairs_pkey PRIMARY KEY (id),
    CONSTRAINT mentoring_pairs_scheme_fkey FOREIGN KEY (scheme_id) REFERENCES pairing_schemes (id) ON DELETE CASCADE,
    CONSTRAINT mentoring_pairs_mentor_fkey FOREIGN KEY (mentor_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT mentoring_pairs_mentee_fkey FOREIGN KEY (mentee_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT mentoring_pairs_group_fkey FOREIGN KEY (group_id) REFERENCES pairing_groups (id) ON DELETE SET NULL,
    CONSTRAINT mentoring_pairs_not_self CHECK (mentor_id <> mentee_id),
    CONSTRAINT mentoring_pairs_end_reason_length CHECK (end_reason IS NULL OR length(end_reason) <= 500)
);
-- One mentor at a time per mentee (in any scheme).
CREATE UNIQUE INDEX mentoring_pairs_one_active_key ON mentoring_pairs (mentee_id) WHERE ended_at IS NULL;
CREATE INDEX mentoring_pairs_mentor_idx ON mentoring_pairs (mentor_id) WHERE ended_at IS NULL;

------------------------------------------------------------------------------
-- A pair's follow-up comes from its group; the introduction is a new kind of mail.
------------------------------------------------------------------------------

ALTER TABLE follow_ups ADD COLUMN origin_pairing_group_id uuid
    CONSTRAINT follow_ups_origin_pairing_group_fkey REFERENCES pairing_groups (id) ON DELETE SET NULL;
ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_origin_required;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_origin_required
    CHECK (origin_occurrence_id IS NOT NULL OR origin_action_item_id IS NOT NULL OR origin_pairing_group_id IS NOT NULL);

-- Whatever kinds the outbox allows now (other migrations add theirs), plus 'pair_introduction'.
DO $$
DECLARE
    v_kinds text[];
BEGIN
    SELECT array_agg(DISTINCT m[1] ORDER BY m[1]) INTO v_kinds
      FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
     WHERE c.conname = 'reminder_outbox_kind_check'
       AND c.conrelid = (quote_ident(current_schema()) || '.reminder_outbox')::regclass;
    IF NOT 'pair_introduction' = ANY (v_kinds) THEN
        v_kinds := v_kinds || 'pair_introduction'::text;
        ALTER TABLE reminder_outbox DROP CONSTRAINT reminder_outbox_kind_check;
        EXECUTE format('ALTER TABLE reminder_outbox ADD CONSTRAINT reminder_outbox_kind_check CHECK (kind = ANY (%L::text[]))',
                       v_kinds);
    END IF;
END
$$;

------------------------------------------------------------------------------
-- Erasure: the person leaves every scheme and the pairing history.
------------------------------------------------------------------------------

CREATE FUNCTION pairing_forget_erased() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL THEN
        DELETE FROM pairing_memberships WHERE person_id = NEW.id;
        DELETE FROM pairing_exclusions WHERE person_id = NEW.id OR excluded_id = NEW.id;
        DELETE FROM pairing_forbidden_pairs WHERE person_a = NEW.id OR person_b = NEW.id;
        DELETE FROM pairing_mentors WHERE person_id = NEW.id;
        DELETE FROM mentoring_pairs WHERE mentor_id = NEW.id OR mentee_id = NEW.id;
        DELETE FROM pairing_group_members WHERE person_id = NEW.id;
        UPDATE pairing_rounds SET sat_out = array_remove(sat_out, NEW.id) WHERE NEW.id = ANY (sat_out);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER people_pairing_forget_erased AFTER UPDATE OF erased_at ON people
    FOR EACH ROW EXECUTE FUNCTION pairing_forget_erased();

------------------------------------------------------------------------------
-- Audit trail
------------------------------------------------------------------------------

CREATE TRIGGER pairing_schemes_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_schemes
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER pairing_scheme_teams_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_scheme_teams
    FOR EACH ROW EXECUTE FUNCTION audit_row('{scheme_id,team_id}');
CREATE TRIGGER pairing_memberships_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_memberships
    FOR EACH ROW EXECUTE FUNCTION audit_row('{scheme_id,person_id}');
CREATE TRIGGER pairing_exclusions_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_exclusions
    FOR EACH ROW EXECUTE FUNCTION audit_row('{person_id,excluded_id}');
CREATE TRIGGER pairing_forbidden_pairs_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_forbidden_pairs
    FOR EACH ROW EXECUTE FUNCTION audit_row('{person_a,person_b}');
CREATE TRIGGER pairing_mentors_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_mentors
    FOR EACH ROW EXECUTE FUNCTION audit_row('{scheme_id,person_id}');
CREATE TRIGGER pairing_rounds_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_rounds
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER pairing_groups_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_groups
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');
CREATE TRIGGER pairing_group_members_audit AFTER INSERT OR UPDATE OR DELETE ON pairing_group_members
    FOR EACH ROW EXECUTE FUNCTION audit_row('{group_id,person_id}');
CREATE TRIGGER mentoring_pairs_audit AFTER INSERT OR UPDATE OR DELETE ON mentoring_pairs
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}');

------------------------------------------------------------------------------
-- Grants and function hygiene
------------------------------------------------------------------------------

GRANT SELECT, INSERT, UPDATE, DELETE ON
    pairing_schemes, pairing_scheme_teams, pairing_memberships, pairing_exclusions, pairing_forbidden_pairs,
    pairing_mentors, pairing_rounds, pairing_groups, pairing_group_members, mentoring_pairs
TO circles_app;
-- The worker composes introductions: who is in a group, their scheme and round (never exclusions).
GRANT SELECT ON pairing_schemes, pairing_rounds, pairing_groups, pairing_group_members TO circles_worker;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION pairing_forget_erased() SET search_path = %I, pg_temp', current_schema());
END
$$;
REVOKE ALL ON FUNCTION pairing_forget_erased() FROM PUBLIC;
