import Foundation
import PostgresTestSupport

/// Runs `pg_dump` (from `CIRCLES_PG_BINDIR`, else the PATH that `make test` sets) on one
/// schema of the test database and returns the plain-SQL dump.
enum PgDump {
    static func schema(_ database: TestDatabase) throws -> String {
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
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let dump = output.fileHandleForReading.readDataToEndOfFile()
        let message = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError("pg_dump exited \(process.terminationStatus): \(String(decoding: message, as: UTF8.self))")
        }
        return String(decoding: dump, as: UTF8.self)
    }
}
