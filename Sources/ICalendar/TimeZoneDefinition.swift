import Foundation

/// A VTIMEZONE as explicit observances: every offset change in the calendar years an event touches, plus the one in force as they begin.
///
/// No RRULEs: explicit transitions taken from Foundation's tz data are correct for zones with irregular or
/// abolished rules alike, and clients only need the span the events use.
struct TimeZoneDefinition: Sendable, Hashable {
    /// One STANDARD or DAYLIGHT sub-component.
    struct Observance: Sendable, Hashable {
        /// DAYLIGHT rather than STANDARD.
        var isDaylight: Bool
        /// Local time (on the clock before the change) at which this observance begins.
        var localStart: Int64
        /// UTC offset in seconds before the change.
        var offsetFrom: Int
        /// UTC offset in seconds after the change.
        var offsetTo: Int
        /// Abbreviation such as `GMT` or `BST`.
        var name: String
    }

    /// The TZID as the events name it.
    let tzid: String
    /// Observances in time order.
    let observances: [Observance]

    /// The definition of `zone` covering every calendar year (local) in which one of `instants` falls.
    init(tzid: String, zone: TimeZone, covering instants: [Date]) {
        let years = Self.years(of: instants, in: zone)
        self.init(tzid: tzid, zone: zone, firstYear: years.first, lastYear: years.last)
    }

    /// The definition of `zone` covering the local calendar years `firstYear` to `lastYear`.
    init(tzid: String, zone: TimeZone, firstYear: Int64, lastYear: Int64) {
        self.tzid = tzid
        let windowStart = Self.startOfYear(firstYear, in: zone)
        let windowEnd = Self.startOfYear(lastYear + 1, in: zone)

        var transitions: [Date] = []
        // A year back reaches the change in force at windowStart in any zone that changes yearly; others get one below.
        var cursor = windowStart.addingTimeInterval(-366 * 86_400)
        while transitions.count < 1_000,
            let next = zone.nextDaylightSavingTimeTransition(after: cursor),
            next > cursor, next < windowEnd
        {
            transitions.append(next)
            cursor = next
        }
        let inForce = transitions.last { $0 <= windowStart }
        let changes = (inForce.map { [$0] } ?? []) + transitions.filter { $0 > windowStart }
        var observances = changes.map { Self.observance(at: $0, in: zone) }
        if inForce == nil {
            let offset = zone.secondsFromGMT(for: windowStart)
            let isDaylight = zone.isDaylightSavingTime(for: windowStart)
            let start = Observance(
                isDaylight: isDaylight, localStart: ICalDateTime.seconds(windowStart) + Int64(offset),
                offsetFrom: offset, offsetTo: offset,
                name: Self.name(of: zone, at: windowStart, isDaylight: isDaylight))
            observances.insert(start, at: 0)
        }
        self.observances = observances
    }

    /// The VTIMEZONE component's content lines.
    var lines: ContentLines {
        var lines = ContentLines()
        lines.add("BEGIN", "VTIMEZONE")
        lines.text("TZID", tzid)
        for observance in observances {
            let kind = observance.isDaylight ? "DAYLIGHT" : "STANDARD"
            lines.add("BEGIN", kind)
            lines.add("DTSTART", ICalDateTime.local(observance.localStart))
            lines.add("TZOFFSETFROM", Self.utcOffset(observance.offsetFrom))
            lines.add("TZOFFSETTO", Self.utcOffset(observance.offsetTo))
            lines.text("TZNAME", observance.name)
            lines.add("END", kind)
        }
        lines.add("END", "VTIMEZONE")
        return lines
    }

    /// `+0100`, `-0500`, `+1030`; seconds only when not zero (`-001415`).
    static func utcOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let parts =
            [magnitude / 3600, magnitude / 60 % 60] + (magnitude % 60 == 0 ? [] : [magnitude % 60])
        return sign + parts.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
    }

    private static func observance(at change: Date, in zone: TimeZone) -> Observance {
        let before = zone.secondsFromGMT(for: change.addingTimeInterval(-1))
        let isDaylight = zone.isDaylightSavingTime(for: change)
        return Observance(
            isDaylight: isDaylight, localStart: ICalDateTime.seconds(change) + Int64(before),
            offsetFrom: before, offsetTo: zone.secondsFromGMT(for: change),
            name: name(of: zone, at: change, isDaylight: isDaylight))
    }

    /// A familiar abbreviation (`BST`, `EDT`, `LHST`) where an English locale has one, else Foundation's (`GMT+9`).
    private static func name(of zone: TimeZone, at date: Date, isDaylight: Bool) -> String {
        let style: NSTimeZone.NameStyle = isDaylight ? .shortDaylightSaving : .shortStandard
        for locale in ["en_GB", "en_US", "en_AU"] {
            if let name = zone.localizedName(for: style, locale: Locale(identifier: locale)),
                !name.isEmpty,
                !name.hasPrefix("GMT+"), !name.hasPrefix("GMT-")
            {
                return name
            }
        }
        return zone.abbreviation(for: date) ?? utcOffset(zone.secondsFromGMT(for: date))
    }

    /// The first and last local calendar year of `instants` (1970 when there are none).
    static func years(of instants: [Date], in zone: TimeZone) -> (first: Int64, last: Int64) {
        let years = instants.map { localYear(of: $0, in: zone) }
        let first = years.min() ?? 1970
        return (first, years.max() ?? first)
    }

    private static func localYear(of date: Date, in zone: TimeZone) -> Int64 {
        let local = ICalDateTime.seconds(date) + Int64(zone.secondsFromGMT(for: date))
        return ICalDateTime.civil(fromDays: ICalDateTime.floorDivide(local, 86_400))
            .year
    }

    private static func startOfYear(_ year: Int64, in zone: TimeZone) -> Date {
        let midnightUTC = ICalDateTime.days(year: year, month: 1, day: 1) * 86_400
        let guess = Date(timeIntervalSince1970: TimeInterval(midnightUTC))
        return Date(
            timeIntervalSince1970: TimeInterval(midnightUTC - Int64(zone.secondsFromGMT(for: guess))))
    }
}
