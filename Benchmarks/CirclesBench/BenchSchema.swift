import CirclesStore
import Foundation
import Postgres

/// A benchmark's own schema on the server `make bench` provides, dropped, created and migrated afresh.
struct BenchSchema {
    /// The server's URL (CIRCLES_DATABASE_URL).
    let serverURL: String
    let name: String
    /// Two connections with this schema on the search path.
    let pool: PostgresPool

    static func fresh(_ name: String) async throws -> BenchSchema {
        guard let url = ProcessInfo.processInfo.environment["CIRCLES_DATABASE_URL"] else {
            throw BenchError("CIRCLES_DATABASE_URL is not set; run `make bench`")
        }
        let admin = try await PostgresConnection.connect(try PostgresConfiguration(url))
        try await admin.execute(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE; CREATE SCHEMA \(name)")
        await admin.close()
        var configuration = try PostgresConfiguration(url, applicationName: "circles-bench")
        configuration.searchPath = [name]
        let pool = PostgresPool(configuration, maximumConnections: 2)
        try await Migrator().migrate(pool)
        return BenchSchema(serverURL: url, name: name, pool: pool)
    }

    /// The URL the release binaries get: the server's, with this schema first on the search path.
    var binaryURL: String {
        serverURL + (serverURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
    }
}
