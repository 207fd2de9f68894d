import Foundation

/// The abbreviation people use for a zone at an instant: `GMT`/`BST`, `EST`/`EDT`, `CET`/`CEST`.
///
/// Foundation on Linux often answers `GMT+1` where people say `BST`, so a small table covers
/// common zones whose names no English locale supplies, then the `en_GB`, `en_US` and `en_AU`
/// names are tried (as the ICalendar module does for TZNAME), and finally Foundation's own
/// `GMT+5:30` form, which is at least exact.
enum ZoneAbbreviation {
    /// Known names by zone and UTC offset in seconds, where locales fall short or disagree.
    private static let table: [String: [Int: String]] = [
        "Europe/London": [0: "GMT", 3600: "BST"],
        "Europe/Belfast": [0: "GMT", 3600: "BST"],
        "Europe/Dublin": [0: "GMT", 3600: "IST"],
        "Europe/Lisbon": [0: "WET", 3600: "WEST"],
        "Atlantic/Canary": [0: "WET", 3600: "WEST"],
        "Asia/Kolkata": [19800: "IST"],
        "Asia/Tokyo": [32400: "JST"],
        "Asia/Singapore": [28800: "SGT"],
        "Asia/Hong_Kong": [28800: "HKT"],
        "Australia/Sydney": [36000: "AEST", 39600: "AEDT"],
        "Australia/Melbourne": [36000: "AEST", 39600: "AEDT"],
        "Australia/Hobart": [36000: "AEST", 39600: "AEDT"],
        "Australia/Brisbane": [36000: "AEST"],
        "Australia/Adelaide": [34200: "ACST", 37800: "ACDT"],
        "Australia/Darwin": [34200: "ACST"],
        "Australia/Perth": [28800: "AWST"],
        "Pacific/Auckland": [43200: "NZST", 46800: "NZDT"],
        "Africa/Johannesburg": [7200: "SAST"],
        "UTC": [0: "UTC"],
        "Etc/UTC": [0: "UTC"],
    ]

    /// The abbreviation for `zone` at `date`.
    static func name(of zone: TimeZone, at date: Date) -> String {
        let offset = zone.secondsFromGMT(for: date)
        if let known = table[zone.identifier]?[offset] { return known }
        let style: NSTimeZone.NameStyle =
            zone.isDaylightSavingTime(for: date) ? .shortDaylightSaving : .shortStandard
        for locale in ["en_GB", "en_US", "en_AU"] {
            if let name = zone.localizedName(for: style, locale: Locale(identifier: locale)),
                !name.isEmpty, !name.hasPrefix("GMT+"), !name.hasPrefix("GMT-")
            {
                return name
            }
        }
        return zone.abbreviation(for: date) ?? fallback(offset)
    }

    /// `UTC+5:30` style, for a zone Foundation cannot name at all.
    private static func fallback(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "UTC" + sign + String(minutes / 60) + (minutes % 60 == 0 ? "" : ":" + pad(minutes % 60))
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
