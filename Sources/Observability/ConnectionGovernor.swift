import NIOCore
import Synchronization

/// Caps the connections one listener holds open, so idle or slow clients cannot keep the health
/// checks out: when the cap is reached a new connection takes the place of the one that has
/// waited longest for its request head (which is closed); only when every open connection has
/// its request in hand is the new one refused (503).
final class ConnectionGovernor: Sendable {
    private struct State {
        var open = 0
        /// Connections still waiting for a request head, by admission order.
        var waiting: [UInt64: any Channel] = [:]
        var admitted: UInt64 = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// Admits a connection as waiting for its head, displacing the longest-waiting one at the
    /// cap; nil when none can be displaced (the caller refuses the connection).
    func admit(_ channel: any Channel) -> UInt64? {
        let (ticket, displaced): (UInt64?, (any Channel)?) = state.withLock { state in
            var displaced: (any Channel)?
            if state.open >= limit {
                guard let oldest = state.waiting.keys.min(), let channel = state.waiting.removeValue(forKey: oldest) else { return (nil, nil) }
                displaced = channel
            }
            // A displaced connection counts until it has closed, so a burst holds at most twice the cap for a moment.
            state.open += 1
            state.admitted += 1
            state.waiting[state.admitted] = channel
            return (state.admitted, displaced)
        }
        displaced?.close(promise: nil)
        return ticket
    }

    /// The connection's request head has arrived: it can no longer be displaced.
    func headArrived(_ ticket: UInt64) { _ = state.withLock { $0.waiting.removeValue(forKey: ticket) } }

    /// A keep-alive connection has finished its response and waits for the next head: it may be displaced again.
    func awaitingHead(_ ticket: UInt64, _ channel: any Channel) { state.withLock { $0.waiting[ticket] = channel } }

    /// The connection has closed.
    func closed(_ ticket: UInt64) {
        state.withLock { state in
            state.waiting.removeValue(forKey: ticket)
            state.open -= 1
        }
    }
}
