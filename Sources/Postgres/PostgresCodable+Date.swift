import Foundation

/// `timestamptz` ↔ `Date`. Connections run with `TimeZone=UTC` and `DateStyle=ISO`,
/// so the server prints `2026-12-08 14:00:00.123456+00`; precision is microseconds.
extension Date: PostgresCodable {
    public var postgresText: String? {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded()
        var seconds = Int((micros / 1_000_000).rounded(.down))
        let fraction = Int(micros - Double(seconds) * 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        seconds -= days * 86_400
        let (year, month, day) = CivilTime.date(days: days)
        // PostgreSQL has no year 0: proleptic year 0 is 1 BC, -1 is 2 BC (Date.distantPast is one).
        var text = "\(fourDigits(year > 0 ? year : 1 - year))-\(twoDigits(month))-\(twoDigits(day)) "
        text += "\(twoDigits(seconds / 3600)):\(twoDigits(seconds / 60 % 60)):\(twoDigits(seconds % 60))"
        if fraction > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text + (year > 0 ? "+00" : "+00 BC")
    }

    public static func accepts(_ type: PostgresDataType) -> Bool { type == .timestamptz }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Date {
        var scanner = DigitScanner(bytes)
        let year = try scanner.number(digits: 4)
        try scanner.expect("-")
        let month = try scanner.number(digits: 2)
        try scanner.expect("-")
        let day = try scanner.number(digits: 2)
        try scanner.expect(" ")
        let hour = try scanner.number(digits: 2)
        try scanner.expect(":")
        let minute = try scanner.number(digits: 2)
        try scanner.expect(":")
        let second = try scanner.number(digits: 2)
        var micros = 0
        if scanner.peek == UInt8(ascii: ".") {
            scanner.index += 1
            var scale = 100_000
            while let byte = scanner.peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                micros += Int(byte - UInt8(ascii: "0")) * scale
                scale /= 10
                scanner.index += 1
            }
        }
        var offset = 0
        if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            scanner.index += 1
            offset = try scanner.number(digits: 2) * 3600
            if scanner.peek == UInt8(ascii: ":") {
                scanner.index += 1
                offset += try scanner.number(digits: 2) * 60
                if scanner.peek == UInt8(ascii: ":") {
                    scanner.index += 1
                    offset += try scanner.number(digits: 2)
                }
            }
            if sign == UInt8(ascii: "-") { offset = -offset }
        }
        guard scanner.atEnd else {
            throw PostgresDecodingFailure("expected an ISO timestamp between years 0001 and 9999")
        }
        let seconds = CivilTime.days(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}

/// A calendar date without a time or zone: PostgreSQL's `date`.
public struct PostgresDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, 1...9999.
    public var year: Int
    /// The month, 1...12.
    public var month: Int
    /// The day of the month.
    public var day: Int

    /// A date from its parts, or `nil` when no such day exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), CivilTime.isValid(year: year, month: month, day: day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        var text = text
        let parsed: PostgresDate?? = text.withUTF8 { bytes in
            var scanner = DigitScanner(bytes)
            guard let year = try? scanner.number(digits: 4), (try? scanner.expect("-")) != nil,
                let month = try? scanner.number(digits: 2), (try? scanner.expect("-")) != nil,
                let day = try? scanner.number(digits: 2), scanner.atEnd
            else { return nil }
            return PostgresDate(year: year, month: month, day: day)
        }
        guard let value = parsed ?? nil else { return nil }
        self = value
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilTime.days(year: year, month: month, day: day) }

    /// `YYYY-MM-DD`.
    public var description: String { "\(fourDigits(year))-\(twoDigits(month))-\(twoDigits(day))" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

extension PostgresDate: PostgresCodable {
    public var postgresText: String? { description }
    public static func accepts(_ type: PostgresDataType) -> Bool { type == .date }
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> PostgresDate {
        guard let date = PostgresDate(String(decoding: bytes, as: UTF8.self)) else {
            throw PostgresDecodingFailure("expected a date YYYY-MM-DD between years 0001 and 9999")
        }
        return date
    }
}
