/// What a series does with a meeting whose day is closed (a bank holiday, a closure).
public enum ClosurePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The meeting is not held.
    case skip
    /// The meeting moves to the nearest open working day after, at the same local time.
    case nextWorkingDay = "next-working-day"
    /// The meeting moves to the nearest open working day before, at the same local time.
    case previousWorkingDay = "previous-working-day"
}
