import Foundation
import PostgresTestSupport
import Testing

@Suite("circles action import")
struct ActionImportCommandTests {
    static let workshop = "Whose Shoes? personalisation workshop"

    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A migrated private schema with the north team, its lead, three social workers, a citizen and the workshop,
    /// set up through the binary; returns the URL and a runner that acts as the lead.
    private func setUp() async throws -> (TestDatabase, ([String]) async throws -> CommandResult) {
        let database = try await TestDatabase.make(prefix: "cli")
        let separator = database.url.contains("?") ? "&" : "?"
        let url = database.url + separator + "options=-csearch_path%3D" + database.schema
        func circles(_ arguments: [String], as actor: String = "lead@council.example") async throws -> CommandResult {
            try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": actor])
        }
        let admin = "admin@council.example"
        let team = "Adult Social Care – North"
        let setup: [([String], String)] = [
            (["db", "migrate"], admin),
            (["admin", "add", "--email", admin, "--name", "Ada Admin"], admin),
            (["team", "create", "--name", team, "--time-zone", "Europe/London"], admin),
            (["person", "add", "--email", "lead@council.example", "--name", "Priya Shah"], admin),
            (["person", "add", "--email", "sw1@council.example", "--name", "Sol Worker"], admin),
            (["person", "add", "--email", "sw2@council.example", "--name", "Sam Okafor"], admin),
            (["person", "add", "--email", "sw3@council.example", "--name", "Jo Reid"], admin),
            (["person", "add", "--email", "citizen@council.example", "--name", "Chris Citizen"], admin),
            (["team", "add-member", team, "--email", "lead@council.example", "--role", "lead"], admin),
            (["workshop", "record", "--team", team, "--title", Self.workshop, "--date", "2026-11-10"], "lead@council.example"),
        ]
        for (arguments, actor) in setup {
            let result = try await circles(arguments, as: actor)
            try #require(result.status == 0, "\(arguments): \(result.standardError)")
        }
        return (database, { try await circles($0) })
    }

    @Test("a file with bad rows exits 1, lists each bad row by line on standard error and imports nothing")
    func badFile() async throws {
        let (database, circles) = try await setUp()
        let file = Self.root.appendingPathComponent("Tests/CirclesServicesTests/Fixtures/bad-rows.csv").path
        let result = try await circles(["action", "import", file, "--workshop", Self.workshop])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError == """
                error: 2 rows of bad-rows.csv are invalid; nothing was imported:
                  line 7: invalid due date "2026-02-30"; expected a calendar date as YYYY-MM-DD, e.g. 2026-12-08
                  line 9: unknown owner nobody@council.example: no person with that email

                """)
        let listed = try await circles(["action", "list", "--workshop", Self.workshop])
        #expect(listed.standardOutput == "(none)\n")
        try await database.drop()
    }

    @Test("the demo CSV imports: exit 0 and a one-line summary naming the workshop")
    func goodFile() async throws {
        let (database, circles) = try await setUp()
        let file = Self.root.appendingPathComponent("deploy/local/demo/whose-shoes-actions.csv").path
        let result = try await circles(["action", "import", file, "--workshop", "whose shoes? personalisation workshop"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "imported 6 action items into \"\(Self.workshop)\"\n")
        let listed = try await circles(["action", "list", "--workshop", Self.workshop, "--format", "csv"])
        #expect(listed.standardOutput.contains(",Set up regular peer-support meetings for social workers,practitioner,open,2027-01-31\r\n"))
        try await database.drop()
    }

    @Test("a file whose format cannot be told from its name is a usage error (64) asking for --format")
    func unknownFormat() async throws {
        let result = try await Circles.run(["action", "import", "actions.txt", "--workshop", Self.workshop, "--as", "lead@council.example"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("cannot tell the format of actions.txt from its name; pass --format csv or --format json"))
    }
}
