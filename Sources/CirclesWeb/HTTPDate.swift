#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate written, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`; read
/// in all three forms a recipient must accept (IMF-fixdate, RFC 850's `Sunday, 06-Nov-94 08:49:37 GMT`
/// and asctime's `Sun Nov  6 08:49:37 1994`). A date that cannot be read is ignored (the full feed is sent).
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date as IMF-fixdate, to the second (29 bytes, written in place: every response has one or two).
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(unsafeUninitializedCapacity: 29) { out in
            var at = 0
            func put(_ text: String) { for byte in text.utf8 { out[at] = byte; at += 1 } }
            func two(_ value: Int32) {
                out[at] = UInt8(ascii: "0") + UInt8(value / 10 % 10)
                out[at + 1] = UInt8(ascii: "0") + UInt8(value % 10)
                at += 2
            }
            put(days[Int(parts.tm_wday)])
            put(", ")
            two(parts.tm_mday)
            put(" ")
            put(months[Int(parts.tm_mon)])
            put(" ")
            let year = parts.tm_year + 1900
            two(year / 100)
            two(year % 100)
            put(" ")
            two(parts.tm_hour)
            put(":")
            two(parts.tm_min)
            put(":")
            two(parts.tm_sec)
            put(" GMT")
            return at
        }
    }

    /// A date in one of the three forms, or nil for anything else. `now` places RFC 850's
    /// two-digit years: one more than 50 years ahead is the century before (RFC 9110 §5.6.7).
    static func parse(_ text: some StringProtocol, now: Date = Date()) -> Date? {
        let fields = String(text).split(separator: " ")
        if fields.count == 6, fields[0].hasSuffix(","), days.contains(String(fields[0].dropLast())), fields[5] == "GMT",
            fields[1].count == 2, fields[3].count == 4, let year = Int32(fields[3])
        {
            return date(year: year, month: fields[2], day: fields[1], clock: fields[4])
        }
        if fields.count == 4, fields[0].hasSuffix(","), longDays.contains(String(fields[0].dropLast())), fields[3] == "GMT" {
            let dayMonthYear = fields[1].split(separator: "-", omittingEmptySubsequences: false)
            guard dayMonthYear.count == 3, dayMonthYear[0].count == 2, dayMonthYear[2].count == 2, let twoDigits = Int32(dayMonthYear[2])
            else { return nil }
            var seconds = time_t(now.timeIntervalSince1970)
            var today = tm()
            gmtime_r(&seconds, &today)
            let thisYear = today.tm_year + 1900
            var year = thisYear - thisYear % 100 + twoDigits
            if year > thisYear + 50 { year -= 100 }
            return date(year: year, month: dayMonthYear[1], day: dayMonthYear[0], clock: fields[2])
        }
        if fields.count == 5, days.contains(String(fields[0])), (1...2).contains(fields[2].count), fields[4].count == 4,
            let year = Int32(fields[4])
        {
            return date(year: year, month: fields[1], day: fields[2], clock: fields[3])
        }
        return nil
    }

    /// The instant of a date's parts (`08:49:37` for `clock`), or nil when one is out of range.
    private static func date(year: Int32, month monthName: Substring, day dayText: Substring, clock clockText: Substring) -> Date? {
        guard let month = months.firstIndex(of: String(monthName)), dayText.allSatisfy({ $0.isASCII && $0.isNumber }), let day = Int32(dayText) else { return nil }
        let clock = clockText.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy({ $0.isASCII && $0.isNumber }) }), let hour = Int32(clock[0]),
            let minute = Int32(clock[1]), let second = Int32(clock[2]), (1...31).contains(day), (0..<24).contains(hour),
            (0..<60).contains(minute), (0..<61).contains(second), year >= 1900
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
