/// Writes the RFC 3339 forms of a series of occurrences, for the batch expander's millions of them.
///
/// A series keeps its time of day and offset from one occurrence to the next (until a
/// daylight-saving change), and often stays in one month for several, so the `YYYY-MM-` prefix and
/// the `THH:MM:SS+hh:mm` suffix are kept from the previous occurrence and only the day is new.
/// Not shared between threads: each expansion uses its own.
public struct RFC3339Writer {
    /// Day number of the first day of the month whose prefix is in `prefix`, and of the day after its last.
    private var monthStart = Int.max
    private var monthEnd = Int.min
    /// The year and month of that month (none at first).
    private var year = Int.min
    private var month = 0
    /// `YYYY-MM-` as eight ASCII bytes (a word stored as it lies in memory).
    private var prefix: UInt64 = 0
    /// The time of day and offset the suffix was made for.
    private var suffixSecondOfDay = -1
    private var suffixOffset = Int.min
    private var suffixFloating = false
    /// `THH:MM:SS`, then the offset (`+hh:mm`, `+hh:mm:ss`) unless floating: up to 18 bytes.
    private var suffix: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var suffixCount = 0

    /// The longest form written: a four-digit year and an offset with seconds.
    public static let longest = 28
    /// The room `write` needs at its destination: the suffix is stored as three whole words after
    /// the ten bytes of the date, whatever its length.
    public static let room = 34

    /// A writer with nothing cached.
    public init() {}

    /// Writes `occurrence` at `out`, which must have `room` bytes; returns the length written.
    @inline(__always)
    public mutating func write(_ occurrence: Occurrence, to out: UnsafeMutableRawPointer) -> Int {
        let localSeconds = occurrence.epochSeconds + Int64(occurrence.utcOffset)
        let days = Int(Civil.floorDiv(localSeconds, Civil.secondsPerDay))
        let secondOfDay = Int(localSeconds - Int64(days) * Civil.secondsPerDay)
        if days < monthStart || days >= monthEnd { startMonth(containing: days) }
        if secondOfDay != suffixSecondOfDay || occurrence.utcOffset != suffixOffset
            || occurrence.isFloating != suffixFloating
        {
            makeSuffix(secondOfDay: secondOfDay, offset: occurrence.utcOffset, floating: occurrence.isFloating)
        }
        out.storeBytes(of: prefix, as: UInt64.self)  // memory order in, memory order out
        let day = days - monthStart + 1
        out.storeBytes(of: UInt8(truncatingIfNeeded: 48 + day / 10), toByteOffset: 8, as: UInt8.self)
        out.storeBytes(of: UInt8(truncatingIfNeeded: 48 + day % 10), toByteOffset: 9, as: UInt8.self)
        // All 24 bytes of the suffix are stored; only `suffixCount` of them count.
        out.storeBytes(of: suffix.0, toByteOffset: 10, as: UInt64.self)
        out.storeBytes(of: suffix.1, toByteOffset: 18, as: UInt64.self)
        out.storeBytes(of: suffix.2, toByteOffset: 26, as: UInt64.self)
        return 10 + suffixCount
    }

    /// Caches the month that holds day number `days`. Occurrences mostly move on to the next month
    /// (or one a little later), which is found by stepping rather than by converting the day number.
    private mutating func startMonth(containing days: Int) {
        if days >= monthEnd && monthStart != Int.max {
            var (nextYear, nextMonth, nextStart) = (year, month, monthEnd)
            for _ in 0..<3 {
                nextMonth += 1
                if nextMonth == 13 { (nextYear, nextMonth) = (nextYear + 1, 1) }
                let nextEnd = nextStart + Civil.daysInMonth(year: nextYear, month: nextMonth)
                if days < nextEnd {
                    setMonth(year: nextYear, month: nextMonth, start: nextStart, end: nextEnd)
                    return
                }
                nextStart = nextEnd
            }
        }
        let (year, month, day) = Civil.date(days: days)
        let start = days - day + 1
        setMonth(year: year, month: month, start: start, end: start + Civil.daysInMonth(year: year, month: month))
    }

    private mutating func setMonth(year: Int, month: Int, start: Int, end: Int) {
        monthStart = start
        monthEnd = end
        self.month = month
        defer { self.year = year }
        if year == self.year {
            // Only the month's digits change.
            withUnsafeMutableBytes(of: &prefix) { text in
                text[5] = ascii(month / 10)
                text[6] = ascii(month % 10)
            }
            return
        }
        // Years are 1…9999 (LocalDate's range), so four digits always suffice.
        let y = min(max(year, 0), 9999)
        withUnsafeMutableBytes(of: &prefix) { text in
            text[0] = ascii(y / 1000)
            text[1] = ascii(y / 100 % 10)
            text[2] = ascii(y / 10 % 10)
            text[3] = ascii(y % 10)
            text[4] = UInt8(ascii: "-")
            text[5] = ascii(month / 10)
            text[6] = ascii(month % 10)
            text[7] = UInt8(ascii: "-")
        }
    }

    /// Caches `THH:MM:SS` and the offset for a time of day and offset.
    private mutating func makeSuffix(secondOfDay: Int, offset: Int, floating: Bool) {
        suffixSecondOfDay = secondOfDay
        suffixOffset = offset
        suffixFloating = floating
        var count = 9
        withUnsafeMutableBytes(of: &suffix) { text in
            text[0] = UInt8(ascii: "T")
            text[1] = ascii(secondOfDay / 36_000)
            text[2] = ascii(secondOfDay / 3600 % 10)
            text[3] = UInt8(ascii: ":")
            text[4] = ascii(secondOfDay / 600 % 6)
            text[5] = ascii(secondOfDay / 60 % 10)
            text[6] = UInt8(ascii: ":")
            text[7] = ascii(secondOfDay % 60 / 10)
            text[8] = ascii(secondOfDay % 10)
            guard !floating else { return }
            let magnitude = abs(offset)
            text[9] = UInt8(ascii: offset < 0 ? "-" : "+")
            text[10] = ascii(magnitude / 36_000)
            text[11] = ascii(magnitude / 3600 % 10)
            text[12] = UInt8(ascii: ":")
            text[13] = ascii(magnitude / 600 % 6)
            text[14] = ascii(magnitude / 60 % 10)
            count = 15
            guard magnitude % 60 != 0 else { return }
            text[15] = UInt8(ascii: ":")
            text[16] = ascii(magnitude % 60 / 10)
            text[17] = ascii(magnitude % 10)
            count = 18
        }
        suffixCount = count
    }
}

/// The ASCII digit for `value` (0…9).
@inline(__always)
private func ascii(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 48 + value) }
