import CirclesDomain
import Foundation
import Postgres

extension PairingScheme: StoredEntity {
    public static var table: StaticString { "pairing_schemes" }
    public static var noun: String { "pairing scheme" }
}

extension PairingRound: StoredEntity {
    public static var table: StaticString { "pairing_rounds" }
    public static var noun: String { "pairing round" }
}

extension PairingRound.Group: StoredEntity {
    public static var table: StaticString { "pairing_groups" }
    public static var noun: String { "pair" }
}

extension MentoringPair: StoredEntity {
    public static var table: StaticString { "mentoring_pairs" }
    public static var noun: String { "mentoring pair" }
}

/// SQL for pairing schemes, their members and the "please don't pair me with" lists.
public enum PairingStore {
    static let schemeColumns: StaticString = """
        s.id::text, s.name, s.kind, s.scope, s.rrule, s.first_local_start::text, s.tzid, s.odd_person, s.cross_teams,
        s.action_item_id::text, s.membership, s.blocked_rounds,
        coalesce((SELECT array_agg(t.id::text ORDER BY lower(t.name)) FROM pairing_scheme_teams st JOIN teams t ON t.id = st.team_id
                   WHERE st.scheme_id = s.id), '{}'),
        coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM pairing_scheme_teams st JOIN teams t ON t.id = st.team_id
                   WHERE st.scheme_id = s.id), '{}')
        """

    static func scheme(_ row: PostgresRow) throws -> PairingScheme {
        let (id, name, kind, scope, rule, start, zone, odd, cross, action, membership, blocked, teamIDs, teamNames) = try row.decode(
            (String, String, String, String, String, String, String, String, Bool, String?, String, Int, [String], [String]).self)
        func decoded<T: RawRepresentable>(_ raw: String, _ column: String) throws -> T where T.RawValue == String {
            guard let value = T(rawValue: raw) else {
                throw PostgresError(code: .decoding, message: "pairing_schemes.\(column) holds \"\(raw)\", which this program does not know")
            }
            return value
        }
        return PairingScheme(
            id: id, name: name, kind: try decoded(kind, "kind"), scope: try decoded(scope, "scope"), rule: rule,
            firstLocalStart: start, timeZone: zone, oddPerson: try decoded(odd, "odd_person"), crossTeams: cross,
            actionItemID: action, membership: try decoded(membership, "membership"), blockedRounds: blocked,
            teamIDs: teamIDs, teamNames: teamNames)
    }

    /// Adds a scheme drawing from `teamIDs` (none for the network).
    public static func insert(
        _ draft: PairingScheme, teamIDs: [ID<Team>], createdBy: ID<Person>, on connection: isolated PostgresConnection
    ) throws -> PairingScheme {
        let id = try connection.query("""
            INSERT INTO pairing_schemes (name, kind, scope, rrule, first_local_start, tzid, odd_person, cross_teams, action_item_id,
                                         membership, blocked_rounds, created_by)
            VALUES (\(draft.name), \(draft.kind.rawValue), \(draft.scope.rawValue), \(draft.rule), \(draft.firstLocalStart)::timestamp,
                    \(draft.timeZone), \(draft.oddPerson.rawValue), \(draft.crossTeams), \(draft.actionItemID)::uuid,
                    \(draft.membership.rawValue), \(draft.blockedRounds), \(createdBy))
            RETURNING id::text
            """)[0].decode(String.self, at: 0)
        try connection.execute("""
            INSERT INTO pairing_scheme_teams (scheme_id, team_id) SELECT \(id)::uuid, t::uuid FROM unnest(\(teamIDs.map(\.description))::text[]) AS t
            """)
        guard let scheme = try find(id: try ID(stored: id), on: connection) else {
            throw PostgresError(code: .decoding, message: "the scheme just inserted was not found")
        }
        return scheme
    }

    /// The scheme with this id, if any.
    public static func find(id: ID<PairingScheme>, on connection: isolated PostgresConnection) throws -> PairingScheme? {
        try connection.query("SELECT \(literal: schemeColumns) FROM pairing_schemes s WHERE s.id = \(id)").first.map(scheme)
    }

    /// The scheme named `name` (case-insensitively), if any.
    public static func find(name: String, on connection: isolated PostgresConnection) throws -> PairingScheme? {
        try connection.query("SELECT \(literal: schemeColumns) FROM pairing_schemes s WHERE lower(s.name) = lower(\(name))").first.map(scheme)
    }

    /// Every scheme, by name.
    public static func list(on connection: isolated PostgresConnection) throws -> [PairingScheme] {
        try connection.query("SELECT \(literal: schemeColumns) FROM pairing_schemes s ORDER BY lower(s.name)").map(scheme)
    }

    /// Joins, leaves or pauses `personID` (a mentee's start date is kept unless a new one is given).
    public static func setMembership(
        schemeID: ID<PairingScheme>, personID: ID<Person>, status: String, pausedUntil: PostgresDate?, startedOn: PostgresDate?,
        on connection: isolated PostgresConnection
    ) throws {
        try connection.execute("""
            INSERT INTO pairing_memberships (scheme_id, person_id, status, paused_until, started_on)
            VALUES (\(schemeID), \(personID), \(status), \(pausedUntil), \(startedOn))
            ON CONFLICT (scheme_id, person_id) DO UPDATE
               SET status = excluded.status, paused_until = excluded.paused_until,
                   started_on = coalesce(excluded.started_on, pairing_memberships.started_on),
                   joined_at = CASE WHEN pairing_memberships.status = 'left' AND excluded.status = 'joined' THEN now()
                                    ELSE pairing_memberships.joined_at END
            """)
    }

