-- 0012_feed_links.sql — calendar feed links (issue 13).
--
-- A feed link is a random token a person's calendar program polls:
-- https://…/feeds/<token>.ics. Only its SHA-256 is stored, so a copy of the
-- database cannot be used to read anyone's calendar. A link is either the
-- person's own (team_id NULL: every meeting they are invited to or facilitate)
-- or a team's (team_id set: every meeting of that team, for its leads).
-- Revoking sets revoked_at; a person has at most one live link per feed.
--
-- content_digest and content_changed_at are a cache for HTTP validators
-- (ETag, Last-Modified): the digest of what the feed shows, and when a request
-- first saw it change. They are not audited (bookkeeping, no personal data);
-- issuing and revoking are.

CREATE TABLE feed_links (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    token_hash          bytea       NOT NULL,
    person_id           uuid        NOT NULL,
    team_id             uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    revoked_at          timestamptz,
    content_digest      text,
    content_changed_at  timestamptz,
    CONSTRAINT feed_links_pkey PRIMARY KEY (id),
    CONSTRAINT feed_links_token_hash_key UNIQUE (token_hash),
    CONSTRAINT feed_links_token_hash_length CHECK (length(token_hash) = 32),
    CONSTRAINT feed_links_person_fkey FOREIGN KEY (person_id) REFERENCES people (id) ON DELETE CASCADE,
    CONSTRAINT feed_links_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);
-- One live link per person and feed (their own, or one team's).
CREATE UNIQUE INDEX feed_links_live_key ON feed_links (person_id, coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid))
    WHERE revoked_at IS NULL;
COMMENT ON TABLE feed_links IS
    'Calendar feed links: SHA-256 of the token only. content_digest/content_changed_at are an unaudited cache for ETag and Last-Modified.';

CREATE TRIGGER feed_links_audit AFTER INSERT OR UPDATE OR DELETE ON feed_links
    FOR EACH ROW EXECUTE FUNCTION audit_row('{id}', '{}', '{token_hash}', '{content_digest,content_changed_at}');

GRANT SELECT, INSERT, DELETE ON feed_links TO circles_app;
GRANT UPDATE (revoked_at, content_digest, content_changed_at) ON feed_links TO circles_app;
