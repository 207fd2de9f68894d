import Foundation

/// Writes an instant as local time in a zone (`DTSTART;TZID=Europe/London:20261208T140000`), or in UTC when the local time would be ambiguous.
enum ZonedDateTime {
    /// Adds `name` for `date`: local time with TZID, unless that clock time occurs twice (a fall-back hour), then UTC.
    static func add(
        _ name: String, _ date: Date, tzid: String, zone: TimeZone, to lines: inout ContentLines
    ) {
        let instant = ICalDateTime.seconds(date)
        let local = instant + Int64(zone.secondsFromGMT(for: date))
        if readings(ofLocal: local, in: zone).count == 1 {
            lines.add(name, [("TZID", ICalText.parameter(tzid))], ICalDateTime.local(local))
        } else {
            lines.add(name, ICalDateTime.utc(date))
        }
    }

    /// Every UTC instant whose clock time in `zone` is `local`: one normally, two in a fall-back hour, none in a gap.
    static func readings(ofLocal local: Int64, in zone: TimeZone) -> Set<Int64> {
        var found: Set<Int64> = []
        for probe in [local - 86_400, local, local + 86_400] {
            let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(probe))))
            let candidate = local - offset
            let actual = Int64(
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(candidate))))
            if actual == offset {
                found.insert(candidate)
            }
        }
        return found
    }
}
