#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Dispatch
import Logging
import ServiceLifecycle
import Synchronization

/// A minimal HTTP/1.1 server for a few GET endpoints (metrics and health checks), as a Service.
///
/// Each connection carries one request and is closed after the response. Blocking socket
/// calls run on dispatch queues of the server's own, never on Swift's cooperative pool (two
/// threads on our machines); handlers run as child tasks of `run()`. Unknown paths get 404,
/// other methods than GET and HEAD 405. Graceful shutdown stops accepting, lets requests in
/// flight finish, and returns.
///
/// What one client may cost is bounded whatever it sends: a request head of at most
/// `headBytes` (empty lines before it included; no more is ever buffered, and it is searched
/// in linear time), within `readTimeout` of the connection's acceptance however fast or slowly
/// its bytes arrive. When `connections` are open, a new one takes the place of the connection
/// that has waited longest for its request head (which is closed), so that idle or slow clients
/// cannot keep the health checks out: a probe needs only to send its head within the deadline.
/// Only when every open connection already has its request in hand is a new one answered 503.
public final class HTTPServer: Service, Sendable {
    /// Answers one request for a path.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// Bounds on what one client may cost.
    public struct Limits: Sendable {
        /// The largest request head accepted (431 beyond).
        public var headBytes = 8_192
        /// Time for a client to send its request head (408 after).
        public var readTimeout: Duration = .seconds(5)
        /// Time for a client to take the response.
        public var writeTimeout: Duration = .seconds(5)
        /// Connections open at once. Beyond it a new connection displaces the one that has waited
        /// longest for its request head; when every connection has its request, it is answered 503.
        public var connections = 32

        /// The defaults.
        public init() {}
    }

    /// The address listened on, with the port the kernel chose when 0 was asked for.
    public let address: ListenAddress
    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let routes: [String: Handler]
    private let limits: Limits
    private let logger: Logger
    private let acceptQueue = DispatchQueue(label: "circles.http.accept")
    private let state = Mutex(State())

    private struct State {
        var stopping = false
        var listenerClosed = false
        var active = 0
        /// Connections still reading their request head, by the order they were admitted.
        var reading: [UInt64: Int32] = [:]
        var admitted: UInt64 = 0
    }

    /// Listens on `address` at once, so that a taken port fails at start-up; serves from `run()`.
    public init(
        listeningOn address: ListenAddress, routes: [String: Handler], limits: Limits = Limits(),
        logger: Logger = Logger(label: "circles.http")
    ) throws(ListenAddressError) {
        let listener = try Self.openListener(on: address)
        var wake: [Int32] = [0, 0]
        guard pipe(&wake) == 0 else {
            close(listener)
            throw ListenAddressError("cannot create the server's wake-up pipe: \(Socket.lastError)")
        }
        for descriptor in wake { Socket.closeOnExec(descriptor) }
        self.listener = listener
        self.wakeRead = wake[0]
        self.wakeWrite = wake[1]
        self.address = ListenAddress(host: address.host, port: Self.localPort(of: listener) ?? address.port)
        self.routes = routes
        self.limits = limits
        self.logger = logger
    }

    deinit {
        if !state.withLock({ $0.listenerClosed }) { close(listener) }
        close(wakeRead)
        close(wakeWrite)
    }

