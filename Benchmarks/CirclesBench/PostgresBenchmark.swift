import Foundation
import Postgres

/// Round trips against `pgbench -S -M prepared -c 1`, and COPY against `psql \copy`,
/// on the same server in one run.
enum PostgresBenchmark {
    /// Round trips per side; a count, not `-T`, since a child of Foundation's Process
    /// does not get pgbench's SIGALRM and would never stop.
    static let roundTrips = 100_000
    static let copyRows = 1_000_000

    static func run() async {
        do {
            try await measure()
        } catch {
            FileHandle.standardError.write(Data("postgres benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func measure() async throws {
        guard let url = ProcessInfo.processInfo.environment["CIRCLES_DATABASE_URL"] else {
            throw BenchError("CIRCLES_DATABASE_URL is not set; run `make bench`")
        }
        let configuration = try PostgresConfiguration(url, applicationName: "circles-bench")
        let admin = try await PostgresConnection.connect(configuration)
        try await admin.execute(unsafeSQL: "DROP DATABASE IF EXISTS circles_bench")
        try await admin.execute(unsafeSQL: "CREATE DATABASE circles_bench")
        await admin.close()
        let database = "circles_bench"
        let host = configuration.value(for: "host") ?? "/var/run/postgresql"
        let port = configuration.value(for: "port") ?? "5432"
        let user = configuration.value(for: "user") ?? "postgres"
        let common = ["-h", host, "-p", port, "-U", user]
        Bench.say("PostgreSQL benchmarks (server \(host):\(port), Unix socket: \(host.hasPrefix("/")))")
        _ = try Bench.run("pgbench", common + ["-i", "-q", "-s", "10", database])

        // 1. Single-row SELECT round trips, one connection. Three interleaved rounds each,
        // best of three, so that a busy moment on the machine does not favour either side.
        var benchConfiguration = try PostgresConfiguration("host=\(host) port=\(port) user=\(user) dbname=\(database)")
        benchConfiguration.applicationName = "circles-bench"
        let pool = PostgresPool(benchConfiguration, maximumConnections: 1)
        var pgbenchTPS = 0.0
        var ourTPS = 0.0
        for _ in 0..<3 {
            let output = try Bench.run("pgbench", common + ["-S", "-M", "prepared", "-c", "1", "-t", "\(roundTrips)", database])
            pgbenchTPS = max(pgbenchTPS, try parseTPS(output))
            ourTPS = max(ourTPS, Double(roundTrips) / (try await selectRoundTrips(pool)))
        }
        await pool.close()
        Bench.say("")
        Bench.say("single-row SELECT, 1 connection, best of 3 x \(roundTrips)   round trips/s")
        Bench.say("  pgbench -S -M prepared -c 1                  \(Bench.format(pgbenchTPS))")
        Bench.say("  Postgres module (prepared, bound parameter)  \(Bench.format(ourTPS))   ratio \(Bench.format(ourTPS / pgbenchTPS, decimals: 2)) (goal >= 0.80)")

        // 2. Bulk load of the same 1,000,000 rows: COPY API vs psql \copy from a file.
        let connection = try await PostgresConnection.connect(benchConfiguration)
        try await connection.execute(unsafeSQL: """
            DROP TABLE IF EXISTS copy_api, copy_psql;
            CREATE UNLOGGED TABLE copy_api (id int8, name text, email text, joined timestamptz);
            CREATE UNLOGGED TABLE copy_psql (id int8, name text, email text, joined timestamptz);
            """)
        // Both sides start from the same rows already made: psql from a file, the COPY API from memory.
        let rows = (0..<copyRows).map(row)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("circles-copy-\(getpid()).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        try (rows.map { $0.compactMap { $0 }.joined(separator: "\t") }.joined(separator: "\n") + "\n").write(to: file, atomically: false, encoding: .utf8)
        // Best of three interleaved rounds, each into an empty table.
        var psqlSeconds = Double.infinity
        var apiSeconds = Double.infinity
        for _ in 0..<3 {
            try await connection.execute(unsafeSQL: "TRUNCATE copy_api, copy_psql")
            psqlSeconds = min(psqlSeconds, try await Bench.time {
                _ = try Bench.run("psql", common + ["-d", database, "-v", "ON_ERROR_STOP=1", "-c", "\\copy copy_psql FROM '\(file.path)'"])
            })
            apiSeconds = min(apiSeconds, try await Bench.time {
                try await connection.copyFrom("COPY copy_api FROM STDIN") { writer in
                    for fields in rows { try writer.append(fields: fields) }
                }
            })
        }
        let counts = try await connection.query("SELECT (SELECT count(*) FROM copy_api), (SELECT count(*) FROM copy_psql)")[0]
            .decode((Int, Int).self)
        guard counts == (copyRows, copyRows) else { throw BenchError("row counts differ: \(counts)") }
        Bench.say("")
        Bench.say("bulk load of \(copyRows) rows (4 columns), best of 3  seconds")
        Bench.say("  psql \\copy from a file                       \(Bench.format(psqlSeconds, decimals: 2))")
        Bench.say("  Postgres module COPY API (rows in memory)     \(Bench.format(apiSeconds, decimals: 2))   ratio \(Bench.format(apiSeconds / psqlSeconds, decimals: 2)) (goal <= 1.50)")
        await connection.close()
    }

    /// Seconds for `roundTrips` random single-row SELECTs, the loop isolated to the
    /// connection as service code is.
    private static func selectRoundTrips(_ pool: PostgresPool) async throws -> Double {
        let roundTrips = self.roundTrips
        return try await Bench.time {
            let checksum = try await pool.withConnection { connection in
                var rng = SystemRandomNumberGenerator()
                var checksum = 0
                for _ in 0..<roundTrips {
                    let aid = Int.random(in: 1...1_000_000, using: &rng)
                    let rows = try connection.query("SELECT abalance FROM pgbench_accounts WHERE aid = \(aid)")
                    checksum &+= try rows[0].decode(Int.self, at: 0)
                }
                return checksum
            }
            if checksum == .min { print(checksum) }  // keeps the decode from being optimised away
        }
    }

    private static func row(_ id: Int) -> [String?] {
        ["\(id)", "Person \(id)", "person\(id)@example.org", "2026-01-01 00:00:00+00"]
    }

    private static func parseTPS(_ output: String) throws -> Double {
        for line in output.split(separator: "\n") where line.hasPrefix("tps = ") {
            let number = line.dropFirst("tps = ".count).prefix { $0.isNumber || $0 == "." }
            if let value = Double(number) { return value }
        }
        throw BenchError("could not read tps from pgbench output:\n\(output)")
    }
}
