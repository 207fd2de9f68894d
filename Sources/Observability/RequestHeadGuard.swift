import NIOCore

/// The first handler of every guarded connection, on raw bytes, before the HTTP decoder: a
/// request head must start within `idleTimeout` of the connection's start (or its previous
/// response) and be complete within `headTimeout` of its first byte (and never later than the
/// idle deadline), within `headBytes`, however fast or slowly its bytes come. Beyond the size it
/// answers 431, past the deadline 408 (or just closes a connection that sent nothing), to bytes
/// the decoder cannot read as HTTP 400, and reads no more. Once the head is decoded (`RequestHeadWatcher` tells it), its body must have come
/// within `headTimeout` too (else 408, or a close if the response has gone already): a body
/// trickled a byte at a time cannot hold a connection, which the cap counts, for long. When the
/// response has been written on a keep-alive connection, the next head is held to the same rules.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let headBytes: Int
    private let headTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let governor: ConnectionGovernor
    private var ticket: ConnectionGovernor.Ticket?
    private var waitingForHead = true
    /// Whether the last head read still waits for the end of its body.
    private var bodyPending = false
    /// Heads decoded and responses finished: with pipelining a head may come before the previous response ends.
    private var heads = 0
    private var responses = 0
    private var received = 0
    private var refused = false
    /// Unreadable bytes came while a response was still due: it is written, then the connection closes.
    private var closeWhenAnswered = false
    /// When the head (or, before its first byte, the connection, or after the head, its body) must
    /// have arrived; distantFuture when nothing is awaited.
    private var deadlineAt = NIODeadline.distantFuture
    /// The one timer that checks `deadlineAt`. It is moved only when a deadline comes earlier than
    /// it; later or cleared deadlines are found when it fires (so a keep-alive request schedules nothing).
    private var timer: Scheduled<Void>?
    private var timerAt = NIODeadline.distantFuture

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
        setDeadline(context, .now() + idleTimeout)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
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
                if due < deadlineAt { setDeadline(context, due) }
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
            bodyPending = true
            setDeadline(context, .now() + headTimeout)
            if let ticket { governor.headArrived(ticket) }
        case RequestHeadWatcher.Event.requestEnded:
            bodyPending = false
            if !waitingForHead { deadlineAt = .distantFuture }
        case RequestHeadWatcher.Event.responseFinished:
            responses += 1
            if closeWhenAnswered, responses >= heads {
                // Closed once everything written before is out (writes complete in order).
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
                    .whenComplete { _ in loopBound.value.close(promise: nil) }
                return
            }
            // Keep-alive: once every head read has its response, the next one is awaited under the same rules.
            guard responses >= heads, !refused else { return }
            waitingForHead = true
            received = 0
            if let ticket { governor.awaitingHead(ticket) }
            // A body still coming keeps its own, earlier deadline.
            let idle = NIODeadline.now() + idleTimeout
            setDeadline(context, bodyPending ? min(idle, deadlineAt) : idle)
        case RequestHeadWatcher.Event.malformed:
            guard !refused else { return }
            // A response still due is written first (it may say an answer was saved); no 400 follows
            // it, and the connection closes once it is out.
            if responses < heads {
                refused = true
                closeWhenAnswered = true
                timer?.cancel()
            } else {
                refuse(context, status: "400 Bad Request", body: "the request is not well-formed HTTP/1.1\n")
            }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func setDeadline(_ context: ChannelHandlerContext, _ due: NIODeadline) {
        deadlineAt = due
        if timer == nil || due < timerAt { schedule(context, at: due) }
    }

    private func schedule(_ context: ChannelHandlerContext, at due: NIODeadline) {
        timer?.cancel()
        timerAt = due
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = loopBound.value
            handler.timerFired(context)
        }
    }

    private func timerFired(_ context: ChannelHandlerContext) {
        timer = nil
        timerAt = .distantFuture
        guard !refused, deadlineAt != .distantFuture else { return }
        if deadlineAt > .now() {
            schedule(context, at: deadlineAt)
        } else if bodyPending {
            if responses < heads {
                refuse(context, status: "408 Request Timeout", body: "the request body did not arrive in time\n")
            } else {
                refused = true
                context.close(promise: nil)
            }
        } else if !waitingForHead {
            return
        } else if received == 0 {
            refused = true
            context.close(promise: nil)
        } else {
            refuse(context, status: "408 Request Timeout", body: "the request head did not arrive in time\n")
        }
    }

    /// Answers with a fixed response straight onto the socket, stops reading, and closes once written.
    /// The strict headers circles-web's own pages carry, on a refusal made before any route: it
    /// is plain text, but a browser shown it must neither sniff, frame, cache nor refer from it.
    static let strictHeaders =
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\nX-Content-Type-Options: nosniff\r\n"
        + "Referrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\nCache-Control: no-store\r\n"

    private func refuse(_ context: ChannelHandlerContext, status: String, body: String) {
        refused = true
        timer?.cancel()
        let text = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + Self.strictHeaders + "Connection: close\r\n\r\n\(body)"
        let buffer = context.channel.allocator.buffer(string: text)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
