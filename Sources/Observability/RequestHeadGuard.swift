import NIOCore

/// The first handler of every guarded connection, on raw bytes, before the HTTP decoder: a
/// request head must start within `idleTimeout` of the connection's start (or its previous
/// response) and be complete within `headTimeout` of its first byte (and never later than the
/// idle deadline), within `headBytes`, however fast or slowly its bytes come. Beyond the size it
/// answers 431, past the deadline 408 (or just closes a connection that sent nothing), and reads
/// no more. Once the head is decoded (`RequestHeadWatcher` tells it) the rest passes freely; when
/// the response has been written on a keep-alive connection, the next head is held to the same
/// rules.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let headBytes: Int
    private let headTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let governor: ConnectionGovernor
    private var ticket: UInt64?
    private var waitingForHead = true
    /// Heads decoded and responses finished: with pipelining a head may come before the previous response ends.
    private var heads = 0
    private var responses = 0
    private var received = 0
    private var refused = false
    private var deadline: Scheduled<Void>?
    private var deadlineAt = NIODeadline.distantFuture

    init(headBytes: Int, headTimeout: TimeAmount, idleTimeout: TimeAmount, governor: ConnectionGovernor) {
        self.headBytes = headBytes
        self.headTimeout = headTimeout
        self.idleTimeout = idleTimeout
        self.governor = governor
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let ticket = governor.admit(context.channel) else {
            refuse(context, status: "503 Service Unavailable", body: "too many connections\n")
            return
        }
        self.ticket = ticket
        armDeadline(context, at: .now() + idleTimeout)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if let ticket { governor.closed(ticket) }
        ticket = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if waitingForHead {
            let bytes = unwrapInboundIn(data).readableBytes
            // The head's first byte starts its own clock (never extending the idle one).
            if received == 0, bytes > 0 {
                let due = NIODeadline.now() + headTimeout
                if due < deadlineAt { armDeadline(context, at: due) }
            }
            received += bytes
            // Empty lines before a request line count too: nothing is read for ever.
            if received > headBytes {
                refuse(context, status: "431 Request Header Fields Too Large", body: "the request head is larger than \(headBytes) bytes\n")
                return
            }
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case RequestHeadWatcher.Event.headArrived:
            heads += 1
            waitingForHead = false
            deadline?.cancel()
            deadline = nil
            deadlineAt = .distantFuture
            if let ticket { governor.headArrived(ticket) }
        case RequestHeadWatcher.Event.responseFinished:
            responses += 1
            // Keep-alive: once every head read has its response, the next one is awaited under the same rules.
            guard responses >= heads, !refused else { return }
            waitingForHead = true
            received = 0
            if let ticket { governor.awaitingHead(ticket, context.channel) }
            armDeadline(context, at: .now() + idleTimeout)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func armDeadline(_ context: ChannelHandlerContext, at due: NIODeadline) {
        deadline?.cancel()
        deadlineAt = due
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = loopBound.value
            guard handler.waitingForHead, !handler.refused else { return }
            if handler.received == 0 {
                handler.refused = true
                context.close(promise: nil)
            } else {
                handler.refuse(context, status: "408 Request Timeout", body: "the request head did not arrive in time\n")
            }
        }
    }

    /// Answers with a fixed response straight onto the socket, stops reading, and closes once written.
    private func refuse(_ context: ChannelHandlerContext, status: String, body: String) {
        refused = true
        deadline?.cancel()
        let text = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let buffer = context.channel.allocator.buffer(string: text)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
