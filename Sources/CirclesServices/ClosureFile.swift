import CirclesDomain
import Foundation
import Recurrence

/// The bounds of one closure import: it runs as one transaction, and a calendar is a few dozen
/// days a year, so these are far above real files.
public enum ClosureImportLimits {
    /// The most bytes in one file (4 MiB, the iCalendar reader's bound too).
    public static let maxBytes = 4 * 1024 * 1024
    /// The most closures one import may produce, recurring events expanded.
    public static let maxClosures = 10_000
    /// The most instances one recurring event may produce in the window.
    public static let maxInstancesPerEvent = 1_000
    /// The longest closure, in days (a year).
    public static let maxDays = 367
    /// How far ahead recurring events are expanded (from a year back, for the diff's sake).
    public static let yearsAhead = 3
}

/// One closure read from a file, before it is stored: when, why, and the key re-imports diff on.
struct ImportedClosure: Sendable, Hashable {
    let span: Closure.Span
    let reason: String
    let key: String
}

/// The UK government's bank-holiday divisions (https://www.gov.uk/bank-holidays.json).
public enum BankHolidayDivision: String, Sendable, CaseIterable {
    case englandAndWales = "england-and-wales"
    case scotland
    case northernIreland = "northern-ireland"
}

/// Reads gov.uk's `bank-holidays.json`: `{"england-and-wales": {"division": …, "events": [{"title",
/// "date", "notes", "bunting"}, …]}, …}`. Every bad entry is reported with its JSON path.
///
/// Keys it does not know (a new division, a new field of an event) are ignored, so that a file
/// gov.uk extends still imports; but a JSON object with none of the divisions is some other file,
/// and is refused as such rather than read as a calendar with nothing in it.
enum GovUKBankHolidays {
    static func read(_ data: Data, division: BankHolidayDivision?, fileName: String) throws(ImportError) -> [ImportedClosure] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportError(.malformed, fileName: fileName, summary: "\(fileName) is not well-formed JSON; nothing was imported")
        }
        guard let object = root as? [String: Any] else {
            throw ImportError(
                .malformed, fileName: fileName,
                summary: "\(fileName) is not shaped as gov.uk's bank-holidays.json (an object keyed by division); nothing was imported")
        }
        let present = BankHolidayDivision.allCases.filter { object[$0.rawValue] != nil }
        guard !present.isEmpty else {
            let expected = BankHolidayDivision.allCases.map(\.rawValue).joined(separator: ", ")
            let keys = object.keys.sorted().prefix(5).map { "\"\($0.prefix(40))\"" }.joined(separator: ", ")
            let found = object.isEmpty ? "it is empty" : "its keys are \(keys)\(object.count > 5 ? ", …" : "")"
            throw ImportError(
                .malformed, fileName: fileName,
                summary: "\(fileName) is not gov.uk's bank-holidays.json: expected an object keyed by division (\(expected)), "
                    + "but \(found); nothing was imported")
        }
        let chosen: BankHolidayDivision
        if let division {
            guard present.contains(division) else {
                throw ImportError(
                    .malformed, fileName: fileName,
                    summary: "\(fileName) has no division \"\(division.rawValue)\"; it has \(present.map(\.rawValue).joined(separator: ", "))")
            }
            chosen = division
        } else if present.count == 1, let only = present.first {
            chosen = only
        } else {
            throw ImportError(
                .malformed, fileName: fileName,
                summary: "\(fileName) holds \(present.count) divisions (\(present.map(\.rawValue).joined(separator: ", "))); choose one with --division")
        }
        var problems: [ImportError.Problem] = []
        func problem(_ path: String, _ message: String) { problems.append(.init(line: nil, "\(path): \(message)")) }
        let base = "$[\"\(chosen.rawValue)\"]"
        guard let body = object[chosen.rawValue] as? [String: Any], let events = body["events"] as? [Any] else {
            throw ImportError(
                .malformed, fileName: fileName, summary: "\(base) is not an object with an \"events\" array; nothing was imported")
        }
        if let named = body["division"], named as? String != chosen.rawValue {
            problem("\(base).division", "expected \"\(chosen.rawValue)\"")
        }
        guard events.count <= ClosureImportLimits.maxClosures else {
            throw ImportError(
                .tooLarge, fileName: fileName,
                summary: "\(base).events has \(events.count) entries; an import may have at most \(ClosureImportLimits.maxClosures); nothing was imported")
        }
        var closures: [ImportedClosure] = []
        var seen: [String: Int] = [:]
        for (index, element) in events.enumerated() {
            let path = "\(base).events[\(index)]"
            guard let event = element as? [String: Any] else {
                problem(path, "expected an object with title, date, notes and bunting")
                continue
            }
            var reason: String?
            if let title = event["title"] as? String {
                do {
                    let checked = try TextRule.reason.check(title)
                    if checked.isEmpty { problem("\(path).title", "a bank holiday needs a title") } else { reason = checked }
                } catch {
                    problem("\(path).title", error.description)
                }
            } else {
                problem("\(path).title", "expected a string, e.g. \"Christmas Day\"")
            }
            if let notes = event["notes"] {
                if let text = notes as? String {
                    do {
                        let checked = try TextRule.reason.check(text)
                        if !checked.isEmpty { reason = reason.map { "\($0) (\(checked))" } }
                    } catch {
                        problem("\(path).notes", error.description)
                    }
                } else {
                    problem("\(path).notes", "expected a string (empty when there is nothing to say)")
                }
            }
            if let bunting = event["bunting"], bunting as? Bool == nil { problem("\(path).bunting", "expected true or false") }
            var day: String?
            if let date = event["date"] as? String, date.utf8.count == 10, let parsed = LocalDate(iso: date) {
                day = parsed.description
            } else {
                problem("\(path).date", "expected a date as YYYY-MM-DD, e.g. \"2026-12-25\"")
            }
            guard let reason, let day else { continue }
            if let earlier = seen[day] {
                problem("\(path).date", "\(day) is listed already at events[\(earlier)]")
                continue
            }
            seen[day] = index
            closures.append(ImportedClosure(span: .days(first: day, last: day), reason: reason, key: "\(chosen.rawValue):\(day)"))
        }
        guard problems.isEmpty else {
            throw ImportError(
                .invalidRows, fileName: fileName,
                summary: "\(problems.count == 1 ? "1 entry" : "\(problems.count) problems") in \(fileName); nothing was imported",
                problems: problems)
        }
        return closures
    }

}
