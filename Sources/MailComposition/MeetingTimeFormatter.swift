import Foundation
import Synchronization

/// Dates and times as British English readers expect them, in one zone, with the zone named:
/// `Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)`.
///
/// Uses Foundation's `DateFormatter` with the `en_GB` locale. Making one costs far more than
/// using it (ICU loads its patterns and symbols: a third of the worker's CPU per reminder when
/// each message made its own), so the formatters are made once per pattern and zone and shared,
/// each use under a lock; the strings they make are remembered for a while, as the reminders
/// of one meeting all show the same times.
struct MeetingTimeFormatter {
    /// The zone times are shown in.
    let zone: TimeZone
    private let day: Pattern
    private let time: Pattern
    private let brief: Pattern

    /// A formatter for the IANA zone `identifier`; refuses a name Foundation does not know.
    init(zoneID identifier: String, role: String) throws(MeetingMailError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw MeetingMailError(
                .unknownTimeZone,
                "unknown \(role) time zone \"\(identifier)\"; expected an IANA name such as Europe/London")
        }
        self.zone = zone
        day = Pattern(format: "EEEE d MMMM yyyy", zone: zone)
        time = Pattern(format: "HH:mm", zone: zone)
        brief = Pattern(format: "EEE d MMM HH:mm", zone: zone)
    }

    /// `Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)`; both dates when the meeting
    /// crosses midnight, both abbreviations when the clocks change during it.
    func span(from start: Date, to end: Date) -> String {
        let startDay = day.string(from: start)
        let endDay = day.string(from: end)
        let times =
            startDay == endDay
            ? "\(startDay), \(time.string(from: start))–\(time.string(from: end))"
            : "\(startDay), \(time.string(from: start)) – \(endDay), \(time.string(from: end))"
        let startName = ZoneAbbreviation.name(of: zone, at: start)
        let endName = ZoneAbbreviation.name(of: zone, at: end)
        let names = startName == endName ? startName : "\(startName) to \(endName)"
        return "\(times) (\(zone.identifier), \(names))"
    }

    /// `Tue 8 Dec 14:00 GMT`, for a subject line.
    func short(_ date: Date) -> String {
        "\(brief.string(from: date)) \(ZoneAbbreviation.name(of: zone, at: date))"
    }

    /// A calendar date `YYYY-MM-DD` as `Friday 18 December 2026`; other text is returned as given.
    static func calendarDate(_ text: String) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let dayOfMonth = parts[2],
            let utc = TimeZone(identifier: "UTC")
        else { return text }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let components = DateComponents(year: year, month: month, day: dayOfMonth, hour: 12)
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date)
                == DateComponents(year: year, month: month, day: dayOfMonth)
        else { return text }
        return Pattern(format: "EEEE d MMMM yyyy", zone: utc).string(from: date)
    }

    /// One `en_GB` date pattern in one zone, formatted by a shared formatter.
    private struct Pattern {
        let format: String
        let zone: TimeZone

        /// Formatters by pattern and zone, and the strings they made lately, shared under one lock.
        private static let shared = Mutex(Shared())

        func string(from date: Date) -> String {
            let key = Key(format: format, zoneID: zone.identifier, instant: date.timeIntervalSince1970)
            return Self.shared.withLock { shared in
                if let known = shared.strings[key] { return known }
                let text = shared.formatter(for: self).string(from: date)
                if shared.strings.count >= Shared.stringLimit { shared.strings.removeAll() }
                shared.strings[key] = text
                return text
            }
        }

        /// What a string depends on: the pattern, the zone and the instant (the locale is fixed).
        private struct Key: Hashable {
            let format: String
            let zoneID: String
            let instant: Double
        }

        private struct Shared {
            /// Formatters by pattern and zone; a few dozen at most (patterns × zones in use).
            var formatters: [String: DateFormatter] = [:]
            /// Strings already made. The reminders of one meeting, one per member, format the same
            /// few instants, and even a shared `DateFormatter` costs several microseconds a call.
            var strings: [Key: String] = [:]
            /// Enough for every instant of a busy day's batches; past it the strings are forgotten.
            static let stringLimit = 4_096

            mutating func formatter(for pattern: Pattern) -> DateFormatter {
                let key = pattern.format + "|" + pattern.zone.identifier
                if let formatter = formatters[key] { return formatter }
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_GB")
                formatter.calendar = Calendar(identifier: .gregorian)
                formatter.timeZone = pattern.zone
                formatter.dateFormat = pattern.format
                formatters[key] = formatter
                return formatter
            }
        }
    }
}
