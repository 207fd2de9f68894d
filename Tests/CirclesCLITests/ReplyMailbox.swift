import Foundation
import Mail
import Postgres
import PostgresTestSupport
import ReplyFixtures
import TestRequirements

/// A mailbox of its own on the dovecot `make test` starts (every user name logs in with the
/// password `circles` and gets its own Maildir), and the scenario's meetings and tokens.
struct ReplyMailbox {
    static let requirement = Requirement(
        isMet: ProcessInfo.processInfo.environment["CIRCLES_TEST_IMAP_URL"] != nil,
        missing: "no IMAP server: run under `make test`, which starts dovecot (Debian dovecot-imapd) and exports CIRCLES_TEST_IMAP_URL")
    static let processed = "Circles/Processed"
    static let needsPerson = "Circles/Needs a person"

    let url: String
    let mailbox: IMAPMailbox

    /// A fresh mailbox for user `user-<random>`.
    init() throws {
        try Self.requirement.check()
        let base = ProcessInfo.processInfo.environment["CIRCLES_TEST_IMAP_URL"] ?? ""
        let user = "replies-\(UUID().uuidString.prefix(8).lowercased())"
        guard let at = base.range(of: "://circles:") else { throw TestSetupError("unexpected CIRCLES_TEST_IMAP_URL \(base)") }
        url = base.replacingCharacters(in: at, with: "://\(user):")
        mailbox = IMAPMailbox(try IMAPConfiguration(url: url))
    }

    /// Delivers `message` into INBOX as a mail server would (IMAP APPEND).
    func deliver(_ message: [UInt8]) async throws {
        try await mailbox.append(message)
    }

    /// The UIDs in each folder.
    func folders() async throws -> [String: [UInt32]] {
        var result: [String: [UInt32]] = [:]
        for folder in ["INBOX", Self.processed, Self.needsPerson] {
            try await mailbox.ensureFolder(folder)
            result[folder] = try await mailbox.allUIDs(in: folder)
        }
        await mailbox.close()
        return result
    }
}

/// One scheduled meeting as the calendar knows it.
struct ScheduledMeeting {
    let id: String
    let seriesID: String
    let originalStart: Date
    let sequence: Int

    /// The UID the invitations carry.
    var uid: String { "\(seriesID)-\(Self.stamp(originalStart))@example.org" }

    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    static func all(on connection: PostgresConnection) async throws -> [ScheduledMeeting] {
        try await connection.query("SELECT id::text, series_id::text, original_start, sequence FROM occurrences ORDER BY starts_at")
            .map { row in
                let (id, series, start, sequence) = try row.decode((String, String, Date, Int).self)
                return ScheduledMeeting(id: id, seriesID: series, originalStart: start, sequence: sequence)
            }
    }
}

extension PostgresConnection {
    /// The reply token mailed to `email` about `meeting`.
    func replyToken(_ email: String, _ meeting: ScheduledMeeting) throws -> String {
        try query("""
            SELECT t.token FROM reply_tokens t JOIN people p ON p.id = t.person_id
            WHERE p.email = \(email) AND t.occurrence_id = \(meeting.id)::uuid
            """)[0].decode(String.self, at: 0)
    }

    /// The answer (and note) `email` holds for `meeting`, if any.
    func answer(_ email: String, _ meeting: ScheduledMeeting) throws -> (String, String?)? {
        try query("""
            SELECT r.answer, r.note FROM meeting_responses r JOIN people p ON p.id = r.person_id
            WHERE p.email = \(email) AND r.occurrence_id = \(meeting.id)::uuid
            """).first.map { try $0.decode((String, String?).self) }
    }

    /// How many answers were ever recorded (history rows) for `email` and `meeting`.
    func answersRecorded(_ email: String, _ meeting: ScheduledMeeting) throws -> Int {
        try query("""
            SELECT count(*) FROM meeting_response_history h JOIN people p ON p.id = h.person_id
            WHERE p.email = \(email) AND h.occurrence_id = \(meeting.id)::uuid
            """)[0].decode(Int.self, at: 0)
    }
}

/// A reply fixture filled in for one person, meeting and token.
func reply(
    _ fixture: ReplyFixture, from email: String, name: String, token: String, meeting: ScheduledMeeting, partstat: String,
    sequence: Int? = nil, stamp: Date = Date(), uid: String? = nil, attendee: String? = nil, extra: [String: String] = [:]
) -> [UInt8] {
    let end = meeting.originalStart.addingTimeInterval(5_400)
    let local = DateFormatter()
    local.locale = Locale(identifier: "en_US_POSIX")
    local.timeZone = TimeZone(identifier: "Europe/London")
    local.dateFormat = "yyyyMMdd'T'HHmmss"
    return fixture.render(
        [
            "NAME": name, "FROM": email, "TO": "circles+\(token)@example.org", "TITLE": "Peer support",
            "DATE": "Tue, 01 Dec 2026 10:00:00 +0000", "MESSAGEID": "\(UUID().uuidString)@client.example",
            "ATTENDEE": attendee ?? email, "UID": uid ?? meeting.uid, "RECURRENCE_ID": "", "SEQUENCE": String(sequence ?? meeting.sequence),
            "DTSTAMP": ScheduledMeeting.stamp(stamp), "PARTSTAT": partstat, "COMMENT": "",
            "DTSTART_LOCAL": local.string(from: meeting.originalStart), "DTEND_LOCAL": local.string(from: end),
            "DTSTART_UTC": ScheduledMeeting.stamp(meeting.originalStart), "DTEND_UTC": ScheduledMeeting.stamp(end),
        ].merging(extra) { $1 })
}