    /// Serves until graceful shutdown, cancellation or `stop()`; requests in flight finish first.
    public func run() async throws {
        logger.info("serving metrics and health checks", metadata: ["address": "\(address)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    while let client = await acceptNext() {
                        group.addTask { await self.serve(client) }
                    }
                }
            } onGracefulShutdown: {
                self.stop()
            }
        } onCancel: {
            self.stop()
        }
        state.withLock { state in
            if !state.listenerClosed {
                state.listenerClosed = true
                close(listener)
            }
        }
    }

    /// Stops accepting connections; `run()` returns once requests in flight are answered.
    public func stop() {
        let first = state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }

    // MARK: - Connections

    private func acceptNext() async -> Int32? {
        if state.withLock({ $0.stopping }) { return nil }
        return await withCheckedContinuation { continuation in
            acceptQueue.async { continuation.resume(returning: self.blockingAccept()) }
        }
    }

    /// Waits for a connection or the wake-up pipe; nil when stopping.
    private func blockingAccept() -> Int32? {
        while true {
            var entries = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&entries, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                logger.error("poll on the listening socket failed; no longer serving", metadata: ["error": "\(Socket.lastError)"])
                return nil
            }
            if entries[1].revents != 0 || state.withLock({ $0.stopping }) { return nil }
            let client = accept(listener, nil, nil)
            if client >= 0 {
                // Not inherited from the listener; the worker starts no children, but be tidy.
                Socket.closeOnExec(client)
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) & ~O_NONBLOCK)
                return client
            }
            switch errno {
            case EINTR, EAGAIN, ECONNABORTED, EPROTO: continue
            default:
                // Out of descriptors, say: wait a little rather than spin, then try again.
                logger.warning("accept failed", metadata: ["error": "\(Socket.lastError)"])
                _ = Socket.wait(wakeRead, milliseconds: 100)
            }
        }
    }

    private enum ReadOutcome: Sendable {
        case request(HTTPRequest)
        case refuse(HTTPResponse)
        case gone
    }

    private func serve(_ client: Int32) async {
        let queue = DispatchQueue(label: "circles.http.connection")
        guard let ticket = admit(client) else {
            await onQueue(queue) { self.finish(client, HTTPResponse.text(503, "too many connections\n"), headOnly: false) }
            return
        }
        defer { state.withLock { $0.active -= 1 } }
        let outcome = await onQueue(queue) {
            defer { _ = self.state.withLock { $0.reading.removeValue(forKey: ticket) } }
            return self.readRequest(client)
        }
        let response: HTTPResponse
        let headOnly: Bool
        switch outcome {
        case .gone:
            close(client)
            return
        case .refuse(let refusal):
            (response, headOnly) = (refusal, false)
        case .request(let request):
            (response, headOnly) = (await respond(to: request), request.method == "HEAD")
        }
        await onQueue(queue) { self.finish(client, response, headOnly: headOnly) }
    }

    /// Routes a parsed request: 404 for unknown paths, 405 for methods other than GET and HEAD.
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard let handler = routes[request.path] else { return .text(404, "not found: \(request.path)\n") }
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.text(405, "\(request.method) is not allowed here; use GET\n")
            response.headers.append(HTTPHeader("Allow", "GET, HEAD"))
            return response
        }
        return await handler(request)
    }

    private func onQueue<T: Sendable>(_ queue: DispatchQueue, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// Admits a connection and registers it as reading its head, displacing the connection that
    /// has waited longest for its head when all places are taken; nil when none can be displaced.
    private func admit(_ client: Int32) -> UInt64? {
        let (ticket, displaced): (UInt64?, Bool) = state.withLock { state in
            var displaced = false
            if state.active >= limits.connections {
                // Tickets grow with admission, so the smallest is the connection waiting longest.
                guard let oldest = state.reading.keys.min(), let descriptor = state.reading.removeValue(forKey: oldest) else {
                    return (nil, false)
                }
                // Its reader wakes to end-of-file and closes it. Done under the lock: the reader
                // takes the lock before it closes, so the descriptor cannot have been reused yet.
                _ = shutdown(descriptor, Int32(SHUT_RDWR))
                displaced = true
            }
            // A displaced connection counts until its reader has closed it, so a burst of new
            // connections can hold at most twice the limit open for a moment.
            state.active += 1
            state.admitted += 1
            state.reading[state.admitted] = client
            return (state.admitted, displaced)
        }
        if displaced {
            logger.debug("connection limit reached: closed the connection waiting longest for its request head")
        }
        return ticket
    }

    /// Reads one request head within the time and size limits, whatever the client sends.
    private func readRequest(_ client: Int32) -> ReadOutcome {
        let deadline = ContinuousClock.now + limits.readTimeout
        var head = HTTPHeadReader(limit: limits.headBytes)
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            // Checked before every read, so a client that keeps sending is cut off at the deadline too.
            let left = Socket.remaining(until: deadline)
            guard left > 0, Socket.wait(client, milliseconds: left) else {
                return head.isEmpty ? .gone : .refuse(.text(408, "the request head did not arrive in time\n"))
            }
            let wanted = min(chunk.count, head.room)
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, wanted, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .gone
            }
            // The client closed its side (or was displaced) before its head was complete.
            if count == 0 { return .gone }
            switch head.append(chunk[0..<count]) {
            case .incomplete: continue
            case .complete(let request): return .request(request)
            case .invalid(let status, let reason): return .refuse(.text(status, reason + "\n"))
            }
        }
    }

    /// Sends the response, half-closes, drains briefly so the peer sees the response rather than a reset, closes.
    private func finish(_ client: Int32, _ response: HTTPResponse, headOnly: Bool) {
        let deadline = ContinuousClock.now + limits.writeTimeout
        if Socket.writeAll(client, response.serialized(headOnly: headOnly), deadline: deadline) {
            _ = shutdown(client, Int32(SHUT_WR))
            var sink = [UInt8](repeating: 0, count: 1_024)
            let lingerUntil = ContinuousClock.now + .milliseconds(200)
            var drained = 0
            while drained < 65_536, Socket.wait(client, milliseconds: Socket.remaining(until: lingerUntil)) {
                let count = sink.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if count <= 0 { break }
                drained += count
            }
        }
        close(client)
    }

    // MARK: - Listening

    private static func openListener(on address: ListenAddress) throws(ListenAddressError) -> Int32 {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
            hints.ai_socktype = SOCK_STREAM
        #else
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address.host, String(address.port), &hints, &found)
        guard status == 0, let first = found else {
            throw ListenAddressError("cannot listen on \(address): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var failure = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let descriptor = socket(info.pointee.ai_family, Socket.stream, info.pointee.ai_protocol)
            guard descriptor >= 0 else {
                failure = Socket.lastError
                continue
            }
            var on: Int32 = 1
            _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            if bind(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(descriptor, 64) == 0,
                fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) == 0
            {
                return descriptor
            }
            failure = Socket.lastError
            close(descriptor)
        }
        throw ListenAddressError("cannot listen on \(address): \(failure)")
    }

    private static func localPort(of descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard status == 0 else { return nil }
        return withUnsafePointer(to: &storage) { pointer in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET: pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6: pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default: nil
            }
        }
    }
}
