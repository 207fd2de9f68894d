import Foundation
import PostgresTestSupport

/// Runs `pg_dump` (from `CIRCLES_PG_BINDIR`, else the PATH that `make test` sets) on one
/// schema of the test database and returns the plain-SQL dump.
enum PgDump {
    static func schema(_ database: TestDatabase) async throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let process = Process()
        if let directory = environment["CIRCLES_PG_BINDIR"], !directory.isEmpty {
            process.executableURL = URL(fileURLWithPath: directory).appendingPathComponent("pg_dump")
            process.arguments = []
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["pg_dump"]
        }
        process.arguments? += ["--no-owner", "--schema", database.schema, "--dbname", database.url]
        let result = try await Subprocess.finish(process)
        guard result.status == 0 else {
            throw TestSetupError("pg_dump exited \(result.status): \(result.standardError)")
        }
        return result.standardOutput
    }
}
