import Metrics
import Synchronization

/// The request metrics Hummingbird's `MetricsMiddleware` keeps for a route (`hb.requests` and
/// `http.server.request.duration` by route, method and status), for responses made before the router.
final class RouteMetrics: Sendable {
    struct Key: Hashable {
        let method: String
        let status: UInt
    }

    let route: String
    private let recorders = Mutex<[Key: (Counter, Metrics.Timer)]>([:])

    init(route: String) { self.route = route }

    func record(method: String, status: UInt, nanoseconds: UInt64) {
        let (counter, timer) = recorders.withLock { recorders in
            let key = Key(method: method, status: status)
            if let found = recorders[key] { return found }
            let dimensions = [("http.route", route), ("http.request.method", method), ("http.response.status_code", "\(status)")]
            let made = (
                Counter(label: "hb.requests", dimensions: dimensions),
                Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
            )
            recorders[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }
}
