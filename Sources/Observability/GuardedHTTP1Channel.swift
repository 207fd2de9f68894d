import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with `RequestHeadGuard` in front of the decoder: the same
/// pipeline as `HTTP1Channel`, plus the head budget, the head deadline and the connection cap a
/// listener keeps whatever a client does. With `keepAlive` a connection carries request after
/// request (each head under the same rules); without, it closes after its one response.
struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let limits: RequestHeadLimits
    let governor: ConnectionGovernor
    let immediate: (any ImmediateResponder)?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(
                RequestHeadGuard(
                    headBytes: limits.headBytes, headTimeout: .init(limits.headTimeout), idleTimeout: .init(limits.idleTimeout),
                    governor: governor))
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderListSize = limits.headBytes
            decoderLimits.maxHeaderFieldSize = limits.headBytes
            try operations.configureHTTPServerPipeline(
                withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false,
                withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
            // Requests answered from memory are answered here, before Hummingbird's conversions (keep-alive only:
            // without it the watcher below closes each connection after its response).
            if let immediate, limits.keepAlive { try operations.addHandler(ImmediateResponseHandler(responder: immediate)) }
            try operations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try operations.addHandler(RequestHeadWatcher(keepAlive: limits.keepAlive))
            if limits.keepAlive {
                // Hummingbird's own: closes idle connections on graceful shutdown, and one whose request
                // body stalls for the idle time.
                try operations.addHandler(HTTPConnectionStateHandler(idleTimeout: limits.idleTimeout, logger: logger))
            }
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
