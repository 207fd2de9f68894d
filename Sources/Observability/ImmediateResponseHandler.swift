import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The last handler before the application: offers each request head to an
/// `ImmediateResponder` and, when it answers, writes that response and drops the rest of the
/// request, so the application never sees it. The handlers before it (keep-alive state, the head
/// guard) see an ordinary request and response.
///
/// Responses must leave in request order, so a request is only offered while no earlier request
/// on the connection is still waiting for the application's response (pipelining), and never
/// one that asks to close the connection (the application closes after its response).
final class ImmediateResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let responder: any ImmediateResponder
    /// Requests passed to the application whose responses have not been written yet.
    private var awaitingApplication = 0
    /// Whether the parts being read belong to a request answered here.
    private var dropping = false

    init(responder: any ImmediateResponder) {
        self.responder = responder
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if awaitingApplication == 0, !Self.asksToClose(head),
                let response = responder.response(to: head, from: context.channel.remoteAddress)
            {
                dropping = true
                write(response, context: context)
                return
            }
            awaitingApplication += 1
            context.fireChannelRead(data)
        case .body:
            if !dropping { context.fireChannelRead(data) }
        case .end:
            if dropping {
                dropping = false
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { awaitingApplication = max(0, awaitingApplication - 1) }
        context.write(data, promise: promise)
    }

    private func write(_ response: ImmediateResponse, context: ChannelHandlerContext) {
        var head = response.head
        // A 304 says nothing of length (RFC 9110 §15.4.5); a body says its own.
        if let body = response.body { head.headerFields[.contentLength] = "\(body.readableBytes)" }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body = response.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(body)), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private static func asksToClose(_ head: HTTPRequest) -> Bool {
        head.headerFields[values: .connection].contains { $0.lowercased().contains("close") }
    }
}
