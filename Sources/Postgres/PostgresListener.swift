import CLibPQ
import Foundation
import Synchronization

/// A message delivered by `NOTIFY`.
public struct PostgresNotification: Sendable, Hashable {
    /// The channel it was sent on.
    public let channel: String
    /// The payload (possibly empty).
    public let payload: String
    /// The backend process that sent it.
    public let senderProcessID: Int32
}

extension PostgresConnection {
    /// Subscribes to channels with `LISTEN` and returns their notifications as they arrive.
    ///
    /// Iterating waits on the connection's own thread with `poll(2)`, never on the cooperative
    /// pool, and ends (returns `nil`) when the iterating task is cancelled or the connection is
    /// closed with `stopListeningAndClose()`. The connection should be dedicated to listening.
    public func notifications(channels: [String]) throws -> PostgresNotifications {
        let handle = try liveHandle()
        for channel in channels {
            let name = try quoteIdentifier(channel, on: handle)
            _ = try Self.check(PQexec(handle, "LISTEN \(name)"), on: handle)
        }
        let stop = StopFlag()
        listening.withLock { $0 = stop }
        return PostgresNotifications(connection: self, stop: stop)
    }

    /// Waits for the next notification; `nil` once cancelled or stopped.
    func nextNotification(stop: StopFlag) throws -> PostgresNotification? {
        let handle = try liveHandle()
        while !stop.isStopped && !Task.isCancelled {
            if let notify = PQnotifies(handle) {
                defer { PQfreemem(notify) }
                return PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra),
                    senderProcessID: notify.pointee.be_pid
                )
            }
            // Wake at least every 200 ms to notice cancellation.
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0, errno != EINTR {
                throw PostgresError(code: .connectionLost, message: "waiting for notifications failed")
            }
            if ready > 0, PQconsumeInput(handle) != 1 { throw Self.lostOrFailed(handle) }
        }
        return nil
    }
}

/// The notifications of a listening connection, in arrival order.
public struct PostgresNotifications: AsyncSequence, Sendable {
    public typealias Element = PostgresNotification
    let connection: PostgresConnection
    let stop: StopFlag

    public func makeAsyncIterator() -> Iterator {
        Iterator(connection: connection, stop: stop)
    }

    /// Pulls notifications one at a time.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let connection: PostgresConnection
        let stop: StopFlag

        public mutating func next() async throws -> PostgresNotification? {
            try await connection.nextNotification(stop: stop)
        }
    }
}

/// A thread-safe one-way switch.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    var isStopped: Bool { value.withLock { $0 } }
    func stop() { value.withLock { $0 = true } }
}
