import CirclesDomain
import Foundation
import Postgres

/// SQL for reading replies: reply tokens, the mailbox's reading position and counts, and each
/// message handled (see 0013_reply_mailbox.sql).
public enum ReplyStore {
    /// Whom and which meeting a reply token was sent for.
    public struct TokenHolder: Sendable, Hashable {
        public let personID: String
        public let meetingID: String
        public let seriesID: String
    }

    /// A message already handled: what became of it and where it goes.
    public struct Handled: Sendable, Hashable {
        public let uid: Int64
        public let outcome: String
        public let folder: String
        public let moved: Bool
    }

    /// One mailbox's position and running counts.
    public struct MailboxStatus: Sendable, Hashable {
        public let mailbox: String
        public let uidValidity: Int64?
        public let lastUID: Int64
        public let lastPollAt: Date?
        public let lastError: String?
        public let handled: Int64
        public let matched: Int64
        public let needsPerson: Int64
        public let refused: Int64
        public let duplicates: Int64
        /// Messages recorded as handled and not yet moved out of the mailbox.
        public let waitingToMove: Int64
    }

    /// The token for each (person id, meeting id), made with `make` where there is none yet; in one
    /// insert and one select for a whole batch of mail.
    public static func tokens(
        for pairs: [(person: String, meeting: String)], make: () -> String, on connection: isolated PostgresConnection
    ) throws -> [String: String] {
        guard !pairs.isEmpty else { return [:] }
        let people = pairs.map(\.person)
        let meetings = pairs.map(\.meeting)
        let fresh = pairs.map { _ in make() }
        _ = try connection.execute("""
            INSERT INTO reply_tokens (token, person_id, occurrence_id)
            SELECT t, p, o FROM unnest(\(fresh)::text[], \(people)::uuid[], \(meetings)::uuid[]) AS x(t, p, o)
                WHERE EXISTS (SELECT 1 FROM occurrences WHERE id = o)
            ON CONFLICT DO NOTHING
            """)
        var result: [String: String] = [:]
        for row in try connection.query("""
            SELECT r.token, r.person_id, r.occurrence_id FROM reply_tokens r
            JOIN unnest(\(people)::uuid[], \(meetings)::uuid[]) AS x(p, o) ON r.person_id = x.p AND r.occurrence_id = x.o
            """)
        {
            let (token, person, meeting) = try row.decode((String, UUID, UUID).self)
            result[key(person: person.uuidString.lowercased(), meeting: meeting.uuidString.lowercased())] = token
        }
        return result
    }

    /// The key of `tokens(for:make:on:)`'s answer.
    public static func key(person: String, meeting: String) -> String { "\(person.lowercased())/\(meeting.lowercased())" }

    /// Whom a token was sent to, about which meeting of which series; nil for an unknown token.
    public static func holder(of token: String, on connection: isolated PostgresConnection) throws -> TokenHolder? {
        try connection.query("""
            SELECT r.person_id, r.occurrence_id, o.series_id FROM reply_tokens r JOIN occurrences o ON o.id = r.occurrence_id
            WHERE r.token = \(token)
            """).first.map { row in
            let (person, meeting, series) = try row.decode((UUID, UUID, UUID).self)
            return TokenHolder(
                personID: person.uuidString.lowercased(), meetingID: meeting.uuidString.lowercased(),
                seriesID: series.uuidString.lowercased())
        }
    }

    /// The meeting of `seriesID` first scheduled at `originalStart`.
    public static func meeting(seriesID: ID<MeetingSeries>, originalStart: Date, on connection: isolated PostgresConnection) throws -> Meeting? {
        try connection.query("""
            SELECT \(literal: MeetingStore.columns) FROM occurrences o WHERE o.series_id = \(seriesID) AND o.original_start = \(originalStart)
            """).first.map(MeetingStore.meeting)
    }

    /// The scheduled meetings of `seriesID` that start after `now`, in order.
    public static func futureMeetings(seriesID: ID<MeetingSeries>, after now: Date, on connection: isolated PostgresConnection) throws -> [Meeting] {
        try connection.query("""
            SELECT \(literal: MeetingStore.columns) FROM occurrences o
            WHERE o.series_id = \(seriesID) AND o.starts_at > \(now) AND o.status = 'scheduled' ORDER BY o.starts_at
            """).map(MeetingStore.meeting)
    }

    /// The reading position of `mailbox`, creating its row on first use.
    public static func position(mailbox: String, on connection: isolated PostgresConnection) throws -> (uidValidity: Int64?, lastUID: Int64) {
        _ = try connection.execute("INSERT INTO reply_mailbox (mailbox) VALUES (\(mailbox)) ON CONFLICT DO NOTHING")
        return try connection.query("SELECT uid_validity, last_uid FROM reply_mailbox WHERE mailbox = \(mailbox)")[0]
            .decode((Int64?, Int64).self)
    }

    /// Records a poll: the UIDVALIDITY seen, the highest UID filed away, and the error if it failed.
    public static func polled(
        mailbox: String, uidValidity: Int64?, lastUID: Int64?, error: String?, at now: Date, on connection: isolated PostgresConnection
    ) throws {
        _ = try connection.execute("""
            UPDATE reply_mailbox SET last_poll_at = \(now), last_error = \(error),
                   uid_validity = coalesce(\(uidValidity), uid_validity),
                   last_uid = CASE WHEN \(uidValidity)::bigint IS NULL THEN last_uid
                                   WHEN \(uidValidity)::bigint IS DISTINCT FROM uid_validity THEN coalesce(\(lastUID), 0)
                                   ELSE greatest(last_uid, coalesce(\(lastUID), last_uid)) END
            WHERE mailbox = \(mailbox)
            """)
    }

