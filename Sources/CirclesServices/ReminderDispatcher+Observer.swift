import CirclesDomain

extension ReminderDispatcher {
    /// What became of one claimed reminder once it was settled.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// Delivered to the relay (or the file sink).
        case sent
        /// A temporary failure; it will be tried again later.
        case retried
        /// A permanent failure, a mail that could not be composed, or retries given up.
        case failed
        /// Not sent and cancelled: the meeting was cancelled or moved, or the recipient opted out.
        case skipped
    }

    /// Told of each reminder's outcome after it was settled, e.g. to count them in metrics.
    /// Keeps the services free of any metrics library.
    public typealias Observer = @Sendable (ReminderKind, Outcome) -> Void
}
