import CirclesStore
import Foundation
import Observability
import Postgres

/// The worker's HTTP endpoints: `/metrics`, `/health/live` and `/health/ready`.
struct WorkerHealth: Sendable {
    let pool: PostgresPool
    let metrics: WorkerMetrics

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

    var routes: [String: HTTPServer.Handler] {
        [
            "/metrics": { _ in
                HTTPResponse(
                    status: 200, headers: [HTTPHeader("Content-Type", PrometheusText.contentType)],
                    body: Array(await metrics.scrape(pool: pool).utf8))
            },
            // Live while the process answers: restarting cannot fix a database that is away.
            "/health/live": { _ in .text(200, "live\n") },
            "/health/ready": { _ in
                if let reason = await Self.notReadyReason(pool: pool) { return .text(503, "not ready: \(reason)\n") }
                return .text(200, "ready\n")
            },
        ]
    }
}
