import HummingbirdCore

/// What one HTTP/1 connection may cost a listener before it has sent a request head, whatever
/// the client does: the operations listener's rules, offered to the public one too.
public struct RequestHeadLimits: Sendable {
    /// The largest request head accepted (431 beyond; empty lines before it count).
    public var headBytes = 16_384
    /// Time for a whole request head once its first byte has come (408 after), however slowly
    /// the bytes trickle; and then as long again for the request's body.
    public var headTimeout: Duration = .seconds(10)
    /// Time a connection may wait for the first byte of a request (at its start, or after its
    /// previous response) before it is closed without a word.
    public var idleTimeout: Duration = .seconds(30)
    /// Connections open at once; beyond it a new one displaces the one that has waited longest
    /// for a request head (503 only when every open connection has a request in hand).
    public var connections = 4_096
    /// Whether a connection carries further requests after a response (HTTP/1.1 keep-alive);
    /// false closes it after one.
    public var keepAlive = true

    /// The defaults: 16 KiB, 10 s for a head, 30 s idle, 4,096 connections, keep-alive.
    public init() {}
}

extension HTTPServerBuilder {
    /// Hummingbird's HTTP/1 server with `RequestHeadGuard` in front of the decoder, so a client
    /// trickling a request head a byte at a time is cut off at `limits.headTimeout`. With
    /// `immediate`, the requests it answers are answered on the event loop, without the application.
    public static func guardedHTTP1(_ limits: RequestHeadLimits, immediate: (any ImmediateResponder)? = nil) -> HTTPServerBuilder {
        let governor = ConnectionGovernor(limit: limits.connections)
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(responder: responder, limits: limits, governor: governor, immediate: immediate)
        }
    }
}
