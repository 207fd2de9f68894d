import Foundation
import Synchronization

/// Each feed link's HTTP validators, kept in this process's memory so that a calendar program
/// revalidating (`If-None-Match`) is answered 304 without a query.
///
/// Correctness rests on being told of every change: a listener on `NOTIFY circles_feeds`
/// (migration 0014) calls `invalidateAll()` for each notice, and the cache serves nothing while
/// that listener is not connected (`setListening(false)`); it starts empty each time it is
/// (`setListening(true)`), because notices sent meanwhile are lost. A read that began before an
/// invalidation cannot store what it read afterwards (`ticket()` / `store`), so a slow request
/// never puts back a version older than the change. An entry also lapses when its earliest
/// meeting leaves the feed's window (which changes the feed with no change in the database),
/// and after `maximumAge` in any case.
public final class FeedValidatorCache: Sendable {
    struct Entry {
        let validators: CalendarFeeds.Validators
        let expires: Date
    }

    struct State {
        var listening = false
        var generation: UInt64 = 0
        var entries: [String: Entry] = [:]
    }

    /// How long an entry is trusted at most, notice or not (defence in depth, not the mechanism).
    public let maximumAge: TimeInterval
    /// The most links remembered; beyond it the table starts again empty.
    public let capacity: Int
    private let state = Mutex(State())

    /// An empty cache that serves nothing until `setListening(true)`.
    public init(maximumAge: TimeInterval = 300, capacity: Int = 100_000) {
        self.maximumAge = maximumAge
        self.capacity = capacity
    }

    /// The validators last read for `token`, if they may still be trusted at `now`.
    public func validators(for token: String, now: Date) -> CalendarFeeds.Validators? {
        state.withLock { state in
            guard state.listening, let entry = state.entries[token] else { return nil }
            guard now < entry.expires else {
                state.entries[token] = nil
                return nil
            }
            return entry.validators
        }
    }

    /// Taken before reading a feed's version from the database; nil when nothing may be stored.
    public func ticket() -> UInt64? {
        state.withLock { $0.listening ? $0.generation : nil }
    }

    /// Keeps `validators` for `token` until `expires` (capped by `maximumAge` from `now`), unless
    /// the cache was invalidated since `ticket` was taken.
    public func store(_ validators: CalendarFeeds.Validators, for token: String, ticket: UInt64?, expires: Date?, now: Date) {
        guard let ticket else { return }
        let until = min(expires ?? .distantFuture, now.addingTimeInterval(maximumAge))
        state.withLock { state in
            guard state.listening, state.generation == ticket, now < until else { return }
            if state.entries[token] == nil, state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[token] = Entry(validators: validators, expires: until)
        }
    }

    /// Forgets everything: a feed may have changed.
    public func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }

    /// Whether change notices are being received. Either way the cache starts again empty: while
    /// not listening nothing is served or stored, and notices sent meanwhile were lost.
    public func setListening(_ listening: Bool) {
        state.withLock { state in
            state.listening = listening
            state.generation &+= 1
            state.entries.removeAll()
        }
    }

    /// How many links are remembered (for metrics and tests).
    public var count: Int { state.withLock { $0.entries.count } }
}
