/// One instance of a recurrence set after closed days were applied: held where the rule put it,
/// moved to another day, or skipped, with the reason a person can read.
public struct ScheduledOccurrence: Sendable, Hashable {
    /// Where the rule put it.
    public let original: Occurrence
    /// What became of it.
    public let outcome: Outcome

    /// What became of an instance on account of closed days.
    public enum Outcome: Sendable, Hashable {
        /// Held where the rule put it (its day is open).
        case kept
        /// Moved off its closed day to `Occurrence`, the same local time on another day.
        case moved(to: Occurrence)
        /// Not held; the reason says why it could not move.
        case skipped(SkipReason)
    }

    /// Why an instance on a closed day was not moved.
    public enum SkipReason: String, Sendable, Hashable, CaseIterable {
        /// The series skips closed days.
        case closed
        /// No open working day within the allowed distance.
        case noOpenDayNearby = "no-open-day-nearby"
        /// The nearest open working day is in another month and the series keeps to the month.
        case outsideMonth = "outside-month"
        /// The nearest open working day already holds another meeting of the series.
        case dayTaken = "day-taken"

        /// A sentence for people, after "skipped: ".
        public var explanation: String {
            switch self {
            case .closed: "the day is closed"
            case .noOpenDayNearby: "the day is closed and no working day nearby is open"
            case .outsideMonth: "the day is closed and the nearest open working day is in another month"
            case .dayTaken: "the day is closed and the nearest open working day already has a meeting of this series"
            }
        }
    }

    /// When it happens, or nil when it is skipped.
    public var held: Occurrence? {
        switch outcome {
        case .kept: original
        case .moved(let to): to
        case .skipped: nil
        }
    }
}
