#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// HTTP dates (RFC 9110 §5.6.7): IMF-fixdate written, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`; read
/// strictly in that form (the obsolete forms are not accepted: a validator that cannot be read
/// is ignored, and the full feed is sent).
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
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

    /// An IMF-fixdate, or nil for anything else.
    static func parse(_ text: some StringProtocol) -> Date? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[0].hasSuffix(","), days.contains(String(fields[0].dropLast())), fields[5] == "GMT",
            fields[1].count == 2, let day = Int32(fields[1]), let month = months.firstIndex(of: String(fields[2])),
            fields[3].count == 4, let year = Int32(fields[3])
        else { return nil }
        let clock = fields[4].split(separator: ":")
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }), let hour = Int32(clock[0]), let minute = Int32(clock[1]),
            let second = Int32(clock[2]), (1...31).contains(day), hour < 24, minute < 60, second < 61
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
