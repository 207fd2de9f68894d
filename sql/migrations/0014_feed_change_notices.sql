-- 0014_feed_change_notices.sql — tell circles-web when a calendar feed may have changed.
--
-- Applied by the migration runner inside ONE transaction (no BEGIN/COMMIT here),
-- unqualified in current_schema() like 0001.
--
-- circles-web keeps each feed link's validators (ETag, Last-Modified) in memory so that a
-- calendar program revalidating costs no query. It LISTENs on `circles_feeds` and forgets
-- what it holds whenever a statement changes anything a feed shows or who may read it:
-- meetings, series, who is invited (attendees, memberships, people's active flag),
-- administrators, team names, and the links themselves. The payload is the schema, so
-- servers of other schemas in the same database ignore it. NOTIFY is transactional: the
-- notice arrives after the change commits, and one per transaction however many rows.
--
-- Statement-level triggers: one notice per statement (PostgreSQL folds identical notices of
-- one transaction into one). The bookkeeping columns of feed_links (content_digest,
-- content_changed_at, written while serving a feed) are left out, or every recomputed digest
-- would clear the cache again. Answers to meetings are not in feeds and send nothing.

CREATE FUNCTION feeds_changed_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('circles_feeds', current_schema());
    RETURN NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION feeds_changed_notify() SET search_path = %I, pg_temp', current_schema());
END
$$;

CREATE TRIGGER occurrences_feeds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON occurrences
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER series_feeds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON series
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER series_attendees_feeds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON series_attendees
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER team_memberships_feeds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON team_memberships
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER administrators_feeds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON administrators
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER teams_feeds_changed AFTER UPDATE OR DELETE OR TRUNCATE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER people_feeds_changed AFTER UPDATE OR DELETE OR TRUNCATE ON people
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER feed_links_feeds_changed AFTER INSERT OR DELETE OR TRUNCATE ON feed_links
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
CREATE TRIGGER feed_links_revoked_feeds_changed AFTER UPDATE OF token_hash, person_id, team_id, revoked_at ON feed_links
    FOR EACH STATEMENT EXECUTE FUNCTION feeds_changed_notify();
