import CirclesDomain
import Foundation
import Postgres

/// SQL for calendar feed links and what a feed shows (migration 0012).
///
/// Tokens are hashed by PostgreSQL (`sha256`) as they arrive, so the token itself is never stored.
public enum FeedStore {
    /// A live link's owner and feed, as the HTTP validators need it.
    public struct Version: Sendable, Hashable {
        /// The person the link was issued to.
        public let personID: ID<Person>
        /// The team whose meetings it shows; nil for the person's own meetings.
        public let teamID: ID<Team>?
        /// The team's name, for the calendar's name; nil for a person's feed.
        public let teamName: String?
        /// A digest of everything the feed shows (hex); the ETag.
        public let digest: String
        /// When a request first saw the feed show what it shows now; Last-Modified.
        public let changedAt: Date
        /// The start of the earliest meeting the digest covers: the feed changes when it leaves
        /// the window, with no change in the database. Nil when the feed is empty.
        public let earliestStart: Date?
    }

    /// One meeting as a feed shows it.
    public struct FeedMeeting: Sendable, Hashable {
        public let seriesID: ID<MeetingSeries>
        public let originalStart: Date
        public let startsAt: Date
        public let endsAt: Date
        public let status: OccurrenceStatus
        public let sequence: Int
        /// When the meeting last changed: the event's DTSTAMP.
        public let updatedAt: Date
        public let title: String
        public let timeZone: String
        public let location: String?
        public let onlineURL: String?
    }

