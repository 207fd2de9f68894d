import NIOCore
import Synchronization

/// Caps the connections one listener holds open, so idle or slow clients cannot keep the health
/// checks out: when the cap is reached a new connection takes the place of the one that has
/// waited longest for its request head (which is closed); only when every open connection has
/// its request in hand is the new one refused (503).
final class ConnectionGovernor: Sendable {
    /// One admitted connection. Whether it waits for a head is flipped on every request, so it is
    /// an atomic of its own rather than a change under the governor's lock; the lock is taken
    /// only to admit and to close.
    final class Ticket: Sendable {
        fileprivate let number: UInt64
        fileprivate let channel: any Channel
        fileprivate let waiting = Atomic(true)

        fileprivate init(number: UInt64, channel: any Channel) {
            self.number = number
            self.channel = channel
        }
    }

    private struct State {
        var open = 0
        /// Admitted connections not yet displaced or closed, by admission number.
        var tickets: [UInt64: Ticket] = [:]
        var admitted: UInt64 = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// Admits a connection as waiting for its head, displacing the longest-waiting one at the
    /// cap; nil when none can be displaced (the caller refuses the connection).
    func admit(_ channel: any Channel) -> Ticket? {
        let (ticket, displaced): (Ticket?, (any Channel)?) = state.withLock { state in
            var displaced: (any Channel)?
            if state.open >= limit {
                // Only at the cap: the earliest admitted of those waiting for a head.
                let waiting = state.tickets.values.filter { $0.waiting.load(ordering: .relaxed) }
                guard let oldest = waiting.min(by: { $0.number < $1.number }) else { return (nil, nil) }
                state.tickets.removeValue(forKey: oldest.number)
                displaced = oldest.channel
            }
            // A displaced connection counts until it has closed, so a burst holds at most twice the cap for a moment.
            state.open += 1
            state.admitted += 1
            let ticket = Ticket(number: state.admitted, channel: channel)
            state.tickets[ticket.number] = ticket
            return (ticket, displaced)
        }
        displaced?.close(promise: nil)
        return ticket
    }

    /// The connection's request head has arrived: it can no longer be displaced.
    func headArrived(_ ticket: Ticket) { ticket.waiting.store(false, ordering: .relaxed) }

    /// A keep-alive connection has finished its response and waits for the next head: it may be displaced again.
    func awaitingHead(_ ticket: Ticket) { ticket.waiting.store(true, ordering: .relaxed) }

    /// The connection has closed.
    func closed(_ ticket: Ticket) {
        state.withLock { state in
            state.tickets.removeValue(forKey: ticket.number)
            state.open -= 1
        }
    }
}
