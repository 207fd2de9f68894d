import Foundation
import PostgresTestSupport
import Testing

/// Ids are parsed where they arrive: a malformed one is a usage error, a unique prefix of at least
/// eight hex digits stands for the whole id, and an ambiguous one is refused naming the candidates.
@Suite("Ids on the command line")
struct IDArgumentTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// Schedules two weekly meetings for North and returns the series object `--format json` printed.
    static func schedule(_ scenario: WorkerScenario) async throws -> [String: Any] {
        try await object(scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=2", "--start", "\(WorkerScenario.day(inDays: 3))T14:00",
            "--duration", "1h", "--whole-team", "--format", "json",
        ]))
    }

    @Test("a malformed id, day, time or length is a usage error (64) that shows the expected form", arguments: [
        ["meeting", "cancel", "not-a-uuid", "--reason", "x"],
        ["meeting", "list", "--series", "not-a-uuid"],
        ["series", "show", "9a1e4b2"],
        ["followup", "complete", "9a1e4b2c-7d3f-4e6a-8b1c-2d3e4f5a6b7c0"],
        ["action", "show", "zzzzzzzz"],
        ["meeting", "list", "--team", "North", "--from", "2026-02-30"],
        ["meeting", "move", "9a1e4b2c", "--to", "tomorrow"],
        ["series", "edit", "9a1e4b2c", "--time", "25:00"],
        ["series", "edit", "9a1e4b2c", "--duration", "forever"],
    ])
    func malformed(arguments: [String]) async throws {
        let result = try await Circles.run(arguments, environment: ["CIRCLES_ACTOR": "admin@example.org"])
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let expected = ["first 8 or more hex digits", "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "HH:MM", "90m or 1h30m"]
        #expect(expected.contains { result.standardError.contains($0) }, "\(result.standardError)")
    }

    @Test("meeting list --series with something that is not a series id lists nothing, not every team's meetings")
    func seriesFilterIsNeverDropped() async throws {
        let scenario = try await WorkerScenario.make(prefix: "ids", members: [("sw1@example.org", "Siân Jones")])
        _ = try await Self.schedule(scenario)
        let listed = try await Circles.run(["meeting", "list", "--series", "not-a-uuid", "--format", "json"], environment: scenario.environment)
        #expect(listed.status == 64)
        #expect(!listed.standardOutput.contains("Peer support"))
        let unknown = try await Circles.run(["meeting", "list", "--series", "00000000", "--format", "json"], environment: scenario.environment)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("no series has an id starting 00000000"), "\(unknown.standardError)")
        #expect(!unknown.standardOutput.contains("Peer support"))
        try await scenario.database.drop()
    }

    @Test("a unique prefix of eight hex digits stands for the whole id; tables show it, JSON the whole id")
    func prefixResolves() async throws {
        let scenario = try await WorkerScenario.make(prefix: "ids", members: [("sw1@example.org", "Siân Jones")])
        let series = try await Self.schedule(scenario)
        let seriesID = try #require(series["id"] as? String)
        let meetings = try #require(series["meetings"] as? [[String: Any]])
        let meetingID = try #require(meetings.first?["id"] as? String)
        #expect(seriesID.count == 36 && meetingID.count == 36)

        let shown = try await scenario.circles(["series", "show", String(seriesID.prefix(8))])
        #expect(shown.contains("Peer support"))
        #expect(shown.contains(String(seriesID.prefix(8))) && !shown.contains(seriesID))
        _ = try await scenario.circles(["meeting", "cancel", String(meetingID.prefix(8)).uppercased(), "--reason", "Away day"])
        let table = try await scenario.circles(["meeting", "list", "--series", String(seriesID.prefix(13))])
        #expect(table.contains(String(meetingID.prefix(8)) + " ") && !table.contains(meetingID))
        #expect(table.contains("cancelled"))
        let json = try await scenario.circles(["meeting", "list", "--series", seriesID, "--format", "json"])
        #expect(json.contains(meetingID))
        try await scenario.database.drop()
    }

    @Test("an ambiguous prefix is refused, naming the candidates; an unknown one is not found")
    func ambiguousPrefix() async throws {
        let scenario = try await WorkerScenario.make(prefix: "ids", members: [("sw1@example.org", "Siân Jones")])
        let owner = try await scenario.database.connect()
        try await owner.execute(unsafeSQL: """
            INSERT INTO follow_ups (id, title, owner_id, origin_action_item_id)
            SELECT ('abcdef01-0000-4000-8000-00000000000' || n)::uuid, 'Follow-up ' || n, p.id, a.id
            FROM generate_series(1, 2) n, people p, action_items a WHERE p.email = 'sw1@example.org';
            """)
        await owner.close()
        let ambiguous = try await Circles.run(["followup", "complete", "abcdef01"], environment: scenario.environment)
        #expect(ambiguous.status == 1)
        #expect(ambiguous.standardError.contains("ambiguous"), "\(ambiguous.standardError)")
        #expect(ambiguous.standardError.contains("abcdef01-0000-4000-8000-000000000001"))
        #expect(ambiguous.standardError.contains("abcdef01-0000-4000-8000-000000000002"))
        let longer = try await Circles.run(["followup", "complete", "abcdef01-0000-4000-8000-000000000002"], environment: scenario.environment)
        #expect(longer.status == 0, "\(longer.standardError)")
        #expect(longer.standardOutput.contains("\"Follow-up 2\" is done"))
        let unknown = try await Circles.run(["followup", "complete", "abcdef02"], environment: scenario.environment)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("no follow-up has an id starting abcdef02"), "\(unknown.standardError)")
        try await scenario.database.drop()
    }

    @Test("a table shows ids longer than 8 digits where two in it share those, and the longer prefix resolves")
    func shortFormGrowsWhereNeeded() async throws {
        let scenario = try await WorkerScenario.make(prefix: "ids", members: [("sw1@example.org", "Siân Jones")])
        let owner = try await scenario.database.connect()
        try await owner.execute(unsafeSQL: """
            INSERT INTO action_items (id, workshop_id, title, perspective)
            SELECT ('abcdef01-2' || n || '00-4000-8000-000000000000')::uuid, w.id, 'Twin ' || n, 'carer'
            FROM generate_series(3, 4) n, workshops w;
            """)
        await owner.close()
        let table = try await scenario.circles(["action", "list", "--workshop", "Whose Shoes?"])
        #expect(table.contains("abcdef01-23  Twin 3") && table.contains("abcdef01-24  Twin 4"), "\(table)")
        #expect(!table.contains("abcdef01-230"))
        #expect(try await scenario.circles(["action", "show", "abcdef01-24"]).contains("Twin 4"))
        let json = try await scenario.circles(["action", "list", "--workshop", "Whose Shoes?", "--format", "json"])
        #expect(json.contains("abcdef01-2300-4000-8000-000000000000"))
        try await scenario.database.drop()
    }
}
