import Foundation
import PostgresTestSupport
import Testing

/// `circles person feed-link`, as the application role.
@Suite("circles person feed-link prints a calendar feed link once, revokes and reissues it with --reset")
struct FeedLinkCommandTests {
    @Test("the link is printed as webcal:// and https:// under web.publicURL; a second call needs --reset, which replaces it")
    func printsAndResets() async throws {
        let database = try await TestDatabase.make(prefix: "feedlink")
        let base = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        #expect(try await Circles.run(["db", "migrate"], environment: ["CIRCLES_DATABASE_URL": base]).status == 0)
        let environment = [
            "CIRCLES_DATABASE_URL": base + "%20-crole%3Dcircles_app", "CIRCLES_WEB_PUBLIC_URL": "https://council.example/circles",
        ]
        func run(_ arguments: [String], as actor: String) async throws -> CommandResult {
            try await Circles.run(arguments, environment: environment.merging(["CIRCLES_ACTOR": actor]) { $1 })
        }
        #expect(try await run(["admin", "add", "--email", "ada@example.org", "--name", "Ada Admin"], as: "ada@example.org").status == 0)
        for (email, name) in [("lena@example.org", "Lena Lead"), ("max@example.org", "Max Member")] {
            #expect(try await run(["person", "add", "--email", email, "--name", name], as: "ada@example.org").status == 0)
        }
        #expect(try await run(["team", "create", "--name", "North"], as: "ada@example.org").status == 0)
        #expect(try await run(["team", "add-member", "North", "--email", "lena@example.org", "--role", "lead"], as: "ada@example.org").status == 0)
        #expect(try await run(["team", "add-member", "North", "--email", "max@example.org"], as: "ada@example.org").status == 0)

        let first = try await run(["person", "feed-link", "max@example.org"], as: "max@example.org")
        #expect(first.status == 0, "\(first.standardError)")
        let lines = first.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(first.standardOutput)")
        let pattern = #"^https://council\.example/circles/feeds/[A-Za-z0-9_-]{43}\.ics$"#
        #expect(lines[2].range(of: pattern, options: .regularExpression) != nil, "\(lines)")
        #expect(lines[1] == "webcal://" + lines[2].dropFirst("https://".count))

        let again = try await run(["person", "feed-link", "max@example.org"], as: "max@example.org")
        #expect(again.status != 0)
        #expect(again.standardError.contains("--reset"), "\(again.standardError)")

        let reset = try await run(["person", "feed-link", "max@example.org", "--reset"], as: "lena@example.org")
        #expect(reset.status == 0, "\(reset.standardError)")
        #expect(reset.standardOutput.hasPrefix("revoked the previous link"))
        #expect(reset.standardOutput.split(separator: "\n").last.map(String.init) != lines[2])

        let team = try await run(["person", "feed-link", "lena@example.org", "--team", "North"], as: "lena@example.org")
        #expect(team.status == 0, "\(team.standardError)")
        #expect(team.standardOutput.contains("team North's meetings"))
        let refused = try await run(["person", "feed-link", "max@example.org", "--team", "North"], as: "max@example.org")
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("only an administrator or a lead of team \"North\""), "\(refused.standardError)")
        try await database.drop()
    }
}
