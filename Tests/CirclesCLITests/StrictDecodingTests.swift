import Foundation
import PostgresTestSupport
import Testing

/// Rows holding a code this version does not know (a state or kind a newer migration added) are
/// errors that name the column and the value, never a default the program then acts on.
@Suite("Decoding never guesses")
struct StrictDecodingTests {
    @Test("a meeting in a state this version does not know is an error naming the column and the value")
    func unknownMeetingStatus() async throws {
        let scenario = try await WorkerScenario.make(prefix: "strict", members: [("sw1@example.org", "Siân Jones")])
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=2", "--start", "\(WorkerScenario.day(inDays: 3))T14:00",
            "--duration", "1h", "--whole-team",
        ])
        let owner = try await scenario.database.connect()
        try await owner.execute(unsafeSQL: """
            ALTER TABLE occurrences DROP CONSTRAINT occurrences_status_check;
            UPDATE occurrences SET status = 'postponed' WHERE original_start = (SELECT min(original_start) FROM occurrences);
            """)
        await owner.close()
        let listed = try await Circles.run(["meeting", "list", "--team", "North"], environment: scenario.environment)
        #expect(listed.status == 1)
        #expect(listed.standardError.contains("column \"status\""), "\(listed.standardError)")
        #expect(listed.standardError.contains("OccurrenceStatus: unknown value \"postponed\""), "\(listed.standardError)")
        #expect(!listed.standardOutput.contains("scheduled"))
        try await scenario.database.drop()
    }

    @Test("the worker leaves a reminder of a kind it does not know waiting, instead of mailing it as a meeting reminder")
    func unknownReminderKind() async throws {
        let scenario = try await WorkerScenario.make(prefix: "strict", members: [("sw1@example.org", "Siân Jones")])
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-spool-\(UUID().uuidString)")
        var env = scenario.environment
        _ = try await WorkerScenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(WorkerScenario.day(inDays: 2))T14:00",
            "--duration", "1h", "--whole-team", "--reminders", "3d",
        ], environment: env)
        // A kind a newer version might add, about a real meeting, due now.
        let owner = try await scenario.database.connect()
        try await owner.execute(unsafeSQL: """
            ALTER TABLE reminder_outbox DROP CONSTRAINT reminder_outbox_kind_check;
            INSERT INTO reminder_outbox (idempotency_key, kind, recipient_id, occurrence_id, due_at)
            SELECT 'sms:' || o.id || ':' || p.id, 'sms_reminder', p.id, o.id, now() - interval '1 minute'
            FROM occurrences o, people p WHERE p.email = 'sw1@example.org';
            """)
        env["CIRCLES_SMTP_URL"] = "file://" + spool.path
        env["CIRCLES_MAIL_FROM"] = "Circles <circles@example.org>"
        let run = try await runWorker(["run", "--once"], environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }
        // An invitation and a meeting reminder for each of the two people (admin is not in North): four, not five.
        let sw1Mail = try files.map { try String(contentsOf: spool.appendingPathComponent($0), encoding: .utf8) }
            .filter { $0.contains("sw1@example.org") }
        #expect(sw1Mail.filter { $0.contains("Subject: Reminder:") }.count == 1)
        let state = try await owner.query("SELECT state, attempts FROM reminder_outbox WHERE kind = 'sms_reminder'")[0]
            .decode((String, Int).self)
        #expect(state == ("pending", 0))
        await owner.close()
        try? FileManager.default.removeItem(at: spool)
        try await scenario.database.drop()
    }
}
