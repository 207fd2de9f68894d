import NIOCore
import NIOHTTP1

/// Sits right after the HTTP/1 decoder: offers each request head to an `ImmediateResponder` and,
/// when it answers, writes that response to the encoder and drops the rest of the request, so
/// neither Hummingbird nor the application sees it. `RequestHeadGuard` is told of the head, the
/// request's end and the finished response, as `RequestHeadWatcher` tells it of every other request.
///
/// Responses must leave in request order, so a request is only offered while no earlier request
/// on the connection is still waiting for the application's response (pipelining); and only an
/// HTTP/1.1 keep-alive request, since the application decides how a connection ends.
final class ImmediateResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

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
            if awaitingApplication == 0, head.version == .http1_1, head.isKeepAlive,
                let response = responder.response(to: head, from: context.channel.remoteAddress)
            {
                dropping = true
                answer(response, context: context)
                return
            }
            awaitingApplication += 1
            context.fireChannelRead(data)
        case .body:
            if !dropping { context.fireChannelRead(data) }
        case .end:
            if dropping {
                dropping = false
                context.pipeline.syncOperations.fireUserInboundEventTriggered(RequestHeadWatcher.Event.requestEnded)
            } else {
                context.fireChannelRead(data)
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { awaitingApplication = max(0, awaitingApplication - 1) }
        context.write(data, promise: promise)
    }

    private func answer(_ response: ImmediateResponse, context: ChannelHandlerContext) {
        let guardEvents = context.pipeline.syncOperations
        guardEvents.fireUserInboundEventTriggered(RequestHeadWatcher.Event.headArrived)
        var headers = response.headers
        // A 304 says nothing of length (RFC 9110 §15.4.5); a body says its own.
        if let body = response.body { headers.replaceOrAdd(name: "Content-Length", value: "\(body.readableBytes)") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))), promise: nil)
        if let body = response.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        guardEvents.fireUserInboundEventTriggered(RequestHeadWatcher.Event.responseFinished)
    }
}
