import CirclesStore
import Hummingbird
import Logging
import Postgres

/// circles-web's readiness, for `/health/ready` on the operations listener (`web.metricsAddress`,
/// Observability's `OperationsServer`, as the worker's), apart from the public one.
public struct WebHealth: Sendable {
    let pool: PostgresPool

    /// Health over the pool circles-web uses.
    public init(pool: PostgresPool) { self.pool = pool }

    /// Ready: PostgreSQL answers and every migration this binary knows is applied, unchanged; nil
    /// when ready. Migrations only a newer release knows do not count: they are applied before a
    /// rollout, and the public links must keep working on the old replicas until the new ones are up.
    /// (The worker is stricter: a minute without it loses nothing.)
    public static func notReadyReason(pool: PostgresPool) async -> String? {
        do {
            let behind = try await Migrator().status(pool).filter { $0.state == .pending || $0.state == .changed }
            guard behind.isEmpty else {
                return "migrations not current: " + behind.map { "\($0.name) \($0.state.rawValue)" }.joined(separator: ", ")
                    + "; run circles db migrate"
            }
            return nil
        } catch {
            return "database unreachable"
        }
    }
}
