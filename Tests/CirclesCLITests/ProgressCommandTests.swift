import Foundation
import ProgressTestSupport
import Testing

/// `circles audit progress|coverage` on the hand-computed scenario (see ProgressScenario), in
/// every format, plus the HTML report rendered by headless Chromium.
@Suite("circles audit progress and coverage")
struct ProgressCommandTests {
    func run(_ scenario: ProgressScenario, _ arguments: [String], as actor: String? = nil) async throws -> CommandResult {
        try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": scenario.url, "CIRCLES_ACTOR": actor ?? scenario.admin])
    }

    func progress(_ scenario: ProgressScenario, format: String) async throws -> String {
        let result = try await run(scenario, ["audit", "progress", "--team", "North", "--as-of", "2027-03-31", "--format", format])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        return result.standardOutput
    }

    @Test("table, JSON and CSV carry the hand-computed figures")
    func textFormats() async throws {
        let scenario = try await ProgressScenario.make(prefix: "progcli")
        let table = try await progress(scenario, format: "table")
        for line in [
            "Progress report — North (Europe/London), as of 2027-03-31",
            "  Peer support for social workers    practitioner  Priya Lead  open     131 days  at risk",
            "  Manager sign-off within five days  manager       –           open     131 days  stalled",
            "  service-user  1        0         1        0        0     0        1",
            "    meetings (Peer support for social workers): 7 planned, 5 held, 1 cancelled, 1 not recorded, 1 moved; every 14 days; longest gap 30 days; last held 2027-03-16; 1 not held in a row",
            "    cancelled 2027-02-02 (Peer support for social workers): Snow closed the office",
            "    attendance: 14 of 23 (61%)",
            "      Jo Late     2         1                     0                    67%   1",
            "      Sky Three   0         1                     4                    0%    5",
            "      overdue: Ask HR about protected time — Priya Lead, due 2027-02-15 (44 days ago)",
            "  Easy-read letters — at risk: the last 2 planned meetings were not held; no meeting held for 77 days (interval 30)",
            "  Carers' evening drop-in — dropped: Merged into the county carers' forum",
            "Peer-support coverage, 2027-02-04 to 2027-03-31 (8 weeks): 4 of 5 members attended a meeting (80%)",
            "  meetings missed in the window: 2 with apologies in advance, 4 without word",
            "  Sky Three  member  2026-11-01  2027-01-13     1                     2",
        ] {
            #expect(table.split(separator: "\n").contains(Substring(line)), "missing line: \(line)")
        }

        let json = try await progress(scenario, format: "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let team = try #require((object["teams"] as? [[String: Any]])?.first)
        #expect(team["as_of"] as? String == "2027-03-31")
        let actions = try #require((team["workshops"] as? [[String: Any]])?.first?["actions"] as? [[String: Any]])
        #expect(actions.map { $0["flag"] as? String } == ["at_risk", "at_risk", "dropped", "stalled", "done"])
        let peer = actions[0]
        let meetings = try #require(peer["meetings"] as? [String: Any])
        #expect(meetings["planned"] as? Int == 7)
        #expect(meetings["held"] as? Int == 5)
        #expect(meetings["longest_gap_days"] as? Int == 30)
        let attendance = try #require(peer["attendance"] as? [String: Any])
        #expect(attendance["rate"] as? Double == 0.609)
        let people = try #require(attendance["people"] as? [[String: Any]])
        #expect(people.map { $0["missed_in_a_row"] as? Int } == [1, 0, 1, 5, 0])
        // The split under its own names (the old keys stay, meaning the same), and in total.
        #expect(people.map { $0["apologies_in_advance"] as? Int } == people.map { $0["apologies"] as? Int })
        #expect(people.map { $0["absent_without_word"] as? Int } == people.map { $0["absent"] as? Int })
        #expect(attendance["apologies_in_advance"] as? Int == 3)
        #expect(attendance["absent_without_word"] as? Int == 6)
        let overdue = try #require((peer["follow_ups"] as? [String: Any])?["overdue"] as? [[String: Any]])
        #expect(overdue.map { $0["days_overdue"] as? Int } == [44])
        #expect(actions[1]["perspective"] as? String == "service_user")
        let coverage = try #require(team["coverage"] as? [String: Any])
        #expect(coverage["share"] as? Double == 0.8)
        #expect(coverage["apologies_in_advance"] as? Int == 2)
        #expect(coverage["absent_without_word"] as? Int == 4)
        let sky = try #require((coverage["without"] as? [[String: Any]])?.first)
        #expect(sky["apologies_in_advance"] as? Int == 1 && sky["absent_without_word"] as? Int == 2)

        let csv = try await progress(scenario, format: "csv")
        #expect(csv.components(separatedBy: "\r\n") == [
            "team,as_of,workshop,workshop_held_on,action,perspective,owner,status,age_days,due_on,flag,reasons,series,interval_days,planned,held,cancelled,not_recorded,moved,missed_in_a_row,longest_gap_days,last_held,cancellations,attended,recorded,attendance_rate,follow_ups_open,follow_ups_done,follow_ups_dropped,follow_ups_overdue,overdue_follow_ups,apologies_in_advance,absent_without_word,pair_rounds,pairs_matched,pairs_met,pairs_met_rate,pair_repeats,pair_repeat_rate",
            "North,2027-03-31,Whose Shoes?,2026-11-20,Peer support for social workers,practitioner,Priya Lead,open,131,,at_risk,1 follow-up is overdue,Peer support for social workers,14,7,5,1,1,1,1,30,2027-03-16,2027-02-02: Snow closed the office,14,23,0.609,2,1,0,1,\"Ask HR about protected time (Priya Lead, due 2027-02-15)\",3,6,0,0,0,,0,",
            "North,2027-03-31,Whose Shoes?,2026-11-20,Easy-read letters,service-user,Sol Two,open,131,2027-06-30,at_risk,the last 2 planned meetings were not held; no meeting held for 77 days (interval 30),Easy-read letters,30,3,1,1,1,0,2,,2027-01-13,2027-03-10: Facilitator off sick,2,2,1.0,0,0,0,0,,0,0,0,0,0,,0,",
            "North,2027-03-31,Whose Shoes?,2026-11-20,Carers' evening drop-in,carer,Priya Lead,dropped,131,,dropped,dropped: Merged into the county carers' forum,,,0,0,0,0,0,0,,,,0,0,,0,0,0,0,,0,0,0,0,0,,0,",
            "North,2027-03-31,Whose Shoes?,2026-11-20,Manager sign-off within five days,manager,,open,131,,stalled,nothing has happened for 131 days (stalled after 90),,,0,0,0,0,0,0,,,,0,0,,0,0,0,0,,0,0,0,0,0,,0,",
            "North,2027-03-31,Whose Shoes?,2026-11-20,Publish a notes template,organisation,Sam One,done,131,,done,,,,0,0,0,0,0,0,,,,0,0,,0,0,0,0,,0,0,0,0,0,,0,",
            "",
        ])
        try await scenario.tearDown()
    }

    @Test("the HTML report is self-contained, has its charts and tables, and Chromium renders it to a PNG without errors")
    func html() async throws {
        let scenario = try await ProgressScenario.make(prefix: "progcli")
        let html = try await progress(scenario, format: "html")
        try await scenario.tearDown()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.components(separatedBy: "<table").count - 1 >= 8)
        for heading in ["<h1>Circles progress report</h1>", ">North</h2>", "<h3>Meetings held and planned, by month</h3>",
                        "<h3>Attendance per meeting</h3>", "<h3>Follow-ups open and closed over time</h3>",
                        "<h3>Whose voice became action: perspectives</h3>", "<h3>Peer-support coverage</h3>"] {
            #expect(html.contains(heading), "missing \(heading)")
        }
        #expect(html.contains("<td>Snow closed the office</td>"))
        #expect(html.contains("<th scope=\"row\">Sky Three</th><td>member</td><td>2026-11-01</td><td>2027-01-13</td>"))
        #expect(!html.contains("<script"))
        #expect(ProgressCommandTests.externalReferences(in: html).isEmpty)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("progress.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let png = folder.appendingPathComponent("progress.png")
        let render = try await Chromium.screenshot(page, to: png, profile: folder.appendingPathComponent("profile"))
        #expect(render.status == 0, "chromium exited \(render.status): \(render.standardError)")
        let bytes = try Data(contentsOf: png)
        #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(bytes.count > 20_000)
        #expect(Chromium.pageErrors(in: render.standardError).isEmpty, "\(Chromium.pageErrors(in: render.standardError))")
        if let keep = ProcessInfo.processInfo.environment["CIRCLES_KEEP_REPORT_PNG"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }

    /// `src=`, `href=` or `url(` pointing anywhere over the network.
    static func externalReferences(in html: String) -> [String] {
        let pattern = #"(?i)(src\s*=\s*["']?\s*(https?:)?//|href\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//|https?://)"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return ["bad pattern"] }
        let range = NSRange(html.startIndex..., in: html)
        return expression.matches(in: html, range: range).compactMap { Range($0.range, in: html).map { String(html[$0]) } }
    }

    @Test("the render check catches a page that logs an error")
    func renderCheckWorks() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("bad.html")
        try "<html><body><script>console.error('boom')</script></body></html>".write(to: page, atomically: true, encoding: .utf8)
        let render = try await Chromium.screenshot(page, to: folder.appendingPathComponent("bad.png"), profile: folder.appendingPathComponent("profile"))
        #expect(Chromium.pageErrors(in: render.standardError).contains { $0.contains("boom") })
    }

    @Test("the reference check catches links and images from the network")
    func referenceCheckWorks() {
        #expect(!ProgressCommandTests.externalReferences(in: "<img src=\"https://x.example/a.png\">").isEmpty)
        #expect(!ProgressCommandTests.externalReferences(in: "<link href='//cdn.example/x.css'>").isEmpty)
        #expect(!ProgressCommandTests.externalReferences(in: "a { background: url( http://x.example/i.png) }").isEmpty)
        #expect(ProgressCommandTests.externalReferences(in: "<a href=\"#team-1\">North</a>").isEmpty)
    }

    @Test("coverage in table, JSON and CSV")
    func coverage() async throws {
        let scenario = try await ProgressScenario.make(prefix: "progcli")
        let arguments = ["audit", "coverage", "--team", "North", "--as-of", "2027-03-31", "--weeks", "4", "--format"]
        let table = try await run(scenario, arguments + ["table"], as: scenario.lead)
        #expect(table.status == 0)
        #expect(table.standardOutput == """
            North, as of 2027-03-31
            Peer-support coverage, 2027-03-04 to 2027-03-31 (4 weeks): 2 of 5 members attended a meeting (40%)
              meetings missed in the window: 1 with apologies in advance, 2 without word
              No meeting in the window — perhaps time for a caring conversation:
              NAME       ROLE    JOINED      LAST ATTENDED  APOLOGIES IN ADVANCE  ABSENT WITHOUT WORD
              Jo Late    member  2027-02-01  2027-03-02     1                     0
              Sam One    member  2026-11-01  2027-03-02     0                     1
              Sky Three  member  2026-11-01  2027-01-13     0                     1

            """)
        let json = try await run(scenario, arguments + ["json"], as: scenario.lead).standardOutput
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let coverage = try #require(object["coverage"] as? [String: Any])
        #expect(coverage["covered"] as? Int == 2)
        #expect(coverage["share"] as? Double == 0.4)
        #expect((coverage["without"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Jo Late", "Sam One", "Sky Three"])
        // Who sent apologies in advance, and who missed without a word, in the window.
        #expect(coverage["apologies_in_advance"] as? Int == 1)
        #expect(coverage["absent_without_word"] as? Int == 2)
        #expect((coverage["without"] as? [[String: Any]])?.map { $0["apologies_in_advance"] as? Int } == [1, 0, 0])
        #expect((coverage["without"] as? [[String: Any]])?.map { $0["absent_without_word"] as? Int } == [0, 1, 1])
        let csv = try await run(scenario, arguments + ["csv"], as: scenario.lead).standardOutput
        #expect(csv == """
            team,as_of,weeks,since,members,covered,share,name,role,joined_on,last_attended,apologies_in_advance,absent_without_word\r
            North,2027-03-31,4,2027-03-04,5,2,0.4,Jo Late,member,2027-02-01,2027-03-02,1,0\r
            North,2027-03-31,4,2027-03-04,5,2,0.4,Sam One,member,2026-11-01,2027-03-02,0,1\r
            North,2027-03-31,4,2027-03-04,5,2,0.4,Sky Three,member,2026-11-01,2027-01-13,0,1\r

            """)
        try await scenario.tearDown()
    }

    @Test("bad input is refused with what was wrong and what is accepted, and a non-zero exit")
    func refusals() async throws {
        let scenario = try await ProgressScenario.make(prefix: "progcli")
        let noScope = try await run(scenario, ["audit", "progress"])
        #expect(noScope.status == 64)
        #expect(noScope.standardError.contains("say what to report on with exactly one of --team NAME, --workshop TITLE or --all"))
        let badDay = try await run(scenario, ["audit", "progress", "--all", "--as-of", "31/03/2027"])
        #expect(badDay.status == 64)
        #expect(badDay.standardError.contains("invalid --as-of \"31/03/2027\"; expected a calendar day as YYYY-MM-DD, e.g. 2027-03-31"))
        let unknown = try await run(scenario, ["audit", "progress", "--team", "West"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError == "error: no team named \"West\"; `circles team list` shows the teams\n")
        let unknownWorkshop = try await run(scenario, ["audit", "progress", "--workshop", "Nope"])
        #expect(unknownWorkshop.status == 1)
        #expect(unknownWorkshop.standardError == "error: no workshop \"Nope\"; `circles workshop list` shows them\n")
        let badFormat = try await run(scenario, ["audit", "progress", "--all", "--format", "pdf"])
        #expect(badFormat.status == 64)
        let outsider = try await run(scenario, ["audit", "coverage", "--team", "South"], as: scenario.lead)
        #expect(outsider.status == 1)
        #expect(outsider.standardError.contains("only an administrator or a lead of team \"South\" may read its progress report"))
        try await scenario.tearDown()
    }
}
