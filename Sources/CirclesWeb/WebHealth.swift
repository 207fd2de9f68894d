import CirclesStore
import Hummingbird
import Logging
import Postgres

/// circles-web's separate listener (`web.metricsAddress`): `/health/live` and `/health/ready`,
/// apart from the public one so a proxy never exposes them.
///
/// The shared Hummingbird metrics/health listener (issue 13, "one HTTP stack": swift-metrics with
/// swift-prometheus, the worker's too) is to take this place; `/metrics` is added there.
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

    /// The router of the health listener.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        // Live while the process answers: restarting cannot fix a database that is away.
        router.get("health/live") { _, _ in "live\n" }
        router.get("health/ready") { _, _ -> Response in
            if let reason = await Self.notReadyReason(pool: pool) {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "not ready: \(reason)\n")))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        return router
    }

    /// The health listener's application at `host:port`.
    public func application(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil), logger: logger)
    }
}
