import CLibPQ
import Dispatch
import Foundation
import Logging
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
    /// Subscribes to channels with `LISTEN` and streams their notifications until the
    /// stream's consumer stops or the connection fails (the stream then throws).
    ///
    /// The connection is dedicated to listening while the stream lives (or until `close()`):
    /// waiting happens on the connection's own thread with `poll(2)`, never on the cooperative pool.
    public func notifications(channels: [String]) async throws -> AsyncThrowingStream<PostgresNotification, any Error> {
        try await withHandle { handle in
            for channel in channels {
                let name = try self.quoteIdentifier(channel, on: handle)
                _ = try PostgresConnection.check(PQexec(handle, "LISTEN \(name)"), on: handle)
            }
        }
        let (stream, continuation) = AsyncThrowingStream<PostgresNotification, any Error>.makeStream(bufferingPolicy: .unbounded)
        let stopped = StopFlag()
        listening.withLock { $0 = stopped }
        continuation.onTermination = { _ in stopped.stop() }
        Task.detached { [self] in
            do {
                try await withHandle { handle in
                    try PostgresConnection.pumpNotifications(handle, into: continuation, until: stopped)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }

    private static func pumpNotifications(
        _ handle: OpaquePointer,
        into continuation: AsyncThrowingStream<PostgresNotification, any Error>.Continuation,
        until stopped: StopFlag
    ) throws {
        let socket = PQsocket(handle)
        while !stopped.isStopped {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0, errno != EINTR {
                throw PostgresError(code: .connectionLost, message: "waiting for notifications failed")
            }
            guard ready > 0 else { continue }
            guard PQconsumeInput(handle) == 1 else { throw lostOrFailed(handle) }
            while let notify = PQnotifies(handle) {
                continuation.yield(
                    PostgresNotification(
                        channel: String(cString: notify.pointee.relname),
                        payload: String(cString: notify.pointee.extra),
                        senderProcessID: notify.pointee.be_pid
                    )
                )
                PQfreemem(notify)
            }
        }
    }
}

/// A thread-safe one-way switch.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    var isStopped: Bool { value.withLock { $0 } }
    func stop() { value.withLock { $0 = true } }
}