    /// What became of a message handled before, if it was.
    public static func handled(
        mailbox: String, uidValidity: Int64, uids: [Int64], on connection: isolated PostgresConnection
    ) throws -> [Int64: Handled] {
        guard !uids.isEmpty else { return [:] }
        var result: [Int64: Handled] = [:]
        for row in try connection.query("""
            SELECT uid, outcome, folder, moved_at IS NOT NULL FROM reply_messages
            WHERE mailbox = \(mailbox) AND uid_validity = \(uidValidity) AND uid = ANY(\(uids)::bigint[])
            """)
        {
            let (uid, outcome, folder, moved) = try row.decode((Int64, String, String, Bool).self)
            result[uid] = Handled(uid: uid, outcome: outcome, folder: folder, moved: moved)
        }
        return result
    }

    /// One message's record, written in the transaction that applied its answers.
    public struct Record: Sendable, Hashable {
        public var mailbox: String
        public var uidValidity: Int64
        public var uid: Int64
        public var messageID: String?
        public var outcome: String
        public var folder: String
        public var reason: String
        public var personID: String?
        public var authentication: String?
        public var answers: Int

        public init(
            mailbox: String, uidValidity: Int64, uid: Int64, messageID: String?, outcome: String, folder: String, reason: String,
            personID: String?, authentication: String?, answers: Int
        ) {
            self.mailbox = mailbox
            self.uidValidity = uidValidity
            self.uid = uid
            self.messageID = messageID
            self.outcome = outcome
            self.folder = folder
            self.reason = reason
            self.personID = personID
            self.authentication = authentication
            self.answers = answers
        }
    }

    /// Claims a message as handled (its outcome settled later in the same transaction); false, and
    /// nothing written, when it already was.
    public static func record(_ record: Record, on connection: isolated PostgresConnection) throws -> Bool {
        let person = try record.personID.map { try ID<Person>(stored: $0) }
        let inserted = try connection.execute("""
            INSERT INTO reply_messages (mailbox, uid_validity, uid, message_id, outcome, folder, reason, person_id, authentication, answers)
            VALUES (\(record.mailbox), \(record.uidValidity), \(record.uid), \(record.messageID), \(record.outcome), \(record.folder),
                    \(record.reason), \(person), \(record.authentication), \(record.answers))
            ON CONFLICT DO NOTHING
            """)
        return inserted == 1
    }

    /// The statements that set what became of a claimed message (`message`) and count it in its
    /// mailbox (`count`), for the caller to run in its transaction. Every message of a mailbox
    /// updates the one row of its counts, so `count` is best sent last, with the COMMIT.
    public static func settling(
        mailbox: String, uidValidity: Int64, uid: Int64, outcome: String, folder: String, reason: String, personID: String?,
        answers: Int
    ) throws -> (message: PostgresQuery, count: PostgresQuery) {
        let person = try personID.map { try ID<Person>(stored: $0) }
        return ("""
            UPDATE reply_messages SET outcome = \(outcome), folder = \(folder), reason = \(reason), person_id = \(person),
                   answers = \(answers)
            WHERE mailbox = \(mailbox) AND uid_validity = \(uidValidity) AND uid = \(uid)
            """, """
            UPDATE reply_mailbox SET handled = handled + 1,
                   matched = matched + (\(outcome) = 'matched')::int,
                   needs_person = needs_person + (\(outcome) = 'needs_person')::int,
                   refused = refused + (\(outcome) = 'refused')::int,
                   duplicates = duplicates + (\(outcome) = 'duplicate')::int
            WHERE mailbox = \(mailbox)
            """)
    }

    /// Whether a message with this Message-ID was matched before (delivered twice, or read under another UIDVALIDITY).
    public static func wasMatched(messageID: String, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM reply_messages WHERE message_id = \(messageID) AND outcome = 'matched')")[0]
            .decode(Bool.self, at: 0)
    }

    /// Marks messages as moved out of the mailbox.
    public static func moved(mailbox: String, uidValidity: Int64, uids: [Int64], at now: Date, on connection: isolated PostgresConnection) throws {
        guard !uids.isEmpty else { return }
        _ = try connection.execute("""
            UPDATE reply_messages SET moved_at = \(now)
            WHERE mailbox = \(mailbox) AND uid_validity = \(uidValidity) AND uid = ANY(\(uids)::bigint[]) AND moved_at IS NULL
            """)
    }

    /// Every mailbox's position and counts, for `circles replies status`.
    public static func status(on connection: isolated PostgresConnection) throws -> [MailboxStatus] {
        try connection.query("""
            SELECT m.mailbox, m.uid_validity, m.last_uid, m.last_poll_at, m.last_error, m.handled, m.matched, m.needs_person,
                   m.refused, m.duplicates,
                   (SELECT count(*) FROM reply_messages r WHERE r.mailbox = m.mailbox AND r.moved_at IS NULL)
            FROM reply_mailbox m ORDER BY m.mailbox
            """).map { row in
            let (mailbox, validity, last, poll, error) = try row.decode((String, Int64?, Int64, Date?, String?).self)
            return MailboxStatus(
                mailbox: mailbox, uidValidity: validity, lastUID: last, lastPollAt: poll, lastError: error,
                handled: try row.decode(Int64.self, at: 5), matched: try row.decode(Int64.self, at: 6),
                needsPerson: try row.decode(Int64.self, at: 7), refused: try row.decode(Int64.self, at: 8),
                duplicates: try row.decode(Int64.self, at: 9), waitingToMove: try row.decode(Int64.self, at: 10))
        }
    }
}
