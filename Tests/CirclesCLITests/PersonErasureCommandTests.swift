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

        func run(_ arguments: [String], as actor: String = "admin@example.org") async throws -> CommandResult {
            try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": appURL, "CIRCLES_ACTOR": actor])
        }
    }

    /// Lena, a team lead, has written workshop notes, facilitated a workshop and made audited changes.
    func prepare() async throws -> Setup {
        let database = try await TestDatabase.make(prefix: "erase")
        let base = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        let setup = Setup(database: database, ownerURL: base, appURL: base + "%20-crole%3Dcircles_app")
        let owner = ["CIRCLES_DATABASE_URL": base, "CIRCLES_ACTOR": "admin@example.org"]
        #expect(try await Circles.run(["db", "migrate"], environment: owner).status == 0)
        for arguments in [
            ["admin", "add", "--email", "admin@example.org", "--name", "Ada Admin"],
            ["person", "add", "--email", "lena.lindqvist@example.org", "--name", "Lena Lindqvist"],
            ["person", "add", "--email", "max@example.org", "--name", "Max Member"],
            ["team", "create", "--name", "North"],
            ["team", "add-member", "North", "--email", "lena.lindqvist@example.org", "--role", "lead"],
            ["team", "add-member", "North", "--email", "max@example.org"],
        ] {
            let result = try await setup.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        let workshop = try await setup.run(
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

        let unconfirmed = try await setup.run(["person", "erase", "lena.lindqvist@example.org"])
        #expect(unconfirmed.status == 64)
        #expect(unconfirmed.standardError.contains("cannot be undone. Nothing was changed. Run again with --yes to erase."))
        #expect(try await placesContaining(identifying, in: pool) == before)

        let notAdmin = try await setup.run(["person", "erase", "lena.lindqvist@example.org", "--yes"], as: "max@example.org")
        #expect(notAdmin.status == 1)
        #expect(notAdmin.standardError == "error: only an administrator may erase people; max@example.org is not one\n")

        let erased = try await setup.run(["person", "erase", "lena.lindqvist@example.org", "--yes"])
        #expect(erased.status == 0, "\(erased.standardError)")
        #expect(erased.standardOutput.hasPrefix("erased lena.lindqvist@example.org: now Erased person "))
        #expect(try await placesContaining(identifying, in: pool) == [])

        let verify = try await setup.run(["audit", "verify"])
        #expect(verify.status == 0)
        #expect(verify.standardOutput.hasPrefix("the audit trail is intact:"))

        let again = try await setup.run(["person", "erase", "lena.lindqvist@example.org", "--yes"])
        #expect(again.status == 1)
        #expect(again.standardError.contains("an erased person can no longer be found by their old address"))
        await pool.close()
        try await setup.database.drop()
    }

    @Test("after erasure a pg_dump holds neither her name nor her address, though others wrote them into titles, reasons, descriptions and notes; audit verify passes and Max's export no longer names her")
    func pgDumpAfterErasure() async throws {
        let setup = try await prepare()
        func ok(_ arguments: [String], as actor: String = "admin@example.org") async throws -> String {
            let result = try await setup.run(arguments, as: actor)
            guard result.status == 0 else {
                throw TestSetupError("circles \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
            }
            return result.standardOutput
        }
        func rows(_ text: String) throws -> [[String: Any]] {
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
        }
        // Others write about Lena: an action Max owns, a series placed in her office, a
        // cancellation reason, a follow-up, notes, a drop reason and a retitled series.
        _ = try await ok([
            "action", "add", "--workshop", "Whose Shoes?", "--title", "Ask Lena Lindqvist about evening sessions",
            "--perspective", "carer", "--owner", "max@example.org",
            "--description", "LENA LINDQVIST <Lena.Lindqvist@example.org> knows the carers' group",
        ])
        let action = try await #require(try rows(ok(["action", "list", "--workshop", "Whose Shoes?", "--format", "json"])).first?["id"] as? String)
        // `action schedule --format json` prints the series with its meetings.
        let scheduled = try await JSONSerialization.jsonObject(with: Data(ok([
            "action", "schedule", action, "--rule", "FREQ=MONTHLY;BYDAY=2TU", "--start", "2026-11-10T14:00", "--end", "15:30",
            "--facilitator", "max@example.org", "--whole-team", "--location", "Lena Lindqvist's office", "--format", "json",
        ]).utf8)) as? [String: Any]
        let meetings = scheduled?["meetings"] as? [[String: Any]] ?? []
        let ids = meetings.compactMap { $0["id"] as? String }
        #expect(ids.count >= 3)
        _ = try await ok(["meeting", "hold", ids[0], "--attended", "max@example.org", "--notes", "Lena  Lindqvist joined late"], as: "max@example.org")
        _ = try await ok(["meeting", "cancel", ids[2], "--reason", "lena lindqvist is on leave"])
        _ = try await ok(["followup", "add", "--meeting", ids[0], "--title", "Refer Lena Lindqvist to safeguarding", "--owner", "max@example.org"])
        let series = try await #require(try rows(ok(["action", "show", action, "--format", "json"])).first?["series_id"] as? String)
        _ = try await ok(["series", "edit", series, "--title", "Evening sessions (Lena Lindqvist's idea)"])

        let identifying = ["lena.lindqvist@example.org", "lena lindqvist"]
        let pool = try setup.database.pool()
        let places = try await placesContaining(["Lena Lindqvist", "Lena  Lindqvist", "lena.lindqvist@example.org"], in: pool)
        #expect(Set(["follow_ups.title", "occurrences.cancel_reason", "occurrences.notes", "action_items.title",
                     "action_items.description", "series.title", "series.location", "audit_log.before", "audit_log.after"])
            .isSubset(of: Set(places)), "\(places)")
        let dumpBefore = try await PgDump.schema(setup.database).lowercased()
        #expect(identifying.allSatisfy { dumpBefore.contains($0) })
        let maxBefore = try await ok(["person", "export", "max@example.org"], as: "max@example.org").lowercased()
        #expect(maxBefore.contains("lena lindqvist"))

        _ = try await ok(["person", "erase", "lena.lindqvist@example.org", "--yes"])

        let dump = try await PgDump.schema(setup.database).lowercased()
        #expect(dump.contains("erased person "))
        for needle in identifying + ["lena  lindqvist"] {
            let lines = dump.split(separator: "\n").filter { $0.contains(needle) }
            #expect(lines.isEmpty, "\(needle) is still in the dump: \(lines.prefix(3))")
        }
        let verify = try await setup.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardOutput.hasPrefix("the audit trail is intact:"))
        let maxAfter = try await ok(["person", "export", "max@example.org"], as: "max@example.org").lowercased()
        #expect(!identifying.contains { maxAfter.contains($0) })
        #expect(maxAfter.contains("refer erased person "))
        await pool.close()
        try await setup.database.drop()
    }

    @Test("export writes her data as JSON to a file only its owner can read")
    func exportToFile() async throws {
        let setup = try await prepare()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).json").path
        let result = try await setup.run(["person", "export", "lena.lindqvist@example.org", "--output", file])
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

        // An existing file is replaced: a world-readable one ends up 0600, a read-only one
        // stays 0400 (never widened), and both hold the export.
        for (before, after) in [(0o644, 0o600), (0o400, 0o400)] {
            #expect(FileManager.default.createFile(atPath: file, contents: Data("old\n".utf8), attributes: [.posixPermissions: before]))
            let replaced = try await setup.run(["person", "export", "lena.lindqvist@example.org", "--output", file])
            #expect(replaced.status == 0, "\(replaced.standardError)")
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == after)
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("lena.lindqvist@example.org"))
            try FileManager.default.removeItem(atPath: file)
        }
        let folder = FileManager.default.temporaryDirectory.path
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".export-") }
        #expect(leftovers.isEmpty)

        let refused = try await setup.run(["person", "export", "lena.lindqvist@example.org"], as: "max@example.org")
        #expect(refused.status == 1)
        #expect(refused.standardError == "error: only an administrator may export another person's data; max@example.org is not one\n")
        try await setup.database.drop()
    }
}
