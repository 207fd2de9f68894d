/// How an action item is doing, as of the report's day. Worked out in this order:
///
/// - `done` / `dropped`: the action's status at the as-of moment says so.
/// - `stalled` (open or in progress) when either
///   - it has meeting series and none of them is active (all paused or ended), or
///   - nothing has happened for too long: no held meeting, no follow-up raised or closed, no
///     status change and no workshop for more than 3 × the series' interval (90 days when the
///     action has no series).
/// - `atRisk` when any of
///   - the last two meetings planned up to the as-of day were both not held (cancelled or
///     never recorded),
///   - one of its follow-ups is open past its due day,
///   - its active series held no meeting for more than 2 × its interval (counted from the last
///     held meeting, or from its first planned meeting if none was held yet),
///   - the action itself is past its due day.
/// - `onTrack` otherwise.
public enum ProgressFlag: String, Sendable, Hashable, Codable, CaseIterable {
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case stalled
    case done
    case dropped

    /// Days without any activity after which an action with no meeting series is stalled.
    public static let unscheduledStallDays = 90

    /// The words used in tables: `on track`, `at risk`, …
    public var name: String {
        switch self {
        case .onTrack: "on track"
        case .atRisk: "at risk"
        case .stalled, .done, .dropped: rawValue
        }
    }
}
