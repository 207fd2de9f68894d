import HTTPTypes
import NIOCore

/// Answers some requests on the connection's event loop, from memory, before they reach the
/// application: for a hot path that needs no database and no body (circles-web's feed
/// revalidations, which calendar programs send every few minutes). Everything it does not
/// answer goes to the application unchanged.
///
/// Called on an event loop: it must be quick and must never block or await.
public protocol ImmediateResponder: Sendable {
    /// The whole response to a request with `head` from `peer`, or nil to pass the request on.
    func response(to head: HTTPRequest, from peer: SocketAddress?) -> ImmediateResponse?
}

/// A response written in full by an `ImmediateResponder`.
public struct ImmediateResponse: Sendable {
    /// Status and header fields (Content-Length is set from `body`).
    public var head: HTTPResponse
    /// The body, if any.
    public var body: ByteBuffer?

    /// `head` with `body`.
    public init(head: HTTPResponse, body: ByteBuffer? = nil) {
        self.head = head
        self.body = body
    }
}
