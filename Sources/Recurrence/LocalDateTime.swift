/// A wall-clock date and time with no zone attached (RFC 5545 local or floating `DATE-TIME`).
public struct LocalDateTime: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The date part.
    public let date: LocalDate
    /// The hour, 0…23.
    public let hour: Int
    /// The minute, 0…59.
    public let minute: Int
    /// The second, 0…59.
    public let second: Int

    /// A date-time, or nil when any component is out of range or the date does not exist.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }

    /// A date-time from a date and a time of day, or nil when the time is out of range.
    public init?(date: LocalDate, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            return nil
        }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Builds from seconds since 1970-01-01T00:00:00 on the same wall clock.
    init(localSeconds: Int64) {
        let days = Int(Civil.floorDiv(localSeconds, Civil.secondsPerDay))
        let secondOfDay = Int(localSeconds - Int64(days) * Civil.secondsPerDay)
        let (y, m, d) = Civil.date(days: days)
        date = LocalDate(unchecked: y, m, d)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
    }

    /// The year.
    public var year: Int { date.year }
    /// The month, 1…12.
    public var month: Int { date.month }
    /// The day of the month.
    public var day: Int { date.day }
    /// The weekday.
    public var weekday: Weekday { date.weekday }

    /// Seconds since 1970-01-01T00:00:00 on the same wall clock (as if it were UTC).
    var localSeconds: Int64 {
        Int64(date.dayNumber) * Civil.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
    }

    /// ISO 8601 form, `2026-12-08T14:00:00`.
    public var description: String {
        "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    /// RFC 5545 basic form, `20261208T140000`.
    public var icalendar: String {
        "\(date.icalendar)T\(pad(hour, 2))\(pad(minute, 2))\(pad(second, 2))"
    }

    /// Chronological order.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute, lhs.second) < (rhs.date, rhs.hour, rhs.minute, rhs.second)
    }
}
