import Foundation

/// One closure: whole days (`firstDay` through `lastDay`, local dates) or a stretch of time.
public struct Closure: Sendable, Hashable, Codable {
    /// When it applies.
    public enum Span: Sendable, Hashable, Codable {
        /// Whole days, `YYYY-MM-DD` through `YYYY-MM-DD` inclusive, wherever the team is.
        case days(first: String, last: String)
        /// From an instant until (not including) another.
        case timed(from: Date, until: Date)
    }

    /// Stable identifier (empty before it is stored).
    public let id: String
    /// The calendar it belongs to.
    public let calendarID: String
    /// When nobody is in.
    public var span: Span
    /// Why, in the calendar's words: "Christmas Day", "Team training day".
    public var reason: String
    /// The key an import gave it (gov.uk `division:date`, iCalendar `UID` or `UID/instance`), so a
    /// re-import can tell which entries changed; nil for one added by hand.
    public var sourceKey: String?

    /// Creates a closure value.
    public init(id: String, calendarID: String, span: Span, reason: String, sourceKey: String?) {
        self.id = id
        self.calendarID = calendarID
        self.span = span
        self.reason = reason
        self.sourceKey = sourceKey
    }
}