    /// Issues a link with `token` for the person (and team); fails on `feed_links_live_key` when one is live.
    public static func insert(
        token: FeedToken, personID: ID<Person>, teamID: ID<Team>?, on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            INSERT INTO feed_links (token_hash, person_id, team_id)
            VALUES (sha256(convert_to(\(token.text), 'UTF8')), \(personID), \(teamID))
            """)
    }

    /// When the live link of the person (and team) was issued, if there is one.
    public static func liveLinkIssued(personID: ID<Person>, teamID: ID<Team>?, on connection: isolated PostgresConnection) throws -> Date? {
        try connection.query("""
            SELECT created_at FROM feed_links
            WHERE person_id = \(personID) AND team_id IS NOT DISTINCT FROM \(teamID) AND revoked_at IS NULL
            """).first?.decode(Date.self, at: 0)
    }

    /// Revokes the live link of the person (and team); returns whether there was one.
    @discardableResult
    public static func revoke(personID: ID<Person>, teamID: ID<Team>?, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("""
            UPDATE feed_links SET revoked_at = now()
            WHERE person_id = \(personID) AND team_id IS NOT DISTINCT FROM \(teamID) AND revoked_at IS NULL
            """) > 0
    }

    /// Revokes every live link a person holds (their own and their teams'); returns how many.
    @discardableResult
    public static func revokeAll(personID: ID<Person>, on connection: isolated PostgresConnection) throws -> Int {
        try connection.execute("UPDATE feed_links SET revoked_at = now() WHERE person_id = \(personID) AND revoked_at IS NULL")
    }

    /// The link's version, or nil when the token is unknown or revoked, or its owner may no
    /// longer see the feed (deactivated; no longer a lead or administrator, for a team's).
    ///
    /// One statement, no rendering: the digest covers every column the feed writes for the
    /// meetings in the window, plus `salt` (what the caller writes that is not in the database,
    /// such as the UID domain). When it differs from the one stored, it is stored with the
    /// time, which becomes Last-Modified.
    public static func version(
        token: FeedToken, since: Date, salt: String, on connection: isolated PostgresConnection
    ) throws -> Version? {
        guard let row = try connection.query("""
            WITH link AS (
                SELECT f.id, f.person_id, f.team_id, t.name AS team_name, f.content_digest, f.content_changed_at
                FROM feed_links f JOIN people p ON p.id = f.person_id LEFT JOIN teams t ON t.id = f.team_id
                WHERE f.token_hash = sha256(convert_to(\(token.text), 'UTF8')) AND f.revoked_at IS NULL AND p.active
                  AND (f.team_id IS NULL
                       OR EXISTS (SELECT 1 FROM team_memberships m
                                  WHERE m.team_id = f.team_id AND m.person_id = f.person_id AND m.role = 'lead')
                       OR EXISTS (SELECT 1 FROM administrators a WHERE a.person_id = f.person_id))
            ), digest AS (
                SELECT md5(coalesce(string_agg(
                           concat_ws('|', o.id, o.sequence, o.status, o.starts_at, o.ends_at, o.updated_at, o.location, o.online_url,
                                     s.title, s.tzid, s.location, s.online_url),
                           E'\\n' ORDER BY o.id), '')
                           -- the calendar's name (a team feed's is the team's)
                           || E'\\n' || coalesce((SELECT team_name FROM link), '')
                           || \(salt)) AS value,
                       min(o.starts_at) AS earliest
                FROM link l
                JOIN occurrences o ON o.starts_at >= \(since)
                JOIN series s ON s.id = o.series_id
                WHERE (l.team_id IS NOT NULL AND s.team_id = l.team_id)
                   OR (l.team_id IS NULL AND (o.facilitator_id = l.person_id
                       OR o.series_id IN (SELECT i.series_id FROM series_invitees i WHERE i.person_id = l.person_id)))
            ), changed AS (
                -- Two seconds back: Last-Modified must not be later than the response's Date (RFC 9110
                -- §8.8.2.1), which Hummingbird stamps from a cache it refreshes once a second.
                UPDATE feed_links f SET content_digest = d.value, content_changed_at = date_trunc('second', now()) - interval '2 seconds'
                FROM link l, digest d
                WHERE f.id = l.id AND f.content_digest IS DISTINCT FROM d.value
                RETURNING f.content_changed_at
            )
            SELECT l.person_id, l.team_id, l.team_name, d.value,
                   coalesce((SELECT content_changed_at FROM changed), l.content_changed_at), d.earliest
            FROM link l CROSS JOIN digest d
            """).first
        else { return nil }
        return Version(
            personID: try row.decode(ID<Person>.self, at: 0), teamID: try row.decode(ID<Team>?.self, at: 1),
            teamName: try row.decode(String?.self, at: 2), digest: try row.decode(String.self, at: 3),
            changedAt: try row.decode(Date.self, at: 4), earliestStart: try row.decode(Date?.self, at: 5))
    }

    /// The meetings a feed shows: from `since` on, as far ahead as meetings are materialised;
    /// a team's, or those the person is invited to (now) or facilitates. Ordered by start.
    public static func meetings(
        personID: ID<Person>, teamID: ID<Team>?, since: Date, on connection: isolated PostgresConnection
    ) throws -> [FeedMeeting] {
        try connection.query("""
            SELECT o.series_id, o.original_start, o.starts_at, o.ends_at, o.status, o.sequence, o.updated_at,
                   s.title, s.tzid, coalesce(o.location, s.location), coalesce(o.online_url, s.online_url)
            FROM occurrences o JOIN series s ON s.id = o.series_id
            WHERE o.starts_at >= \(since)
              AND ((\(teamID)::uuid IS NOT NULL AND s.team_id = \(teamID))
                   OR (\(teamID)::uuid IS NULL AND (o.facilitator_id = \(personID)
                       OR o.series_id IN (SELECT i.series_id FROM series_invitees i WHERE i.person_id = \(personID)))))
            ORDER BY o.starts_at, o.id
            """).map { row in
            FeedMeeting(
                seriesID: try row.decode(ID<MeetingSeries>.self, at: 0), originalStart: try row.decode(Date.self, at: 1),
                startsAt: try row.decode(Date.self, at: 2), endsAt: try row.decode(Date.self, at: 3),
                status: try row.decode(OccurrenceStatus.self, at: 4), sequence: try row.decode(Int.self, at: 5),
                updatedAt: try row.decode(Date.self, at: 6), title: try row.decode(String.self, at: 7),
                timeZone: try row.decode(String.self, at: 8), location: try row.decode(String?.self, at: 9),
                onlineURL: try row.decode(String?.self, at: 10))
        }
    }
}
