import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The operations listener of a Circles process: `/metrics`, `/health/live` and `/health/ready`
/// on Hummingbird, on an address of its own (never the public one), as a Service.
///
/// GET and HEAD only (405 with `Allow` otherwise), 404 for other paths. What one client may cost
/// is bounded whatever it sends (see `Limits`): a request head of at most `headBytes`, empty
/// lines before it included (431 beyond, and nothing more is read); within `readTimeout` of the
/// connection's start or its previous response, however slowly its bytes trickle (408, or a
/// plain close when it sent nothing); and at most `connections` open, a new one displacing the
/// one that has waited longest for its request head, so idle clients cannot keep the probes out.
/// Each connection carries one request and is closed after the response (`Connection: close`).
/// Graceful shutdown stops accepting and lets requests in flight finish.
public struct OperationsServer: Service {
    /// Bounds on what one client may cost.
    public struct Limits: Sendable {
        /// The largest request head accepted (431 beyond).
        public var headBytes = 8_192
        /// Time for a client to send a request head (408 after).
        public var readTimeout: Duration = .seconds(5)
        /// Connections open at once; beyond it a new one displaces the longest-waiting for its head.
        public var connections = 32

        /// The defaults.
        public init() {}
    }

    /// Renders the metrics for one scrape (Prometheus text format 0.0.4).
    public typealias Scrape = @Sendable () async -> [UInt8]
    /// Nil when the process is ready to work, else the reason it is not (shown with 503).
    public typealias Readiness = @Sendable () async -> String?

    /// The media type a scrape is answered with.
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    private let address: ListenAddress
    private let application: Application<CallbackResponder<BasicRequestContext>>

    /// A server for `address` (port 0: the kernel chooses; `onListening` hears the real one).
    /// It binds in `run()`: a taken port fails the service with a `ListenAddressError`.
    public init(
        address: ListenAddress, metrics: @escaping Scrape, readiness: @escaping Readiness, limits: Limits = Limits(),
        logger: Logger = Logger(label: "circles.operations"), onListening: @escaping @Sendable (ListenAddress) -> Void = { _ in }
    ) {
        self.address = address
        let routes = Self.routes(metrics: metrics, readiness: readiness)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            await Self.respond(to: request, routes: routes)
        }
        var guarded = RequestHeadLimits()
        guarded.headBytes = limits.headBytes
        // One clock from the connection's start: the head's own may not extend it.
        guarded.headTimeout = limits.readTimeout
        guarded.idleTimeout = limits.readTimeout
        guarded.connections = limits.connections
        guarded.keepAlive = false
        let host = address.host ?? "0.0.0.0"
        self.application = Application(
            responder: responder,
            server: .guardedHTTP1(guarded),
            configuration: ApplicationConfiguration(address: .hostname(host, port: address.port), backlog: 64),
            onServerRunning: { channel in
                let bound = ListenAddress(host: address.host, port: channel.localAddress?.port ?? address.port)
                logger.info("serving metrics and health checks", metadata: ["address": "\(bound)"])
                onListening(bound)
            },
            logger: logger)
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        do {
            try await application.run()
        } catch let error as IOError {
            throw ListenAddressError("cannot listen on \(address): \(error)")
        }
    }

    private typealias Handler = @Sendable () async -> Response

    private static func routes(metrics: @escaping Scrape, readiness: @escaping Readiness) -> [String: Handler] {
        [
            "/metrics": {
                let bytes = await metrics()
                return Response(
                    status: .ok, headers: [.contentType: metricsContentType, .cacheControl: "no-store"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            },
            // Live while the process answers: restarting cannot fix a database that is away.
            "/health/live": { text(.ok, "live\n") },
            "/health/ready": {
                if let reason = await readiness() { return text(.serviceUnavailable, "not ready: \(reason)\n") }
                return text(.ok, "ready\n")
            },
        ]
    }

    private static func respond(to request: Request, routes: [String: Handler]) async -> Response {
        var response = await route(request, routes: routes)
        response.headers[.connection] = "close"
        return response
    }

    private static func route(_ request: Request, routes: [String: Handler]) async -> Response {
        guard let handler = routes[request.uri.path] else { return text(.notFound, "not found\n") }
        switch request.method {
        case .get: return await handler()
        case .head: return await handler().createHeadResponse()
        default:
            var response = text(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; use GET\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
