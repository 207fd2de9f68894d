import Foundation
import PostgresTestSupport
import Testing

/// Creating commands print the created record with `--format json`, so a script needs no second query.
@Suite("Created records as JSON")
struct CreatedRecordTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("workshop record, action add, action schedule and followup add print JSON whose ids the next command accepts")
    func chain() async throws {
        let scenario = try await WorkerScenario.make(prefix: "created", members: [("sw1@example.org", "Siân Jones")])
        let workshop = try await Self.object(scenario.circles([
            "workshop", "record", "--team", "North", "--title", "Second workshop", "--date", "2026-11-10", "--format", "json",
        ]))
        let workshopID = try #require(workshop["id"] as? String)
        #expect(workshop["title"] as? String == "Second workshop")
        #expect(workshop["held_on"] as? String == "2026-11-10")

        let action = try await Self.object(scenario.circles([
            "action", "add", "--workshop", workshopID, "--title", "Buddy scheme", "--perspective", "carer", "--due", "2027-01-31",
            "--format", "json",
        ]))
        let actionID = try #require(action["id"] as? String)
        #expect(action["workshop_id"] as? String == workshopID)
        #expect(action["perspective"] as? String == "carer" && action["status"] as? String == "open")

        let series = try await Self.object(scenario.circles([
            "action", "schedule", actionID, "--rule", "FREQ=WEEKLY;COUNT=3", "--start", "\(WorkerScenario.day(inDays: 3))T10:00",
            "--duration", "45m", "--whole-team", "--format", "json",
        ]))
        let seriesID = try #require(series["id"] as? String)
        #expect(series["rule"] as? String == "FREQ=WEEKLY;COUNT=3")
        #expect(series["description"] as? String == "weekly, 3 times")
        #expect(series["version"] as? Int == 1)
        let meetings = try #require(series["meetings"] as? [[String: Any]])
        #expect(meetings.count == 3)
        let meetingID = try #require(meetings.first?["id"] as? String)

        let followUp = try await Self.object(scenario.circles([
            "followup", "add", "--meeting", meetingID, "--title", "Book the room", "--owner", "sw1@example.org", "--format", "json",
        ]))
        let followUpID = try #require(followUp["id"] as? String)
        #expect(followUp["origin_meeting_id"] as? String == meetingID)
        #expect(followUp["origin_action_id"] as? String == actionID)

        #expect(try await scenario.circles(["followup", "complete", followUpID]) == "\"Book the room\" is done\n")
        #expect(try await scenario.circles(["series", "show", seriesID]).contains("FREQ=WEEKLY;COUNT=3"))
        #expect(try await scenario.circles(["action", "show", actionID]).contains("Buddy scheme"))
        try await scenario.database.drop()
    }
}
