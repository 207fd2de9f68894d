import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// `circles meeting responses` and the agenda's "who is coming", at the command line.
@Suite("circles meeting responses and the agenda show who is coming")
struct MeetingResponsesCommandTests {
    @Test("responses lists everyone invited with their answer in JSON and CSV; the agenda table ends with who is coming, who may, who cannot")
    func responsesAndAgenda() async throws {
        let scenario = try await WorkerScenario.make(
            prefix: "responses",
            members: [("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo Whitfield")],
            lead: "lead@example.org")
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(WorkerScenario.day(inDays: 3))T14:00",
            "--duration", "1h", "--facilitator", "sw1@example.org", "--whole-team",
        ])
        let connection = try await scenario.database.connect()
        try await connection.execute(unsafeSQL: "SET search_path = \(scenario.database.schema)")
        let meeting = try await connection.query("SELECT id::text FROM occurrences")[0].decode(String.self, at: 0)
        try await connection.execute(unsafeSQL: """
            INSERT INTO meeting_responses (occurrence_id, person_id, answer, note, source, answered_at)
            SELECT '\(meeting)', id, CASE email WHEN 'sw2@example.org' THEN 'declined' ELSE 'accepted' END,
                   CASE email WHEN 'sw2@example.org' THEN 'On a home visit' END, 'link', now()
            FROM people WHERE email IN ('sw2@example.org', 'lead@example.org')
            """)
        await connection.close()

        let json = try await scenario.circles(["meeting", "responses", meeting, "--format", "json", "--as", "lead@example.org"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let answers = Dictionary(uniqueKeysWithValues: rows.map { ($0["email"] as? String ?? "", $0["answer"] as? String ?? "none") })
        #expect(answers == ["lead@example.org": "accepted", "sw1@example.org": "none", "sw2@example.org": "declined"])
        #expect(rows.first { $0["email"] as? String == "sw1@example.org" }?["role"] as? String == "facilitator")
        #expect(rows.first { $0["email"] as? String == "sw2@example.org" }?["note"] as? String == "On a home visit")
        let csv = try await scenario.circles(["meeting", "responses", meeting, "--format", "csv", "--as", "lead@example.org"])
        #expect(csv.hasPrefix("name,email,role,answer,note,source,answered_at"))

        let agenda = try await scenario.circles(["meeting", "agenda", meeting, "--as", "sw1@example.org"])
        #expect(agenda.contains("Coming (1): Priya Shah\n"), "\(agenda)")
        #expect(agenda.contains("Can't make it (1): Jo Whitfield\n"))
        #expect(agenda.contains("No answer yet (1): Siân Jones\n"))
        // A member who does not facilitate sees the answers, not the notes.
        let asMember = try await scenario.circles(["meeting", "responses", meeting, "--format", "json", "--as", "sw2@example.org"])
        #expect(!asMember.contains("On a home visit"))
        try await scenario.database.drop()
    }
}
