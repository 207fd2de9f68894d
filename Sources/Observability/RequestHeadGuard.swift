import NIOCore

/// The first handler of every operations connection, on raw bytes, before the HTTP decoder:
/// a request head must arrive within `readTimeout` and `headBytes`, however fast or slowly its
/// bytes come. Beyond the size it answers 431, past the deadline 408 (or just closes a connection
/// that sent nothing), and reads no more. Once the head is decoded (`RequestHeadWatcher` tells
/// it) the rest passes freely; the connection closes after its one response.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let headBytes: Int
    private let readTimeout: TimeAmount
    private let governor: ConnectionGovernor
    private var ticket: UInt64?
    private var waitingForHead = true
    private var received = 0
    private var refused = false
    private var deadline: Scheduled<Void>?

    init(headBytes: Int, readTimeout: TimeAmount, governor: ConnectionGovernor) {
        self.headBytes = headBytes
        self.readTimeout = readTimeout
        self.governor = governor
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let ticket = governor.admit(context.channel) else {
            refuse(context, status: "503 Service Unavailable", body: "too many connections\n")
            return
        }
        self.ticket = ticket
        armDeadline(context)
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
            received += unwrapInboundIn(data).readableBytes
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
            waitingForHead = false
            deadline?.cancel()
            if let ticket { governor.headArrived(ticket) }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func armDeadline(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: readTimeout) {
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
