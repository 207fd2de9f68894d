import Foundation
import Postgres
import PostgresTestSupport

/// A team with a meeting two days away, its invitations and reminders sent by `circles-worker
/// run --once` with signed links on, and the mail read back — what circles-web's tests start from.
struct WebTestSetup {
    static let publicOrigin = "https://circles.example.org"
    static let publicURL = publicOrigin + "/circles"
    static let keyA = "1:" + Data(repeating: 0x5A, count: 32).base64EncodedString()
    static let keyB = "2:" + Data((0..<32).map { UInt8($0 * 7 % 251) }).base64EncodedString()

    let scenario: WorkerScenario
    let spool: URL
    let mail: [SpooledMail.Message]
    let meetingID: String

    /// The environment circles-web and the worker share (database, keys, public address).
    func environment(keys: String = WebTestSetup.keyA) -> [String: String] {
        scenario.environment.merging([
            "CIRCLES_WEB_SIGNING_KEYS": keys, "CIRCLES_WEB_PUBLIC_URL": Self.publicURL,
            "CIRCLES_SMTP_URL": "file://" + spool.path, "CIRCLES_MAIL_FROM": "Circles <circles@example.org>",
        ]) { $1 }
    }

    static func make(prefix: String) async throws -> WebTestSetup {
        let scenario = try await WorkerScenario.make(
            prefix: prefix,
            members: [("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo Whitfield")],
            lead: "lead@example.org")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-web-spool-\(UUID().uuidString)")
        let day = WorkerScenario.day(inDays: 2)
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(day)T14:00", "--duration", "90m",
            "--facilitator", "sw1@example.org", "--whole-team", "--reminders", "3d", "--location", "Room 2",
        ])
        var setup = WebTestSetup(scenario: scenario, spool: spool, mail: [], meetingID: "")
        let sent = try await runWorker(["run", "--once"], environment: setup.environment())
        guard sent.status == 0 else { throw TestSetupError("the worker failed: \(sent.standardError)") }
        let connection = try await scenario.database.connect()
        let meeting = try await connection.query("SELECT id::text FROM \(unsafeSQL: scenario.database.schema).occurrences")[0].decode(String.self, at: 0)
        await connection.close()
        setup = WebTestSetup(scenario: scenario, spool: spool, mail: try await SpooledMail.read(spool), meetingID: meeting)
        return setup
    }

    /// The first message to `email` whose subject starts with `prefix`.
    func message(to email: String, _ prefix: String) throws -> SpooledMail.Message {
        guard let found = mail.first(where: { $0.to.contains(email) && $0.subject.hasPrefix(prefix) }) else {
            throw TestSetupError("no \(prefix) mail to \(email) among \(mail.map { "\($0.to): \($0.subject)" })")
        }
        return found
    }

    /// The answer link for `answer` (accepted, declined) in a message's text part.
    static func link(_ answer: String, in message: SpooledMail.Message) throws -> String {
        let pattern = #"https://circles\.example\.org/circles/r/[A-Za-z0-9_-]{74}\?a="# + answer
        guard let range = message.text.range(of: pattern, options: .regularExpression) else {
            throw TestSetupError("no \(answer) link in: \(message.text)")
        }
        return String(message.text[range])
    }

    /// The https URL in a List-Unsubscribe header (`<https://…>, <mailto:…>`).
    static func unsubscribeLink(in message: SpooledMail.Message) throws -> String {
        guard let header = message.unsubscribe, let range = header.range(of: #"https://[^>]+"#, options: .regularExpression) else {
            throw TestSetupError("no List-Unsubscribe URL in \(message.subject)")
        }
        return String(header[range])
    }

    /// Rows of a query in this scenario's schema, each as text.
    func rows(_ sql: String) async throws -> [String] {
        let connection = try await scenario.database.connect()
        try await connection.execute(unsafeSQL: "SET search_path = \(scenario.database.schema)")
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT (t)::text FROM (\(sql)) t"))
        await connection.close()
        return try rows.map { try $0.decode(String.self, at: 0) }
    }

    /// Runs one statement in the scenario's schema (to move a meeting, say).
    func execute(_ sql: String) async throws {
        let connection = try await scenario.database.connect()
        try await connection.execute(unsafeSQL: "SET search_path = \(scenario.database.schema); \(sql)")
        await connection.close()
    }

    func tearDown() async throws {
        try? FileManager.default.removeItem(at: spool)
        try await scenario.database.drop()
    }
}
