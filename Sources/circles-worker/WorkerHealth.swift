import CirclesStore
import Foundation
import Observability
import Postgres

/// The worker's readiness, for `/health/ready` and systemd.
enum WorkerHealth {
    /// Ready: PostgreSQL answers and every migration this binary knows is applied, unchanged
    /// (and none it does not know). Returns nil when ready, else the reason.
    static func notReadyReason(pool: PostgresPool) async -> String? {
        do {
            let statuses = try await Migrator().status(pool)
            let behind = statuses.filter { $0.state != .applied }
            guard behind.isEmpty else {
                return "migrations not current: " + behind.map { "\($0.name) \($0.state.rawValue)" }.joined(separator: ", ")
                    + "; run circles db migrate"
            }
            return nil
        } catch {
            return "database unreachable: \(error)"
        }
    }
}
