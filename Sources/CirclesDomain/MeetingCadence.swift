import Foundation

/// How often one series may meet: its meetings may not overlap one another, and at most
/// `maximumPerDay` may fall on one local day.
///
/// A rule such as `FREQ=MINUTELY` would otherwise create a meeting every minute (about 129,000
/// over a 90-day horizon) and invite everyone to each. The check reads the series' starts lazily
/// and stops at the first violation, so a refusal costs a handful of instances, and an accepted
/// rule at most `maximumPerDay` instances per day of the window.
public enum MeetingCadence {
    /// The most meetings of one series on one local day.
    public static let maximumPerDay = 2

    /// One meeting start: its instant and its local day (`2026-12-08`) in the series' zone.
    public struct Start: Sendable, Hashable {
        /// When it starts.
        public let instant: Date
        /// Its local date, ISO form, in the series' time zone.
        public let localDay: String

        /// Creates a start.
        public init(instant: Date, localDay: String) {
            self.instant = instant
            self.localDay = localDay
        }
    }

    /// Refuses a series whose `starts` (in increasing order; read only until `until` or the first
    /// violation) would overlap one another at `lengthMinutes` each, or put more than
    /// `maximumPerDay` on one day. `rule` names the rule in the message.
    public static func check(
        _ starts: some Sequence<Start>, lengthMinutes: Int, until: Date, rule: String
    ) throws(DomainError) {
        let length = TimeInterval(lengthMinutes * 60)
        var previous: Start?
        var onDay = 0
        for start in starts {
            if start.instant > until { return }
            if let previous {
                let gap = start.instant.timeIntervalSince(previous.instant)
                if gap <= length {
                    throw DomainError(
                        field: "rule",
                        "the rule \(rule) would start a meeting every \(describe(seconds: gap)), so each meeting of "
                            + "\(describe(seconds: length)) would overlap the next (from \(previous.localDay)); "
                            + accepted)
                }
                onDay = previous.localDay == start.localDay ? onDay + 1 : 1
            } else {
                onDay = 1
            }
            if onDay > maximumPerDay {
                throw DomainError(
                    field: "rule",
                    "the rule \(rule) would put more than \(maximumPerDay) meetings on \(start.localDay); " + accepted)
            }
            previous = start
        }
    }

    /// What is accepted, for every refusal.
    static let accepted = "meetings of one series may not overlap and at most \(maximumPerDay) may fall on one day"

    /// `1 minute`, `90 minutes`, `2 hours`, `30 seconds`.
    static func describe(seconds interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded())
        func plural(_ count: Int, _ unit: String) -> String { "\(count) \(unit)\(count == 1 ? "" : "s")" }
        if seconds % 3600 == 0, seconds >= 3600 { return plural(seconds / 3600, "hour") }
        if seconds % 60 == 0, seconds >= 60 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }
}
