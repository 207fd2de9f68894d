/// A calendar date with no time of day and no time zone (an RFC 5545 `DATE`).
public struct LocalDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…31 and valid for the month.
    public let day: Int

    /// A date, or nil when it does not exist (30 February, year 0).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Civil.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Builds from components already known to be valid.
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The weekday this date falls on.
    public var weekday: Weekday {
        // safe: Civil.weekday returns 0...6, the raw values of Weekday.
        Weekday(rawValue: Civil.weekday(days: dayNumber)) ?? .monday
    }

    /// Days since 1970-01-01.
    var dayNumber: Int { Civil.days(year: year, month: month, day: day) }

    /// ISO 8601 form, `2026-12-08`.
    public var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    /// RFC 5545 basic form, `20261208`.
    public var icalendar: String { "\(pad(year, 4))\(pad(month, 2))\(pad(day, 2))" }

    /// Chronological order.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Zero-pads a non-negative number to `width` digits.
@inline(__always)
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width
        ? digits : String(repeating: "0", count: width - digits.count) + digits
}
