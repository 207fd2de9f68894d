import Foundation
import Synchronization

/// A rate: so many requests per minute on average, with bursts up to `burst`.
public struct RateLimit: Sendable, Hashable {
    /// The sustained rate.
    public var perMinute: Double
    /// How many may come at once after a quiet spell.
    public var burst: Double

    /// A rate of `perMinute` with bursts of `burst`.
    public init(perMinute: Double, burst: Double) {
        self.perMinute = perMinute
        self.burst = burst
    }
}

/// Token buckets by key (a client address, a link token), in this process's memory: each replica
/// limits on its own, which bounds what one client can make any replica do. Idle buckets are
/// forgotten, and the table never holds more than `capacity` keys (the fullest are dropped first),
/// so a flood of distinct keys cannot grow memory.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    let limit: RateLimit
    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter at `limit` remembering at most `capacity` keys.
    public init(_ limit: RateLimit, capacity: Int = 50_000) {
        self.limit = limit
        self.capacity = capacity
    }

    /// Takes one request from `key`'s bucket at `now` (seconds); false when it is empty.
    public func allow(_ key: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
        let rate = limit.perMinute / 60
        return buckets.withLock { table in
            var bucket = table[key] ?? Bucket(tokens: limit.burst, updated: now)
            bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            if table[key] == nil, table.count >= capacity { Self.prune(&table, now: now, rate: rate, burst: limit.burst, capacity: capacity) }
            table[key] = bucket
            return allowed
        }
    }

    /// Drops the buckets that have refilled (they hold nothing a new bucket would not); if the
    /// table is still full, keeps only the emptiest half, the clients most in need of limiting.
    static func prune(_ table: inout [String: Bucket], now: Double, rate: Double, burst: Double, capacity: Int) {
        table = table.filter { $0.value.tokens + (now - $0.value.updated) * rate < burst }
        guard table.count >= capacity else { return }
        let kept = table.sorted { $0.value.tokens < $1.value.tokens }.prefix(capacity / 2)
        table = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
