import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Sits after the HTTP decoder: tells `RequestHeadGuard` (by inbound user events sent back to the
/// start of the pipeline) when a request head has been decoded, when its body has ended, and when
/// its response has been written, and when the decoder found a request head not to be HTTP (the
/// guard answers that 400 itself, with the strict headers, instead of Hummingbird's bare one). Without keep-alive it closes the connection once the response is written: one
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
    /// Between a request's head and its end: a parse error there (a body cut short, bad chunking)
    /// must reach the handler reading the body, or it would take what came as the whole body.
    private var inRequest = false

    init(keepAlive: Bool) { self.keepAlive = keepAlive }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inRequest = true
            context.pipeline.syncOperations.fireUserInboundEventTriggered(Event.headArrived)
        case .end:
            inRequest = false
            context.pipeline.syncOperations.fireUserInboundEventTriggered(Event.requestEnded)
        case .body: break
        }
        context.fireChannelRead(data)
    }

    /// A parse error before any head reaches no further: the guard answers it and closes, so
    /// nothing else may write. Within a request it goes on, so that reading the body fails.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, !inRequest else {
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
