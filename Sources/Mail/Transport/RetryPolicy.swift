/// When to try a temporarily failed mail again: exponential back-off with jitter above a floor.
///
/// After attempt `n` fails, the next one waits a random time between half and all of
/// `min(cap, base × 2^(n−1))` ("equal jitter"). The random half spreads retries of many mails
/// that failed together instead of sending them back in a burst; the floor keeps a relay's
/// "try later" from being retried within a second, which full jitter (from zero) allowed.
/// After `maxAttempts` attempts there is no next one. Pure: the caller supplies the random numbers.
public struct RetryPolicy: Sendable, Hashable {
    /// The ceiling of the first wait; each later ceiling doubles it.
    public let base: Duration
    /// The largest ceiling; waits never exceed it.
    public let cap: Duration
    /// How many attempts a mail gets in all, the first one included.
    public let maxAttempts: Int

    /// One minute doubling up to an hour, eight attempts: about two hours of retrying on average.
    public static let `default` = RetryPolicy(
        validBase: .seconds(60), cap: .seconds(3600), maxAttempts: 8)

    /// Creates a policy; `base` must be positive, `cap` at least `base`, `maxAttempts` at least 1.
    public init(base: Duration, cap: Duration, maxAttempts: Int) throws(TransportConfigurationError)
    {
        guard base > .zero else {
            throw TransportConfigurationError(
                part: "base", message: "the retry base delay must be positive, got \(base)")
        }
        guard cap >= base else {
            throw TransportConfigurationError(
                part: "cap",
                message: "the retry cap (\(cap)) must be at least the base delay (\(base))")
        }
        guard maxAttempts >= 1 else {
            throw TransportConfigurationError(
                part: "maxAttempts", message: "a mail needs at least 1 attempt, got \(maxAttempts)")
        }
        self.init(validBase: base, cap: cap, maxAttempts: maxAttempts)
    }

    private init(validBase base: Duration, cap: Duration, maxAttempts: Int) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// The longest wait after attempt `attempt` (counted from 1) fails, or nil when no attempt is left.
    public func ceiling(afterAttempt attempt: Int) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        return .nanoseconds(ceilingNanoseconds(afterAttempt: attempt))
    }

    /// The shortest wait after attempt `attempt` (counted from 1) fails: half its ceiling; nil when no attempt is left.
    public func floor(afterAttempt attempt: Int) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        return .nanoseconds(ceilingNanoseconds(afterAttempt: attempt) / 2)
    }

    /// A random wait between the floor and the ceiling after attempt `attempt` (counted from 1)
    /// fails, or nil when no attempt is left.
    public func delay(afterAttempt attempt: Int, random: inout some RandomNumberGenerator)
        -> Duration?
    {
        guard attempt < maxAttempts else { return nil }
        let ceiling = ceilingNanoseconds(afterAttempt: attempt)
        let floor = ceiling / 2
        return .nanoseconds(Int64(UInt64.random(in: UInt64(floor)...UInt64(ceiling), using: &random)))
    }

    /// `min(cap, base × 2^(attempt−1))` in nanoseconds, saturating instead of overflowing.
    private func ceilingNanoseconds(afterAttempt attempt: Int) -> Int64 {
        let base = Self.nanoseconds(base)
        let cap = Self.nanoseconds(cap)
        let doublings = max(attempt, 1) - 1
        guard doublings < Int64.bitWidth - 1 else { return cap }
        let (grown, overflow) = base.multipliedReportingOverflow(by: Int64(1) << doublings)
        return overflow ? cap : min(grown, cap)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? 0 : Int64.max }
        let (total, overflow2) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : max(total, 0)
    }
}
