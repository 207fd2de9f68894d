import Foundation
import Logging
import Postgres

/// Applies migrations in order, each in its own transaction, under an advisory lock so that
/// concurrent runners apply each file exactly once. Applied files are recorded with a
/// checksum; a file that changed after it was applied is refused by name.
public struct Migrator: Sendable {
    /// The migrations this runner knows, in order.
    public let migrations: [Migration]
    private let logger: Logger

    /// A runner for the given migrations (by default those compiled into the binary).
    public init(migrations: [Migration] = Migration.embedded, logger: Logger = Logger(label: "circles.migrate")) {
        self.migrations = migrations.sorted { $0.name < $1.name }
        self.logger = logger
    }

    /// Applies every pending migration and returns the names applied (empty when up to date).
    @discardableResult
    public func migrate(_ pool: PostgresPool) async throws -> [String] {
        try await pool.withConnection { [migrations, logger] lockHolder in
            try await lockHolder.withAdvisoryLock(key: "circles.migrate.") { connection in
                try connection.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        name text PRIMARY KEY,
                        checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
                let statuses = try Self.status(of: migrations, on: connection)
                if let problem = statuses.first(where: { $0.state == .changed }) {
                    throw MigrationError(
                        description: "migration \(problem.name).sql was changed after it was applied; "
                            + "restore the original file and add the change as a new migration instead")
                }
                var applied: [String] = []
                for migration in migrations where statuses.contains(where: { $0.name == migration.name && $0.state == .pending }) {
                    let started = ContinuousClock.now
                    do {
                        try await connection.withTransaction { transaction in
                            try transaction.execute(unsafeSQL: migration.sql)
                            try transaction.execute("""
                                INSERT INTO schema_migrations (name, checksum)
                                VALUES (\(migration.name), encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex'))
                                """)
                        }
                    } catch {
                        throw MigrationError(description: "migration \(migration.name).sql failed and was rolled back: \(error)")
                    }
                    logger.info("applied migration", metadata: [
                        "migration": "\(migration.name)", "duration": "\(ContinuousClock.now - started)",
                    ])
                    applied.append(migration.name)
                }
                return applied
            }
        }
    }

    /// Every migration known here or recorded in the database, with its state.
    public func status(_ pool: PostgresPool) async throws -> [MigrationStatus] {
        try await pool.withConnection { [migrations] connection in
            let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
            guard try exists[0].decode(Bool.self, at: 0) else {
                return migrations.map { MigrationStatus(name: $0.name, state: .pending, appliedAt: nil) }
            }
            return try Self.status(of: migrations, on: connection)
        }
    }

    /// Whether the database has every migration this binary knows, unchanged.
    public func isCurrent(_ pool: PostgresPool) async throws -> Bool {
        try await status(pool).allSatisfy { $0.state == .applied }
    }

    private static func status(of migrations: [Migration], on connection: isolated PostgresConnection) throws -> [MigrationStatus] {
        var checksums: [String: String] = [:]
        for migration in migrations {
            let row = try connection.query("SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex')")
            checksums[migration.name] = try row[0].decode(String.self, at: 0)
        }
        let recorded = try connection.query("SELECT name, checksum, applied_at FROM schema_migrations ORDER BY name")
            .decode((String, String, Date).self)
        var statuses: [MigrationStatus] = recorded.map { name, checksum, appliedAt in
            let state: MigrationStatus.State =
                switch checksums[name] {
                case nil: .unknown
                case checksum: .applied
                default: .changed
                }
            return MigrationStatus(name: name, state: state, appliedAt: appliedAt)
        }
        for migration in migrations where !recorded.contains(where: { $0.0 == migration.name }) {
            statuses.append(MigrationStatus(name: migration.name, state: .pending, appliedAt: nil))
        }
        return statuses.sorted { $0.name < $1.name }
    }
}
