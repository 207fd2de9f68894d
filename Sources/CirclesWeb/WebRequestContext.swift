import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Each request's context: Hummingbird's core storage and the connected peer, for rate limits.
public struct WebRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected peer (the reverse proxy, when there is one).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client to rate-limit: the peer, or — when the peer is on this machine (a reverse proxy
    /// beside circles-web) — the address the proxy appended last to X-Forwarded-For.
    func clientAddress(_ request: Request) -> String {
        Self.clientAddress(peer: remoteAddress, forwardedFor: request.headers[HTTPField.Name("X-Forwarded-For")!])
    }

    /// The client to rate-limit, from the connected `peer` and the request's X-Forwarded-For.
    static func clientAddress(peer address: SocketAddress?, forwardedFor forwarded: String?) -> String {
        let peer = address?.ipAddress ?? "unknown"
        guard peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("::ffff:127."), let forwarded,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64
        else { return peer }
        return last
    }
}
