/// Integer proleptic-Gregorian calendar arithmetic (after Howard Hinnant's algorithms).
///
/// Days are counted from 1970-01-01 (day 0). Nothing here allocates or consults Foundation.
enum Civil {
    /// Seconds in a civil day.
    static let secondsPerDay: Int64 = 86_400
    /// Days in the 400-year Gregorian cycle (a whole number of weeks).
    static let daysPer400Years: Int = 146_097

    /// Day number of a proleptic-Gregorian date.
    @inline(__always)
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Date of a day number.
    @inline(__always)
    static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Weekday of a day number, Monday = 0.
    @inline(__always)
    static func weekday(days: Int) -> Int {
        let r = (days + 3) % 7
        return r < 0 ? r + 7 : r
    }

    /// Whether a year has 29 February.
    @inline(__always)
    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in a month.
    @inline(__always)
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Number of days in a year.
    @inline(__always)
    static func daysInYear(_ year: Int) -> Int { isLeap(year) ? 366 : 365 }

    /// Day number on which week 1 of `year` starts, weeks starting on `weekStart` (RFC 5545 BYWEEKNO).
    ///
    /// Week 1 is the first week with at least four days in the year.
    static func firstWeekStart(year: Int, weekStart: Int) -> Int {
        let jan1 = days(year: year, month: 1, day: 1)
        let intoWeek = (weekday(days: jan1) - weekStart + 7) % 7
        return intoWeek <= 3 ? jan1 - intoWeek : jan1 - intoWeek + 7
    }

    /// Number of weeks (52 or 53) in the week-numbering year `year`.
    static func weeksInYear(_ year: Int, weekStart: Int) -> Int {
        (firstWeekStart(year: year + 1, weekStart: weekStart)
            - firstWeekStart(year: year, weekStart: weekStart)) / 7
    }

    /// Floor division for possibly negative numerators.
    @inline(__always)
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Floor division for possibly negative 64-bit numerators.
    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Greatest common divisor.
    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
