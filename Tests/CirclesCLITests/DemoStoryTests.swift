import Foundation
import PostgresTestSupport
import Testing

/// The `make demo` story, driven through the CLI against a real PostgreSQL, checking the JSON it prints.
@Suite("the demo story through the command line")
struct DemoStoryTests {
    let team = "Adult Social Care – North"
    let workshop = "Whose Shoes? personalisation workshop"

    /// Runs `circles` as `actor`, expecting success, and returns standard output.
    func circles(_ arguments: [String], as actor: String, url: String) async throws -> String {
        let result = try await Circles.run(arguments + ["--as", actor], environment: ["CIRCLES_DATABASE_URL": url])
        guard result.status == 0 else {
            throw TestSetupError("circles \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
        }
        return result.standardOutput
    }

    func json(_ text: String) throws -> [[String: String]] {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        return parsed.map { row in row.compactMapValues { $0 as? String } }
    }

    @Test("a workshop action becomes monthly peer support with rotating facilitators, a held first meeting and follow-ups")
    func demoStory() async throws {
        let database = try await TestDatabase.make(prefix: "demo")
        let url = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        let admin = "admin@council.example", lead = "lead@council.example"
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/local/demo/whose-shoes-actions.csv").path

        _ = try await Circles.run(["db", "migrate", "--database-url", url])
        let bootstrap = try await Circles.run(["admin", "add", "--email", admin, "--name", "Alex Morgan"], environment: ["CIRCLES_DATABASE_URL": url])
        #expect(bootstrap.status == 0)
        _ = try await circles(["team", "create", "--name", team, "--time-zone", "Europe/London"], as: admin, url: url)
        let people = [(lead, "Priya Shah")] + (1...6).map { ("sw\($0)@council.example", "Social Worker \($0)") } + [("citizen@council.example", "Grace Bello")]
        for (email, name) in people {
            _ = try await circles(["person", "add", "--email", email, "--name", name], as: admin, url: url)
        }
        _ = try await circles(["team", "add-member", team, "--email", lead, "--role", "lead"], as: admin, url: url)
        _ = try await circles(["team", "add-member", team] + (1...6).flatMap { ["--email", "sw\($0)@council.example"] }, as: lead, url: url)
        _ = try await circles(["team", "add-member", team, "--email", "citizen@council.example", "--role", "citizen-representative"], as: lead, url: url)
        let members = try await json(circles(["team", "members", team, "--format", "json"], as: lead, url: url))
        #expect(members.count == 8)
        #expect(members.first?["role"] == "lead")
        #expect(members.filter { $0["role"] == "member" }.count == 6)
        #expect(members.filter { $0["role"] == "citizen-representative" }.count == 1)

        _ = try await circles(["workshop", "record", "--team", team, "--title", workshop, "--date", "2026-11-03"], as: lead, url: url)
        _ = try await circles(["action", "import", csv, "--workshop", workshop], as: lead, url: url)
        let actions = try await json(circles(["action", "list", "--workshop", workshop, "--format", "json"], as: lead, url: url))
        let peer = try #require(actions.first { $0["title"] == "Set up regular peer-support meetings for social workers" })
        #expect(peer["perspective"] == "practitioner")
        #expect(actions.count >= 5)

        let scheduledSeries = try await JSONSerialization.jsonObject(with: Data(circles([
            "action", "schedule", peer["id"] ?? "", "--every", "2nd tuesday of the month", "--start", "2026-11-10T14:00", "--end", "15:30",
            "--facilitator", "sw1@council.example", "--facilitator", "sw2@council.example", "--facilitator", "sw3@council.example",
            "--whole-team", "--format", "json",
        ], as: lead, url: url).utf8)) as? [String: Any]
        let scheduled = (scheduledSeries?["meetings"] as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? String } }
        let first = try #require(scheduled.first)
        let series = try await json(circles(["action", "show", peer["id"] ?? "", "--format", "json"], as: lead, url: url))
        #expect(series.map { $0["rule"] } == ["FREQ=MONTHLY;BYDAY=2TU"])
        #expect(first["date"] == "2026-11-10" && first["start"] == "14:00" && first["end"] == "15:30")
        #expect(first["time_zone"] == "Europe/London (GMT)")

        _ = try await circles([
            "meeting", "hold", first["id"] ?? "", "--attended", "sw1@council.example", "--attended", "sw2@council.example",
            "--apologies", "sw3@council.example", "--notes", "Shared a difficult case",
        ], as: "sw1@council.example", url: url)
        _ = try await circles(["followup", "add", "--meeting", first["id"] ?? "", "--title", "Share the supervision template", "--owner", "sw2@council.example", "--due", "2026-12-01"], as: "sw1@council.example", url: url)
        _ = try await circles(["followup", "add", "--meeting", first["id"] ?? "", "--title", "Invite the discharge team", "--owner", lead], as: "sw1@council.example", url: url)

        let listed = try await json(circles(["meeting", "list", "--team", team, "--from", "2026-11-01", "--days", "120", "--format", "json"], as: lead, url: url))
        #expect(listed.map { $0["date"] } == ["2026-11-10", "2026-12-08", "2027-01-12", "2027-02-09"])
        #expect(listed.map { $0["status"] } == ["held", "scheduled", "scheduled", "scheduled"])
        #expect(listed.map { $0["facilitator"] } == ["Social Worker 1", "Social Worker 2", "Social Worker 3", "Social Worker 1"])
        #expect(listed.allSatisfy { $0["start"] == "14:00" && $0["end"] == "15:30" })
        let agenda = try await json(circles(["meeting", "agenda", listed[1]["id"] ?? "", "--format", "json"], as: lead, url: url))
        #expect(agenda.map { $0["title"] } == ["Share the supervision template", "Invite the discharge team"])
        try await database.drop()
    }
}
