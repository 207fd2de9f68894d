import Foundation
import PostgresTestSupport
import Testing

/// Series and closures: meetings on closed days move or are skipped, at scheduling time and
/// after the fact, with the notices calendars need, through the CLI and the worker over SMTP.
@Suite("series and closures: meetings on closed days move, are skipped and come back")
struct ClosureSchedulingTests {
    static let englandAndWales = "Bank holidays (England and Wales)"

    /// A scenario whose team North follows the England and Wales bank holidays.
    func followingBankHolidays(_ prefix: String, members: [(String, String)] = [("sw1@example.org", "Sam One")]) async throws -> WorkerScenario {
        let scenario = try await WorkerScenario.make(prefix: prefix, members: members)
        _ = try await scenario.circles([
            "closures", "import", ClosureImportTests.bankHolidays, "--calendar", Self.englandAndWales, "--division", "england-and-wales",
        ])
        _ = try await scenario.circles(["closures", "follow", "--team", "North", "--calendar", Self.englandAndWales])
        return scenario
    }

    /// Schedules "first Monday of the month" at 10:00 from January 2027, materialised through 2027,
    /// and returns its meetings in 2027 as (date, status, note) rows.
    func firstMondays(_ scenario: WorkerScenario, extra: [String]) async throws -> [(date: String, status: String, note: String)] {
        let scheduled = try await scenario.circles(
            [
                "action", "schedule", scenario.actionID, "--every", "1st monday of the month", "--start", "2027-01-04T10:00",
                "--duration", "1h", "--format", "json",
            ] + extra)
        let series = try #require(try JSONSerialization.jsonObject(with: Data(scheduled.utf8)) as? [String: Any])["id"] as? String ?? ""
        _ = try await scenario.circles(["series", "extend", "--days", "400"])
        let json = try await scenario.circles(["meeting", "list", "--series", series, "--from", "2027-01-01", "--days", "365", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return rows.map { ($0["date"] as? String ?? "", $0["status"] as? String ?? "", $0["note"] as? String ?? "") }
    }

    @Test("first Monday of the month through 2027 in England: next-working-day moves the bank-holiday Monday to Tuesday")
    func nextWorkingDay() async throws {
        let scenario = try await followingBankHolidays("closenext")
        let meetings = try await firstMondays(scenario, extra: ["--on-closure", "next-working-day"])
        #expect(meetings.count == 12)
        #expect(!meetings.contains { $0.date == "2027-05-03" })
        let may = try #require(meetings.first { $0.date == "2027-05-04" })
        #expect(may.status == "scheduled")
        #expect(may.note == "moved from 2027-05-03, Early May bank holiday")
        #expect(meetings.filter { !$0.note.isEmpty }.count == 1)
        try await scenario.database.drop()
    }

    @Test("first Monday of the month through 2027 in England: skip leaves the bank-holiday Monday out and says why")
    func skip() async throws {
        let scenario = try await followingBankHolidays("closeskip")
        let meetings = try await firstMondays(scenario, extra: [])
        #expect(meetings.count == 12)
        let may = try #require(meetings.first { $0.date == "2027-05-03" })
        #expect(may.status == "skipped")
        #expect(may.note == "skipped: Early May bank holiday")
        #expect(meetings.filter { $0.status == "scheduled" }.count == 11)
        try await scenario.database.drop()
    }

    @Test("in one horizon pass, teams following the same bank holidays each get them, and a team's own closures stay its own")
    func teamsShareCalendarsNotTheirOwn() async throws {
        let scenario = try await followingBankHolidays("closeshare")
        // South follows the bank holidays too; North also follows its own calendar, closed on the same Monday.
        _ = try await scenario.circles(["team", "create", "--name", "South"])
        _ = try await scenario.circles(["team", "add-member", "South", "--email", "sw1@example.org"])
        _ = try await scenario.circles(["closures", "follow", "--team", "South", "--calendar", Self.englandAndWales])
        _ = try await scenario.circles([
            "closures", "add", "--calendar", "North closures", "--team", "North", "--date", "2027-05-03", "--reason", "Staff day",
        ])
        _ = try await scenario.circles(["closures", "follow", "--team", "North", "--calendar", "North closures"])
        _ = try await scenario.circles(["workshop", "record", "--team", "South", "--title", "Southern shoes", "--date", "2026-11-03"])
        let added = try await scenario.circles([
            "action", "add", "--workshop", "Southern shoes", "--title", "Peer support South", "--perspective", "practitioner",
        ])
        let southAction = String(added.split(separator: "(id ").last?.dropLast(2) ?? "")
        // Both series are scheduled first, so that one `series extend` plans May for both teams together.
        for action in [scenario.actionID, southAction] {
            _ = try await scenario.circles([
                "action", "schedule", action, "--every", "1st monday of the month", "--start", "2027-01-04T10:00", "--duration", "1h",
            ])
        }
        _ = try await scenario.circles(["series", "extend", "--days", "400"])
        func may(_ team: String) async throws -> [(date: String, status: String, note: String)] {
            let json = try await scenario.circles(["meeting", "list", "--team", team, "--from", "2027-05-01", "--days", "7", "--format", "json"])
            let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
            return rows.map { ($0["date"] as? String ?? "", $0["status"] as? String ?? "", $0["note"] as? String ?? "") }
        }
        let north = try await may("North"), south = try await may("South")
        #expect(north.count == 1 && north.first?.date == "2027-05-03" && north.first?.status == "skipped")
        #expect(north.first?.note == "skipped: Early May bank holiday; Staff day")
        #expect(south.count == 1 && south.first?.date == "2027-05-03" && south.first?.status == "skipped")
        #expect(south.first?.note == "skipped: Early May bank holiday")
        try await scenario.database.drop()
    }

    @Test("a team that stops following the bank holidays gets its skipped meeting back")
    func unfollowBringsBack() async throws {
        let scenario = try await followingBankHolidays("closeunfollow")
        _ = try await firstMondays(scenario, extra: [])
        let output = try await scenario.circles(["closures", "unfollow", "--team", "North", "--calendar", Self.englandAndWales])
        #expect(output.contains("1 brought back"), "\(output)")
        let json = try await scenario.circles(["meeting", "list", "--team", "North", "--from", "2027-05-01", "--days", "7", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 1 && rows.first?["date"] as? String == "2027-05-03" && rows.first?["status"] as? String == "scheduled")
        try await scenario.database.drop()
    }

    @Test("series edit --on-closure next-working-day turns a skipped bank-holiday Monday into a Tuesday meeting")
    func editPolicy() async throws {
        let scenario = try await followingBankHolidays("closeedit")
        _ = try await firstMondays(scenario, extra: [])
        let shown = try await scenario.circles(["audit", "log", "--entity", "series", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [[String: Any]] ?? []
        let seriesID = try #require(entries.compactMap { $0["entity_id"] as? String }.first)
        _ = try await scenario.circles(["series", "edit", seriesID, "--on-closure", "next-working-day"])
        let json = try await scenario.circles(["meeting", "list", "--team", "North", "--from", "2027-05-01", "--days", "7", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 1, "\(json)")
        #expect(rows.first?["date"] as? String == "2027-05-04")
        #expect(rows.first?["note"] as? String == "moved from 2027-05-03, Early May bank holiday")
        let series = try await scenario.circles(["series", "show", seriesID, "--format", "csv"])
        #expect(series.contains("next-working-day"), "\(series)")
        try await scenario.database.drop()
    }

    /// The next Monday at least `days` ahead, `YYYY-MM-DD`, and the Tuesday after it.
    static func monday(atLeast days: Int) -> (monday: String, tuesday: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        var date = Date().addingTimeInterval(Double(days) * 86_400)
        while calendar.component(.weekday, from: date) != 2 { date = date.addingTimeInterval(86_400) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = calendar.timeZone
        return (formatter.string(from: date), formatter.string(from: date.addingTimeInterval(86_400)))
    }

    /// `To subject SEQUENCE` for each message the sink received, sorted.
    static func received(_ sink: PrivateSMTPSink) -> [String] {
        sink.messages().map { data in
            let text = String(decoding: data, as: UTF8.self)
            func header(_ name: String) -> String {
                text.split(separator: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? ""
            }
            let sequence = text.split(separator: "\r\n").first { $0.hasPrefix("SEQUENCE:") } ?? "SEQUENCE:?"
            return "\(header("To").split(separator: "<").last?.dropLast() ?? "") \(header("Subject").split(separator: ",")[0]) \(sequence)"
        }.sorted()
    }

    @Test("a closure added on an announced meeting sends each invitee exactly one update; removing it sends the meeting back")
    func afterTheFact() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(
            prefix: "closelate", members: [("sw1@example.org", "Sam One"), ("sw2@example.org", "Sol Two")])
        let (monday, tuesday) = Self.monday(atLeast: 10)
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(monday)T14:00", "--duration", "1h",
            "--whole-team", "--reminders", "1d", "--on-closure", "next-working-day",
        ])
        // The team's own calendar, followed before the closure that matters is added.
        _ = try await scenario.circles(["closures", "add", "--calendar", "North days", "--team", "North", "--date", "2030-01-02", "--reason", "Far off"])
        _ = try await scenario.circles(["closures", "follow", "--team", "North", "--calendar", "North days"])
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        let first = try await runWorker(["run", "--once"], environment: env)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(Self.received(sink) == [
            "sw1@example.org Invitation: Peer support SEQUENCE:0", "sw2@example.org Invitation: Peer support SEQUENCE:0",
        ])

        let added = try await scenario.circles([
            "closures", "add", "--calendar", "North days", "--date", monday, "--reason", "Team away day", "--format", "json",
        ])
        let record = try #require(try JSONSerialization.jsonObject(with: Data(added.utf8)) as? [String: Any])
        let closureID = try #require((record["closure"] as? [String: Any])?["id"] as? String)
        #expect((record["change"] as? [String: Any]).flatMap { $0["meetings"] as? [String: Any] }?["moved"] as? Int == 1)
        let listed = try await scenario.circles(["meeting", "list", "--team", "North", "--format", "csv"])
        #expect(listed.contains("\(tuesday),14:00") && listed.contains("moved from \(monday), Team away day"), "\(listed)")
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        #expect(try await runWorker(["run", "--once"], environment: env).standardOutput.contains("sent 0"))
        #expect(Self.received(sink) == [
            "sw1@example.org Invitation: Peer support SEQUENCE:0", "sw1@example.org Invitation: Peer support SEQUENCE:1",
            "sw2@example.org Invitation: Peer support SEQUENCE:0", "sw2@example.org Invitation: Peer support SEQUENCE:1",
        ])

        let removed = try await scenario.circles(["closures", "remove", closureID])
        #expect(removed.contains("1 moved"), "\(removed)")
        let back = try await scenario.circles(["meeting", "list", "--team", "North", "--format", "csv"])
        #expect(back.contains("\(monday),14:00") && !back.contains("Team away day"), "\(back)")
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        #expect(Self.received(sink).filter { $0.hasSuffix("SEQUENCE:2") } == [
            "sw1@example.org Invitation: Peer support SEQUENCE:2", "sw2@example.org Invitation: Peer support SEQUENCE:2",
        ])
        #expect(try await sink.strictParseFailures() == nil)
        let audit = try await scenario.circles(["audit", "log", "--format", "csv"])
        #expect(audit.contains("closures.add") && audit.contains("closures.remove"), "\(audit)")
        try await scenario.database.drop()
    }

    @Test("a closure on an announced meeting of a skipping series cancels it for those told; removing it brings it back")
    func skipAfterTheFact() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(
            prefix: "closecancel", members: [("sw1@example.org", "Sam One"), ("sw2@example.org", "Sol Two")])
        let (monday, _) = Self.monday(atLeast: 10)
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(monday)T14:00", "--duration", "1h",
            "--whole-team", "--reminders", "1d",
        ])
        _ = try await scenario.circles(["closures", "add", "--calendar", "Shared days", "--date", "2030-01-02", "--reason", "Far off"])
        _ = try await scenario.circles(["closures", "follow", "--team", "North", "--calendar", "Shared days"])
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        let added = try await scenario.circles(["closures", "add", "--calendar", "Shared days", "--date", monday, "--reason", "Snow closure"])
        #expect(added.contains("1 cancelled"), "\(added)")
        let listed = try await scenario.circles(["meeting", "list", "--team", "North", "--format", "csv"])
        #expect(listed.contains("cancelled,cancelled: closed: Snow closure"), "\(listed)")
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        #expect(Self.received(sink).filter { $0.contains("Cancelled") } == [
            "sw1@example.org Cancelled: Peer support SEQUENCE:1", "sw2@example.org Cancelled: Peer support SEQUENCE:1",
        ])
        let rows = try await JSONSerialization.jsonObject(
            with: Data(try scenario.circles(["closures", "list", "--calendar", "Shared days", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
        let snow = try #require(rows.first { $0["reason"] as? String == "Snow closure" }?["id"] as? String)
        #expect(try await scenario.circles(["closures", "remove", snow]).contains("1 brought back"))
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        #expect(Self.received(sink).filter { $0.hasSuffix("SEQUENCE:2") } == [
            "sw1@example.org Invitation: Peer support SEQUENCE:2", "sw2@example.org Invitation: Peer support SEQUENCE:2",
        ])
        try await scenario.database.drop()
    }

    @Test("administrators manage shared calendars; a lead manages the team's own and what it follows; members only list")
    func access() async throws {
        let scenario = try await WorkerScenario.make(
            prefix: "closeaccess", members: [("lead@example.org", "Lee Lead"), ("sw1@example.org", "Sam One")], lead: "lead@example.org")
        _ = try await scenario.circles([
            "closures", "import", ClosureImportTests.bankHolidays, "--calendar", Self.englandAndWales, "--division", "england-and-wales",
        ])
        func run(_ arguments: [String], as actor: String) async throws -> CommandResult {
            try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": scenario.url, "CIRCLES_ACTOR": actor])
        }
        let leadImport = try await run(
            ["closures", "import", ClosureImportTests.bankHolidays, "--calendar", "Scotland", "--division", "scotland"], as: "lead@example.org")
        #expect(leadImport.status == 1 && leadImport.standardError.contains("only an administrator may create a shared closure calendar"))
        let leadAddShared = try await run(
            ["closures", "add", "--calendar", Self.englandAndWales, "--date", "2027-06-01", "--reason", "Nope"], as: "lead@example.org")
        #expect(leadAddShared.status == 1 && leadAddShared.standardError.contains("only an administrator may change the shared closure calendar"))
        #expect(try await run(["closures", "follow", "--team", "North", "--calendar", Self.englandAndWales], as: "lead@example.org").status == 0)
        #expect(try await run(
            ["closures", "add", "--calendar", "North days", "--team", "North", "--date", "2027-06-01", "--reason", "Away day"],
            as: "lead@example.org").status == 0)
        #expect(try await run(["closures", "follow", "--team", "North", "--calendar", "North days"], as: "lead@example.org").status == 0)
        let memberAdd = try await run(["closures", "add", "--calendar", "North days", "--date", "2027-06-02", "--reason", "x"], as: "sw1@example.org")
        #expect(memberAdd.status == 1 && memberAdd.standardError.contains("only an administrator or a lead of team \"North\""))
        let memberFollow = try await run(["closures", "unfollow", "--team", "North", "--calendar", Self.englandAndWales], as: "sw1@example.org")
        #expect(memberFollow.status == 1)
        let memberList = try await run(["closures", "list", "--team", "North", "--format", "csv"], as: "sw1@example.org")
        #expect(memberList.status == 0 && memberList.standardOutput.contains("2027-05-03") && memberList.standardOutput.contains("Away day"))
        try await scenario.database.drop()
    }
}
