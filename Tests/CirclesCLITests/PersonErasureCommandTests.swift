import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("circles person erase and person export")
struct PersonErasureCommandTests {
    /// URLs for a migrated schema: as the owner, and as the application role the CLI runs as in production.
    struct Setup {
        let database: TestDatabase
        let ownerURL: String
        let appURL: String

        func run(_ arguments: [String], as actor: String = "admin@example.org") throws -> CommandResult {
            try Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": appURL, "CIRCLES_ACTOR": actor])
        }
    }

    /// Lena, a team lead, has written workshop notes, facilitated a workshop and made audited changes.
    func prepare() async throws -> Setup {
        let database = try await TestDatabase.make(prefix: "erase")
        let base = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        let setup = Setup(database: database, ownerURL: base, appURL: base + "%20-crole%3Dcircles_app")
        let owner = ["CIRCLES_DATABASE_URL": base, "CIRCLES_ACTOR": "admin@example.org"]
        #expect(try Circles.run(["db", "migrate"], environment: owner).status == 0)
        for arguments in [
            ["admin", "add", "--email", "admin@example.org", "--name", "Ada Admin"],
            ["person", "add", "--email", "lena.lindqvist@example.org", "--name", "Lena Lindqvist"],
            ["person", "add", "--email", "max@example.org", "--name", "Max Member"],
            ["team", "create", "--name", "North"],
            ["team", "add-member", "North", "--email", "lena.lindqvist@example.org", "--role", "lead"],
            ["team", "add-member", "North", "--email", "max@example.org"],
        ] {
            let result = try setup.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        let workshop = try setup.run(
            ["workshop", "record", "--team", "North", "--title", "Whose Shoes?", "--date", "2026-11-03",
             "--facilitator", "lena.lindqvist@example.org", "--notes", "Lena Lindqvist: carers asked for evening sessions"],
            as: "lena.lindqvist@example.org")
        #expect(workshop.status == 0, "\(workshop.standardError)")
        return setup
    }

    @Test("without --yes nothing is erased and the exit is 64; with it, no column holds her name or address and audit verify passes")
    func eraseThroughTheCommandLine() async throws {
        let setup = try await prepare()
        let pool = try setup.database.pool()
        let identifying = ["lena.lindqvist@example.org", "Lena Lindqvist"]
        let before = try await placesContaining(identifying, in: pool)
        #expect(before.contains("workshops.notes") && before.contains("people.email") && before.contains("audit_log.actor_label"))

        let unconfirmed = try setup.run(["person", "erase", "lena.lindqvist@example.org"])
        #expect(unconfirmed.status == 64)
        #expect(unconfirmed.standardError.contains("cannot be undone. Nothing was changed. Run again with --yes to erase."))
        #expect(try await placesContaining(identifying, in: pool) == before)

        let notAdmin = try setup.run(["person", "erase", "lena.lindqvist@example.org", "--yes"], as: "max@example.org")
        #expect(notAdmin.status == 1)
        #expect(notAdmin.standardError == "error: only an administrator may erase people; max@example.org is not one\n")

        let erased = try setup.run(["person", "erase", "lena.lindqvist@example.org", "--yes"])
        #expect(erased.status == 0, "\(erased.standardError)")
        #expect(erased.standardOutput.hasPrefix("erased lena.lindqvist@example.org: now Erased person "))
        #expect(try await placesContaining(identifying, in: pool) == [])

        let verify = try setup.run(["audit", "verify"])
        #expect(verify.status == 0)
        #expect(verify.standardOutput.hasPrefix("the audit trail is intact:"))

        let again = try setup.run(["person", "erase", "lena.lindqvist@example.org", "--yes"])
        #expect(again.status == 1)
        #expect(again.standardError.contains("an erased person can no longer be found by their old address"))
        await pool.close()
        try await setup.database.drop()
    }

    @Test("export writes her data as JSON to a file only its owner can read")
    func exportToFile() async throws {
        let setup = try await prepare()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).json").path
        let result = try setup.run(["person", "export", "lena.lindqvist@example.org", "--output", file])
        #expect(result.status == 0, "\(result.standardError)")
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let profile = json?["profile"] as? [String: Any]
        #expect(profile?["email"] as? String == "lena.lindqvist@example.org")
        #expect((json?["memberships"] as? [[String: Any]])?.first?["role"] as? String == "lead")
        #expect(((json?["auditEntries"] as? [Any])?.count ?? 0) >= 3)
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        try FileManager.default.removeItem(atPath: file)

        let refused = try setup.run(["person", "export", "lena.lindqvist@example.org"], as: "max@example.org")
        #expect(refused.status == 1)
        #expect(refused.standardError == "error: only an administrator may export another person's data; max@example.org is not one\n")
        try await setup.database.drop()
    }
}
