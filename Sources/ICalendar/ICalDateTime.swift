import Foundation

/// DATE-TIME values in RFC 5545 basic format, computed with integer civil-date arithmetic (no DateFormatter).
enum ICalDateTime {
    /// 1900-01-01T00:00:00Z.
    static let earliest: Int64 = -2_208_988_800
    /// 9999-12-31T23:59:59Z.
    static let latest: Int64 = 253_402_300_799

    /// Whether a date lies in the years this module writes.
    static func isInRange(_ date: Date) -> Bool {
        let t = date.timeIntervalSince1970
        return t.isFinite && t >= Double(earliest) && t < Double(latest + 1)
    }

    /// Whole seconds since the epoch, rounded down and clamped to the supported range.
    static func seconds(_ date: Date) -> Int64 {
        let t = date.timeIntervalSince1970
        guard t.isFinite else { return 0 }
        return Int64(min(max(t, Double(earliest)), Double(latest)).rounded(.down))
    }

    /// `20261208T140000Z`.
    static func utc(_ date: Date) -> String {
        local(seconds(date)) + "Z"
    }

    /// `20261208T140000` for a count of seconds on the local clock since 1970-01-01T00:00:00.
    static func local(_ localSeconds: Int64) -> String {
        let days = floorDivide(localSeconds, 86_400)
        let secondOfDay = localSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        append(year, width: 4, to: &out)
        append(month, width: 2, to: &out)
        append(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, width: 2, to: &out)
        append(secondOfDay / 60 % 60, width: 2, to: &out)
        append(secondOfDay % 60, width: 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a count of days since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Division rounding towards negative infinity.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The decimal digits of `value`, zero-padded to at least `width` characters.
    private static func append(_ value: Int64, width: Int, to out: inout [UInt8]) {
        guard value >= 0 else {  // unreachable for dates in range; written as it always was
            let digits = String(value)
            out += (String(repeating: "0", count: max(0, width - digits.count)) + digits).utf8
            return
        }
        var digits = 1
        var scale: Int64 = 1
        while digits < width || value / scale >= 10 {
            digits += 1
            scale *= 10
        }
        while scale > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / scale % 10))
            scale /= 10
        }
    }
}
