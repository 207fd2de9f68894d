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

    /// Ready: PostgreSQL answers and every migration this binary knows is applied; nil when ready.
    public static func notReadyReason(pool: PostgresPool) async -> String? {
        do {
            let behind = try await Migrator().status(pool).filter { $0.state != .applied }
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
