/// A DATE or DATE-TIME value as written (RFC 5545 §3.3.4, §3.3.5). Which instant a floating or
/// zoned time is depends on the reader's zone or the file's VTIMEZONE: the caller decides.
public struct ICalendarDateTime: Sendable, Hashable, CustomStringConvertible {
    /// How the value places itself in time.
    public enum Form: Sendable, Hashable {
        /// A whole day, `VALUE=DATE`.
        case date
        /// A local time with no zone: the same wall-clock time wherever the reader is.
        case floating
        /// A UTC time, written with a trailing `Z`.
        case utc
        /// A local time in the zone named by TZID.
        case zoned(tzid: String)
    }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Date, floating, UTC or zoned.
    public var form: Form

    /// Creates a value from its parts (not checked).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, form: Form) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.form = form
    }

    /// Reads `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`; a value of 8 digits is a DATE even without
    /// `VALUE=DATE`, as many producers leave the parameter out.
    init(parsing text: String, asDate: Bool, tzid: String?, line: Int) throws(ICalendarReadError) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let expected = "expected a date as YYYYMMDD or a date-time as YYYYMMDDTHHMMSS, optionally ending in Z"
        guard bytes.count >= 8, let year = number(0..<4), let month = number(4..<6), let day = number(6..<8) else {
            throw ICalendarReadError(line: line, "'\(Self.shown(text))' is not a date: \(expected)")
        }
        var hour = 0, minute = 0, second = 0
        let form: Form
        if bytes.count == 8 {
            form = .date
        } else {
            guard !asDate else {
                throw ICalendarReadError(line: line, "'\(Self.shown(text))' has VALUE=DATE but is not YYYYMMDD")
            }
            guard bytes.count == 15 || (bytes.count == 16 && bytes[15] == UInt8(ascii: "Z")), bytes[8] == UInt8(ascii: "T"),
                let parsedHour = number(9..<11), let parsedMinute = number(11..<13), let parsedSecond = number(13..<15)
            else { throw ICalendarReadError(line: line, "'\(Self.shown(text))' is not a date-time: \(expected)") }
            (hour, minute, second) = (parsedHour, parsedMinute, parsedSecond)
            if bytes.count == 16 {
                form = .utc
            } else if let tzid, !tzid.isEmpty {
                form = .zoned(tzid: tzid)
            } else {
                form = .floating
            }
        }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            hour <= 23, minute <= 59, second <= 60
        else { throw ICalendarReadError(line: line, "'\(Self.shown(text))' is not a real date or time of day") }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, form: form)
    }

    /// `2027-05-03`, or `2027-05-03T14:00:00` with `Z` or ` [Europe/London]`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        let time = "T\(two(hour)):\(two(minute)):\(two(second))"
        switch form {
        case .date: return date
        case .floating: return date + time
        case .utc: return date + time + "Z"
        case .zoned(let tzid): return date + time + " [\(tzid)]"
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// At most 40 characters of a bad value, for an error message.
    private static func shown(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
