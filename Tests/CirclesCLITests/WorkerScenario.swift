import Foundation
import PostgresTestSupport

/// A private schema with an administrator, the team "North", its members, a workshop and one
/// action item, set up through the CLI, for the worker's tests.
struct WorkerScenario {
    let database: TestDatabase
    let url: String
    let actionID: String

    /// The environment every `circles` call in the scenario runs with.
    var environment: [String: String] { ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": "admin@example.org"] }

    /// Runs `circles`, expecting success, and returns standard output.
    func circles(_ arguments: [String]) async throws -> String {
        try await Self.circles(arguments, environment: environment)
    }

    static func circles(_ arguments: [String], environment: [String: String]) async throws -> String {
        let result = try await Circles.run(arguments, environment: environment)
        guard result.status == 0 else { throw TestSetupError("circles \(arguments) failed: \(result.standardError)") }
        return result.standardOutput
    }

    /// Sets up the scenario with `members` (email, name) in North; the first may be its lead.
    static func make(prefix: String, members: [(String, String)], lead: String? = nil) async throws -> WorkerScenario {
        let database = try await TestDatabase.make(prefix: prefix)
        let url = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        let environment = ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": "admin@example.org"]
        func circles(_ arguments: [String]) async throws -> String { try await Self.circles(arguments, environment: environment) }
        _ = try await circles(["db", "migrate"])
        _ = try await circles(["admin", "add", "--email", "admin@example.org", "--name", "Ada Admin"])
        _ = try await circles(["team", "create", "--name", "North"])
        for (email, name) in members {
            _ = try await circles(["person", "add", "--email", email, "--name", name])
        }
        if let lead {
            _ = try await circles(["team", "add-member", "North", "--email", lead, "--role", "lead"])
        }
        let others = members.map(\.0).filter { $0 != lead }
        _ = try await circles(["team", "add-member", "North"] + others.flatMap { ["--email", $0] })
        _ = try await circles(["workshop", "record", "--team", "North", "--title", "Whose Shoes?", "--date", "2026-11-03"])
        let added = try await circles(["action", "add", "--workshop", "Whose Shoes?", "--title", "Peer support", "--perspective", "practitioner"])
        let actionID = String(added.split(separator: "(id ").last?.dropLast(2) ?? "")
        return WorkerScenario(database: database, url: url, actionID: actionID)
    }

    /// The calendar date `days` from now, `YYYY-MM-DD`.
    static func day(inDays days: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(days * 86_400))
    }
}
