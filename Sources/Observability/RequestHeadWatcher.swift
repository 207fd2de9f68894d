import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Sits after the HTTP decoder: tells `RequestHeadGuard` (by inbound user events sent back to the
/// start of the pipeline) when a request head has been decoded, when its body has ended, and when
/// its response has been written, and when the decoder found the bytes not to be HTTP (the guard
/// answers that 400 itself, with the strict headers, instead of Hummingbird's bare one). Without keep-alive it closes the connection once the response is written: one
/// request per connection, as `Connection: close` says.
final class RequestHeadWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What the guard is told.
    enum Event: Sendable {
        case headArrived
        case requestEnded
        case responseFinished
        case malformed
    }

    private let keepAlive: Bool

    init(keepAlive: Bool) { self.keepAlive = keepAlive }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: context.pipeline.syncOperations.fireUserInboundEventTriggered(Event.headArrived)
        case .end: context.pipeline.syncOperations.fireUserInboundEventTriggered(Event.requestEnded)
        case .body: break
        }
        context.fireChannelRead(data)
    }

    /// A parse error reaches no further: the guard answers it and closes, so nothing else may write.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        context.pipeline.syncOperations.fireUserInboundEventTriggered(Event.malformed)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        if keepAlive {
            context.write(data, promise: promise)
            context.pipeline.syncOperations.fireUserInboundEventTriggered(Event.responseFinished)
            return
        }
        let written = promise ?? context.eventLoop.makePromise()
        context.write(data, promise: written)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