    /// Someone who may take part in a round on a given day.
    public struct Candidate: Sendable, Hashable {
        public let personID: String
        public let name: String
        /// Their teams in the scheme's scope, by name.
        public let teamIDs: [String]
        public let teamNames: [String]
        /// A mentee's start date (`YYYY-MM-DD`): their membership's, else when they joined their first team.
        public let startedOn: String
        /// The round in which they joined (1 when they were in from the start).
        public let joinedRound: Int
    }

    /// Who takes part on `day`: people in the scheme's teams (any team for the network) who joined
    /// (opt-in) or have not left (opt-out), and whose pause is over; active, not erased.
    public static func candidates(
        scheme: PairingScheme, day: PostgresDate, on connection: isolated PostgresConnection
    ) throws -> [Candidate] {
        let schemeID: ID<PairingScheme> = try ID(stored: scheme.id)
        return try connection.query("""
            SELECT p.id::text, p.display_name,
                   array_agg(t.id::text ORDER BY lower(t.name)), array_agg(t.name ORDER BY lower(t.name)),
                   coalesce(pm.started_on, min(m.joined_at)::date)::text,
                   1 + (SELECT count(*) FROM pairing_rounds r
                         WHERE r.scheme_id = \(schemeID) AND r.created_at < coalesce(pm.joined_at, '-infinity'))::int
            FROM people p
            JOIN team_memberships m ON m.person_id = p.id
            JOIN teams t ON t.id = m.team_id
            LEFT JOIN pairing_memberships pm ON pm.scheme_id = \(schemeID) AND pm.person_id = p.id
            WHERE p.active AND p.erased_at IS NULL
              AND (\(scheme.scope == .network) OR m.team_id IN (SELECT team_id FROM pairing_scheme_teams WHERE scheme_id = \(schemeID)))
              AND CASE WHEN pm.status IS NULL THEN \(scheme.membership == .optOut)
                       WHEN pm.status = 'joined' THEN true
                       WHEN pm.status = 'paused' THEN pm.paused_until < \(day)
                       ELSE false END
            GROUP BY p.id, p.display_name, pm.started_on, pm.joined_at
            ORDER BY p.id
            """).map { row in
                let (id, name, teamIDs, teamNames, started, joined) = try row.decode((String, String, [String], [String], String, Int).self)
                return Candidate(personID: id, name: name, teamIDs: teamIDs, teamNames: teamNames, startedOn: started, joinedRound: joined)
            }
    }

    /// Pairs among `personIDs` that must never be offered, each once: either person's own
    /// "please don't pair me with" list, pairs an administrator forbade, and a lead with anyone
    /// in a team they lead.
    public static func hardExclusions(
        among personIDs: [String], on connection: isolated PostgresConnection
    ) throws -> [(String, String)] {
        guard personIDs.count > 1 else { return [] }
        return try connection.query("""
            SELECT person_id::text, excluded_id::text FROM pairing_exclusions
             WHERE person_id = ANY(\(personIDs)::uuid[]) AND excluded_id = ANY(\(personIDs)::uuid[])
            UNION
            SELECT person_a::text, person_b::text FROM pairing_forbidden_pairs
             WHERE person_a = ANY(\(personIDs)::uuid[]) AND person_b = ANY(\(personIDs)::uuid[])
            UNION
            SELECT l.person_id::text, x.person_id::text
              FROM team_memberships l JOIN team_memberships x ON x.team_id = l.team_id AND x.person_id <> l.person_id
             WHERE l.role = 'lead' AND l.person_id = ANY(\(personIDs)::uuid[]) AND x.person_id = ANY(\(personIDs)::uuid[])
            """).map { try $0.decode((String, String).self) }
    }

    /// A person's own "please don't pair me with" list: ids and names.
    public static func exclusions(of personID: ID<Person>, on connection: isolated PostgresConnection) throws -> [(id: String, name: String, email: String)] {
        try connection.query("""
            SELECT p.id::text, p.display_name, p.email FROM pairing_exclusions e JOIN people p ON p.id = e.excluded_id
             WHERE e.person_id = \(personID) ORDER BY lower(p.display_name)
            """).map { row in
                let (id, name, email) = try row.decode((String, String, String).self)
                return (id, name, email)
            }
    }

    /// Adds to (or, with `remove`, takes from) a person's list; returns whether anything changed.
    public static func setExclusion(
        owner: ID<Person>, excluded: ID<Person>, remove: Bool, on connection: isolated PostgresConnection
    ) throws -> Bool {
        if remove {
            return try connection.execute("DELETE FROM pairing_exclusions WHERE person_id = \(owner) AND excluded_id = \(excluded)") > 0
        }
        return try connection.execute("""
            INSERT INTO pairing_exclusions (person_id, excluded_id) VALUES (\(owner), \(excluded)) ON CONFLICT DO NOTHING
            """) > 0
    }

    /// Forbids (or allows again) a pair; returns whether anything changed.
    public static func setForbidden(
        _ a: ID<Person>, _ b: ID<Person>, remove: Bool, by actor: ID<Person>, on connection: isolated PostgresConnection
    ) throws -> Bool {
        let (low, high) = a < b ? (a, b) : (b, a)
        if remove {
            return try connection.execute("DELETE FROM pairing_forbidden_pairs WHERE person_a = \(low) AND person_b = \(high)") > 0
        }
        return try connection.execute("""
            INSERT INTO pairing_forbidden_pairs (person_a, person_b, created_by) VALUES (\(low), \(high), \(actor)) ON CONFLICT DO NOTHING
            """) > 0
    }
}
