import Foundation
import PostgresTestSupport
import TestRequirements
import Testing

/// `circles closures import|list`: gov.uk's bank holidays and iCalendar closure files.
@Suite("closure calendars: importing bank holidays and iCalendar closures")
struct ClosureImportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let bankHolidays = root.appendingPathComponent("Tests/CirclesServicesTests/Fixtures/bank-holidays-2025-2027.json").path
    static let councilClosures = root.appendingPathComponent("Tests/CirclesServicesTests/Fixtures/council-closures.ics").path

    /// A scratch file with `text`, removed by the caller.
    static func file(_ text: String, extension name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("closures-\(UUID().uuidString).\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The closures `closures list` shows, as (from, until, reason) rows.
    static func listed(_ scenario: WorkerScenario, calendar: String) async throws -> [(from: String, until: String, reason: String)] {
        let json = try await scenario.circles(["closures", "list", "--calendar", calendar, "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return rows.map { ($0["from"] as? String ?? "", $0["until"] as? String ?? "", $0["reason"] as? String ?? "") }
    }

    @Test("gov.uk's England and Wales bank holidays import as published, with substitute days named")
    func importsEnglandAndWales() async throws {
        let scenario = try await WorkerScenario.make(prefix: "bhimport", members: [("sw1@example.org", "Sam One")])
        let output = try await scenario.circles([
            "closures", "import", Self.bankHolidays, "--calendar", "Bank holidays (England and Wales)", "--division", "england-and-wales",
        ])
        #expect(output.contains("24 added, 0 changed, 0 removed, 0 unchanged"), "\(output)")
        let rows = try await Self.listed(scenario, calendar: "Bank holidays (England and Wales)")
        #expect(rows.count == 24)
        #expect(rows.first { $0.from == "2026-12-28" }?.reason == "Boxing Day (Substitute day)")
        #expect(rows.first { $0.from == "2027-05-03" }?.reason == "Early May bank holiday")
        #expect(rows.allSatisfy { $0.from == $0.until })
        try await scenario.database.drop()
    }

    @Test("importing the same file again changes nothing; an edited file changes only what changed")
    func reimportDiffs() async throws {
        let scenario = try await WorkerScenario.make(prefix: "bhreimport", members: [("sw1@example.org", "Sam One")])
        let name = "Bank holidays (Scotland)"
        _ = try await scenario.circles(["closures", "import", Self.bankHolidays, "--calendar", name, "--division", "scotland"])
        let again = try await scenario.circles(["closures", "import", Self.bankHolidays, "--calendar", name, "--division", "scotland"])
        #expect(again.contains("0 added, 0 changed, 0 removed, 28 unchanged"), "\(again)")
        // One renamed, one gone, one new: exactly those three change.
        var text = try String(contentsOfFile: Self.bankHolidays, encoding: .utf8)
        text = text.replacingOccurrences(of: #"{"title":"St Andrew’s Day","date":"2026-11-30","notes":"","bunting":true}"#, with: #"{"title":"St Andrew’s Day","date":"2026-11-30","notes":"Moved by proclamation","bunting":true}"#)
        text = text.replacingOccurrences(of: #"{"title":"2nd January","date":"2026-01-02","notes":"","bunting":true},"#, with: "")
        text = text.replacingOccurrences(
            of: #""division":"scotland","events":["#, with: #""division":"scotland","events":[{"title":"Royal wedding","date":"2027-06-11","notes":"Extra day","bunting":true},"#)
        let edited = try Self.file(text, extension: "json")
        defer { try? FileManager.default.removeItem(at: edited) }
        let changed = try await scenario.circles(["closures", "import", edited.path, "--calendar", name, "--division", "scotland"])
        #expect(changed.contains("1 added, 1 changed, 1 removed, 26 unchanged"), "\(changed)")
        let rows = try await Self.listed(scenario, calendar: name)
        #expect(rows.contains { $0.from == "2027-06-11" && $0.reason == "Royal wedding (Extra day)" })
        #expect(rows.contains { $0.from == "2026-11-30" && $0.reason == "St Andrew’s Day (Moved by proclamation)" })
        #expect(!rows.contains { $0.from == "2026-01-02" })
        try await scenario.database.drop()
    }

    @Test("a file with several divisions needs --division, and names the ones it has")
    func divisionRequired() async throws {
        let scenario = try await WorkerScenario.make(prefix: "bhdivision", members: [("sw1@example.org", "Sam One")])
        let result = try await Circles.run(
            ["closures", "import", Self.bankHolidays, "--calendar", "Bank holidays"], environment: scenario.environment)
        #expect(result.status != 0)
        #expect(result.standardError.contains("holds 3 divisions (england-and-wales, scotland, northern-ireland); choose one with --division"))
        try await scenario.database.drop()
    }

    @Test("a JSON file that is not gov.uk's bank holidays is refused, naming the divisions expected and the keys it has")
    func foreignJSONRefused() async throws {
        let scenario = try await WorkerScenario.make(prefix: "bhforeign", members: [("sw1@example.org", "Sam One")])
        let foreign = try Self.file(#"{"holidays":[{"name":"Christmas Day","date":"2026-12-25"}],"country":"GB"}"#, extension: "json")
        defer { try? FileManager.default.removeItem(at: foreign) }
        for division in [[], ["--division", "scotland"]] {
            let result = try await Circles.run(
                ["closures", "import", foreign.path, "--calendar", "Not holidays"] + division, environment: scenario.environment)
            #expect(result.status != 0)
            let message = result.standardError
            #expect(message.contains("is not gov.uk's bank-holidays.json"), "\(message)")
            #expect(message.contains("england-and-wales, scotland, northern-ireland"), "\(message)")
            #expect(message.contains(#"its keys are "country", "holidays""#), "\(message)")
            #expect(message.contains("nothing was imported"), "\(message)")
        }
        let listed = try await Circles.run(["closures", "list", "--calendar", "Not holidays"], environment: scenario.environment)
        #expect(listed.status != 0 && listed.standardError.contains("no closure calendar named \"Not holidays\""))
        try await scenario.database.drop()
    }

    @Test("keys gov.uk may add later (a new division, a new field) are ignored, and the file imports")
    func unknownKeysIgnored() async throws {
        let scenario = try await WorkerScenario.make(prefix: "bhextra", members: [("sw1@example.org", "Sam One")])
        let extended = try Self.file(
            #"""
            {"england-and-wales":{"division":"england-and-wales","updated":"2026-06-01","events":[
              {"title":"Christmas Day","date":"2026-12-25","notes":"","bunting":true,"substitute":false},
              {"title":"Boxing Day","date":"2026-12-28","notes":"Substitute day","bunting":true,"substitute":true}
            ]},"cornwall":{"division":"cornwall","events":[]}}
            """#, extension: "json")
        defer { try? FileManager.default.removeItem(at: extended) }
        let output = try await scenario.circles(["closures", "import", extended.path, "--calendar", "Extended"])
        #expect(output.contains("2 added, 0 changed, 0 removed, 0 unchanged"), "\(output)")
        let rows = try await Self.listed(scenario, calendar: "Extended")
        #expect(rows.map(\.reason) == ["Christmas Day", "Boxing Day (Substitute day)"])
        try await scenario.database.drop()
    }

    @Test("every bad entry is reported with its JSON path, and nothing is written")
    func badEntries() async throws {
        let scenario = try await WorkerScenario.make(prefix: "bhbad", members: [("sw1@example.org", "Sam One")])
        let bad = try Self.file(
            #"""
            {"england-and-wales":{"division":"england-and-wales","events":[
              {"title":"New Year’s Day","date":"2026-01-01","notes":"","bunting":true},
              {"title":"Leap day","date":"2026-02-29","notes":"","bunting":true},
              {"title":"Bad\u0000title","date":"2026-03-02","notes":"","bunting":true},
              {"date":"2026-03-03","notes":"","bunting":true},
              {"title":"Twice","date":"2026-01-01","notes":"line\nbreak","bunting":"yes"}
            ]}}
            """#, extension: "json")
        defer { try? FileManager.default.removeItem(at: bad) }
        let result = try await Circles.run(["closures", "import", bad.path, "--calendar", "Broken"], environment: scenario.environment)
        #expect(result.status != 0)
        let message = result.standardError
        #expect(message.contains("nothing was imported"), "\(message)")
        for path in [
            #"$["england-and-wales"].events[1].date"#, #"$["england-and-wales"].events[2].title"#,
            #"$["england-and-wales"].events[3].title"#, #"$["england-and-wales"].events[4].notes"#,
            #"$["england-and-wales"].events[4].bunting"#,
        ] {
            #expect(message.contains(path), "no problem reported at \(path): \(message)")
        }
        let listed = try await Circles.run(["closures", "list", "--calendar", "Broken"], environment: scenario.environment)
        #expect(listed.status != 0 && listed.standardError.contains("no closure calendar named \"Broken\""))
        try await scenario.database.drop()
    }

    @Test("an iCalendar file's yearly rule becomes one closure a year, with EXDATE, ranges and timed closures")
    func icalendarYearlyRule() async throws {
        let scenario = try await WorkerScenario.make(prefix: "icsimport", members: [("sw1@example.org", "Sam One")])
        let output = try await scenario.circles(["closures", "import", Self.councilClosures, "--calendar", "Council closures"])
        #expect(output.contains("0 changed, 0 removed, 0 unchanged"), "\(output)")
        let rows = try await Self.listed(scenario, calendar: "Council closures")
        let christmasEves = rows.filter { $0.reason == "Christmas Eve closure" }.map(\.from)
        #expect(christmasEves.contains("2026-12-24") && christmasEves.contains("2027-12-24") && christmasEves.contains("2028-12-24"))
        #expect(rows.filter { $0.reason == "Christmas Eve closure" }.allSatisfy { $0.from == $0.until })
        let conferences = rows.filter { $0.reason == "Staff conference, all teams" }.map(\.from)
        #expect(conferences.contains("2028-02-07") && !conferences.contains("2027-02-01"))
        #expect(rows.contains { $0.from == "2027-03-08" && $0.until == "2027-03-12" && $0.reason == "Training week" })
        #expect(rows.contains { $0.from == "2027-04-07T08:00:00Z" && $0.until == "2027-04-07T16:00:00Z" && $0.reason == "Inspection visit" })
        let again = try await scenario.circles(["closures", "import", Self.councilClosures, "--calendar", "Council closures"])
        #expect(again.contains("0 added, 0 changed, 0 removed, \(rows.count) unchanged"), "\(again)")
        try await scenario.database.drop()
    }

    @Test("a bad iCalendar entry is reported with its line, and nothing is written")
    func icalendarProblems() async throws {
        let scenario = try await WorkerScenario.make(prefix: "icsbad", members: [("sw1@example.org", "Sam One")])
        let bad = try Self.file(
            [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//EN",
                "BEGIN:VEVENT", "UID:a@x", "DTSTART;VALUE=DATE:20270101", "END:VEVENT",
                "BEGIN:VEVENT", "UID:b@x", "DTSTART;VALUE=DATE:20270102", "RRULE:FREQ=SOMETIMES", "SUMMARY:Bad rule", "END:VEVENT",
                "BEGIN:VEVENT", "UID:c@x", "DTSTART:20270103T090000Z", "SUMMARY:No end", "END:VEVENT",
                "BEGIN:VEVENT", "UID:d@x", "DTSTART;TZID=Mars/Olympus:20270104T090000", "DURATION:PT1H", "SUMMARY:Nowhere", "END:VEVENT",
                "END:VCALENDAR", "",
            ].joined(separator: "\r\n"), extension: "ics")
        defer { try? FileManager.default.removeItem(at: bad) }
        let result = try await Circles.run(["closures", "import", bad.path, "--calendar", "Broken"], environment: scenario.environment)
        #expect(result.status != 0)
        let message = result.standardError
        #expect(message.contains("4 problems"), "\(message)")
        #expect(message.contains("line 4: the VEVENT has no SUMMARY"), "\(message)")
        #expect(message.contains("line 11: RRULE"), "\(message)")
        #expect(message.contains("line 14: a timed closure needs DTEND or DURATION"), "\(message)")
        #expect(message.contains("line 21: TZID \"Mars/Olympus\" is not an IANA time zone name"), "\(message)")
        let listed = try await Circles.run(["closures", "list", "--calendar", "Broken"], environment: scenario.environment)
        #expect(listed.status != 0)
        try await scenario.database.drop()
    }

    /// The Python with the `holidays` package (PyPI), installed by deploy/local/ensure-packages.sh.
    static let holidaysPython: String? = {
        let venv = root.appendingPathComponent(".local/holidays-venv/bin/python").path
        for candidate in [venv, "/usr/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: candidate)
            process.arguments = ["-c", "import holidays"]
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return candidate }
        }
        return nil
    }()

    static let holidays = Requirement(
        isMet: holidaysPython != nil,
        missing: "the holidays package (PyPI): run deploy/local/ensure-packages.sh, which installs it into .local/holidays-venv")

    /// The weekday bank holidays of 2025–2027 in a UK subdivision, by the `holidays` package.
    static func packageDays(_ subdivision: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: holidaysPython ?? "/usr/bin/python3")
        process.arguments = [
            "-c",
            """
            import holidays, sys
            days = holidays.UK(subdiv=sys.argv[1], years=range(2025, 2028))
            print("\\n".join(sorted(d.isoformat() for d in days if d.weekday() < 5)))
            """,
            subdivision,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(
        "the imported days agree with the holidays package for England and Wales, Scotland and Northern Ireland",
        .enabled(if: holidays.shouldRun), arguments: [("england-and-wales", "ENG"), ("scotland", "SCT"), ("northern-ireland", "NIR")])
    func agreesWithHolidaysPackage(division: String, subdivision: String) async throws {
        try Self.holidays.check()
        let scenario = try await WorkerScenario.make(prefix: "bhcross", members: [("sw1@example.org", "Sam One")])
        _ = try await scenario.circles(["closures", "import", Self.bankHolidays, "--calendar", "BH \(division)", "--division", division])
        let imported = try await Self.listed(scenario, calendar: "BH \(division)").map(\.from).sorted()
        #expect(imported == (try Self.packageDays(subdivision)))
        try await scenario.database.drop()
    }
}
