/// How a series treats closed days: which days are closed, what to do on one, and how far a
/// meeting may move.
public struct ClosureRule: Sendable, Hashable {
    /// The closed days and working weekdays.
    public var closedDays: ClosedDays
    /// Skip, or move to the next or previous working day.
    public var policy: ClosurePolicy
    /// Whether a moved meeting must stay in its original calendar month ("within the month").
    public var keepWithinMonth: Bool
    /// How many days a meeting may move at most; beyond that it is skipped (a long closure).
    public var maximumShiftDays: Int

    /// The longest move allowed: two weeks covers a Christmas closure and its weekends.
    public static let defaultMaximumShiftDays = 14

    /// A closure rule; `maximumShiftDays` is clamped to 1…31.
    public init(
        closedDays: ClosedDays, policy: ClosurePolicy = .skip, keepWithinMonth: Bool = false,
        maximumShiftDays: Int = ClosureRule.defaultMaximumShiftDays
    ) {
        self.closedDays = closedDays
        self.policy = policy
        self.keepWithinMonth = keepWithinMonth
        self.maximumShiftDays = min(max(maximumShiftDays, 1), 31)
    }
}
