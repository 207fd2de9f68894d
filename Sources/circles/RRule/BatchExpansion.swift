import Foundation
import Recurrence

/// `circles rrule expand --input`: JSON Lines in, one result line per input line out, in order.
enum BatchExpansion {
    /// The largest `limit` a request may ask for.
    static let maximumLimit = 100_000

    /// Expands every request in the file at `path` (`-` for standard input), writing results to standard output.
    static func run(path: String) throws {
        var output = FileHandleOutput()
        if path == "-" {
            while let line = readLine(strippingNewline: true) {
                output.write(try result(for: line))
            }
        } else {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw RecurrenceError(
                    .malformedSet, part: "--input",
                    "cannot read \(path): \(error.localizedDescription)")
            }
            for line in String(decoding: data, as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false)
            {
                output.write(try result(for: String(line)))
            }
        }
        output.flush()
    }

    /// The output line for one input line (nil for a blank line, which is not a request).
    static func result(for line: String) throws -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        guard
            let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)))
                as? [String: Any]
        else {
            return try JSONLine.object([
                ("id", .null), ("error", .string("the line is not a JSON object")),
            ])
        }
        let id: JSONLine.Value = (object["id"] as? String).map { .string($0) } ?? .null
        let occurrences: [Occurrence]
        do {
            occurrences = try expand(object)
        } catch {
            return try JSONLine.object([("id", id), ("error", .string(error.message))])
        }
        return try JSONLine.object([
            ("id", id), ("occurrences", .strings(occurrences.map(\.rfc3339))),
        ])
    }

    /// Expands one request object.
    static func expand(_ object: [String: Any]) throws(RecurrenceError) -> [Occurrence] {
        func field(_ key: String) throws(RecurrenceError) -> String {
            guard let value = object[key] as? String else {
                throw RecurrenceError(.malformedSet, part: key, "\(key): required, a string")
            }
            return value
        }
        func dates(_ key: String) throws(RecurrenceError) -> [LocalDateTime] {
            guard let raw = object[key], !(raw is NSNull) else { return [] }
            guard let list = raw as? [String] else {
                throw RecurrenceError(
                    .malformedSet, part: key,
                    "\(key): expected a list of local date-times such as [\"2026-12-22T14:00:00\"]")
            }
            var result: [LocalDateTime] = []
            for text in list {
                guard let value = LocalDateTime(iso: text) else {
                    throw RecurrenceError(
                        .malformedDateTime, part: key,
                        "\(key): \"\(text)\" is not a local date-time such as 2026-12-22T14:00:00")
                }
                result.append(value)
            }
            return result
        }
        if object["id"] != nil && !(object["id"] is String) {
            throw RecurrenceError(.malformedSet, part: "id", "id: expected a string")
        }
        guard let number = object["limit"] as? NSNumber, !(object["limit"] is Bool),
            number.doubleValue == number.doubleValue.rounded(),
            (0...Double(maximumLimit)).contains(number.doubleValue)
        else {
            throw RecurrenceError(
                .malformedSet, part: "limit",
                "limit: required, a whole number from 0 to \(maximumLimit)")
        }
        let startText = try field("dtstart")
        guard let start = LocalDateTime(iso: startText) else {
            throw RecurrenceError(
                .malformedDateTime, part: "dtstart",
                "dtstart: \"\(startText)\" is not a local date-time such as 2026-12-08T14:00:00")
        }
        let zone = try field("tzid")
        let set = try RecurrenceSet(
            start: start, timeReference: zone == "UTC" ? .utc : .zone(zone),
            rule: RecurrenceRule(parsing: try field("rrule")),
            exceptionDates: try dates("exdate"), extraDates: try dates("rdate"))
        return Array(set.occurrences().prefix(number.intValue))
    }
}

/// Buffered standard output for many lines.
struct FileHandleOutput {
    private var buffer = Data()

    mutating func write(_ line: String?) {
        guard let line else { return }
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
