import Foundation
import ICalendar

/// One VEVENT of an iTIP REPLY (RFC 5546 §3.2.3): which event, which occurrence, who answered what.
public struct CalendarReply: Sendable, Hashable {
    /// One ATTENDEE line.
    public struct Attendee: Sendable, Hashable {
        /// The address after `mailto:`, lowercased.
        public var email: String
        /// PARTSTAT as written, uppercased (`NEEDS-ACTION` when absent).
        public var partstat: String
    }

    /// The event's UID as written.
    public var uid: String
    /// The occurrence answered for, as written; nil: the whole event (a series, or a single meeting).
    public var recurrenceID: ICalendarDateTime?
    /// SEQUENCE (0 when absent, as RFC 5545 says).
    public var sequence: Int
    /// DTSTAMP, when written in UTC (the RFC requires UTC); nil otherwise.
    public var dtstamp: Date?
    /// Every ATTENDEE (a REPLY should carry exactly one).
    public var attendees: [Attendee]
    /// COMMENT, where Outlook puts the person's note; several are joined by line breaks.
    public var comment: String?
    /// ORGANIZER's address, lowercased, when the client kept it (Outlook drops it).
    public var organizer: String?

    /// The instant of `recurrenceID`: UTC as written, a zoned time in its zone (IANA names and the
    /// common Windows names Outlook writes), a floating time or a date in `floatingZone`; nil when the
    /// zone is unknown.
    public func recurrenceInstant(floatingZone: TimeZone) -> Date? {
        recurrenceID.flatMap { Self.instant($0, floatingZone: floatingZone) }
    }

    /// The instant a DATE-TIME stands for; nil for a zone no one here knows.
    public static func instant(_ value: ICalendarDateTime, floatingZone: TimeZone) -> Date? {
        let zone: TimeZone?
        switch value.form {
        case .utc: zone = TimeZone(identifier: "UTC")
        case .floating, .date: zone = floatingZone
        case .zoned(let tzid): zone = TimeZone(identifier: tzid) ?? WindowsZones.iana[tzid].flatMap(TimeZone.init(identifier:))
        }
        guard let zone else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(
            from: DateComponents(
                year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute, second: value.second))
    }
}

/// The Windows zone names Outlook writes as TZID, for the zones Circles' teams are likely in.
enum WindowsZones {
    static let iana: [String: String] = [
        "GMT Standard Time": "Europe/London", "Greenwich Standard Time": "Atlantic/Reykjavik",
        "W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris",
        "Central Europe Standard Time": "Europe/Budapest", "Central European Standard Time": "Europe/Warsaw",
        "E. Europe Standard Time": "Europe/Chisinau", "FLE Standard Time": "Europe/Kiev", "GTB Standard Time": "Europe/Bucharest",
        "Eastern Standard Time": "America/New_York", "Central Standard Time": "America/Chicago",
        "Mountain Standard Time": "America/Denver", "Pacific Standard Time": "America/Los_Angeles",
        "AUS Eastern Standard Time": "Australia/Sydney", "New Zealand Standard Time": "Pacific/Auckland",
        "India Standard Time": "Asia/Kolkata", "UTC": "UTC", "Coordinated Universal Time": "UTC",
    ]
}
