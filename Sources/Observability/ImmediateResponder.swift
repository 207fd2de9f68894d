import NIOCore
import NIOHTTP1

/// Answers some requests on the connection's event loop, from memory, before they reach the
/// application: for a hot path that needs no database (circles-web's feed revalidations, which
/// calendar programs send every few minutes). It sees the decoded request head before Hummingbird
/// converts it, and its answer goes straight to the HTTP encoder. Everything it does not answer
/// goes to the application unchanged.
///
/// Called on an event loop: it must be quick and must never block or await.
public protocol ImmediateResponder: Sendable {
    /// The whole response to a request with `head` from `peer`, or nil to pass the request on.
    func response(to head: HTTPRequestHead, from peer: SocketAddress?) -> ImmediateResponse?
}

/// A response written in full by an `ImmediateResponder`.
public struct ImmediateResponse: Sendable {
    /// The status.
    public var status: HTTPResponseStatus
    /// The header fields (Content-Length is set from `body` when there is one).
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: ByteBuffer?

    /// `status` with `headers` and `body`.
    public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
