import CSV
import CirclesDomain
import Foundation

/// Reads action items from CSV (with CSV.swift) or a JSON array into rows that remember their line.
///
/// Problems with the file as a whole (not UTF-8, empty, a bad header, malformed JSON) throw an
/// `ImportError` at once; problems with single rows are kept on the row so that every one is reported.
enum ActionImportParser {
    static func parse(_ data: Data, format: ImportFormat, fileName: String) throws -> [ImportRow] {
        guard data.count <= ImportLimits.maxBytes else {
            throw ImportError(
                .tooLarge, fileName: fileName,
                summary: ImportLimits.tooManyBytes(data.count, fileName: fileName))
        }
        let text = try decode(data, fileName: fileName)
        guard !text.allSatisfy({ $0.isWhitespace }) else {
            throw ImportError(
                .empty, fileName: fileName,
                summary: "\(fileName) is empty; expected \(format == .csv ? "a header row naming the columns" : "a JSON array of objects") and one action item per \(format == .csv ? "row" : "object")")
        }
        let rows = try format == .csv ? csvRows(text, fileName: fileName) : jsonRows(text, fileName: fileName)
        guard !rows.isEmpty else {
            throw ImportError(
                .empty, fileName: fileName,
                summary: format == .csv ? "\(fileName) has a header row but no action items" : "\(fileName) has no action items (the array is empty)")
        }
        guard rows.count <= ImportLimits.maxRows else {
            throw ImportError(
                .tooLarge, fileName: fileName,
                summary: ImportLimits.tooManyRows(rows.count, fileName: fileName))
        }
        return rows
    }

    /// The file as text: UTF-8 is required; a leading byte-order mark (as Excel writes) is dropped.
    static func decode(_ data: Data, fileName: String) throws -> String {
        guard var text = String(validating: data, as: UTF8.self) else {
            throw ImportError(
                .notUTF8, fileName: fileName,
                summary: "\(fileName) is not UTF-8 text (the first invalid byte is on line \(firstInvalidLine(data))); save it as UTF-8 (in Excel: \"CSV UTF-8\") and import it again")
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
    }

    private static func firstInvalidLine(_ data: Data) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded): if encoded.first == 0x0A { line += 1 }
            case .emptyInput, .error: return line
            }
        }
    }

    // MARK: CSV

    static func csvRows(_ text: String, fileName: String) throws -> [ImportRow] {
        // The header is read as a plain record so that its line breaks, if any, are counted too.
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        guard let header = reader.next() else { return [] }
        let columns = try resolveHeader(header, fileName: fileName)
        let headerBreaks = lineBreaks(in: header)
        var nextLine = 1 + headerBreaks + 1
        var rows: [ImportRow] = []
        var lastRecord = (line: 1, spansLines: headerBreaks > 0)
        while let record = reader.next() {
            let line = nextLine
            let breaks = lineBreaks(in: record)
            nextLine += 1 + breaks
            lastRecord = (line, breaks > 0)
            // Blank lines and rows of empty cells (as spreadsheets leave) are skipped.
            if record.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            var row = ImportRow(line: line, index: rows.count + 1)
            if record.count != columns.count {
                row.hasFields = false
                row.problems.append(
                    "\(record.count) fields but the header has \(columns.count) columns; put quotes around values that contain commas, e.g. \"Leeds, West Yorkshire\"")
            } else {
                for (column, value) in zip(columns, record) {
                    let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !trimmed.isEmpty { row.values[column] = trimmed }
                }
            }
            rows.append(row)
        }
        // A quote that is never closed swallows the rest of the file into one field.
        if text.unicodeScalars.lazy.filter({ $0 == "\"" }).count % 2 == 1, lastRecord.spansLines {
            throw ImportError(
                .malformed, fileName: fileName, summary: "\(fileName) is not well-formed CSV; nothing was imported",
                problems: [.init(line: lastRecord.line, "a quoted field is opened but never closed, so the rest of the file runs into it; close it with \" (write \"\" for a quote inside a quoted field)")])
        }
        return rows
    }

    /// The column of each header cell, or an error listing every problem with the header.
    private static func resolveHeader(_ header: [String], fileName: String) throws -> [ImportColumn] {
        var columns: [ImportColumn] = []
        var problems: [String] = []
        var unknown: [String] = []
        var firstName: [ImportColumn: String] = [:]
        for (position, cell) in header.enumerated() {
            let name = cell.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty {
                problems.append("column \(position + 1) has no name; name it or delete the column")
            } else if let column = ImportColumn(header: name) {
                if let first = firstName[column] {
                    problems.append("columns \"\(first)\" and \"\(name)\" both give the \(column.rawValue); keep one")
                } else {
                    firstName[column] = name
                }
                columns.append(column)
            } else {
                unknown.append(name)
            }
        }
        if !unknown.isEmpty {
            let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            problems.append("unknown column\(unknown.count == 1 ? "" : "s") \(names); accepted: \(ImportColumn.accepted)")
        }
        let missing = ImportColumn.required.filter { firstName[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "\"\($0.rawValue)\"" }.joined(separator: " and ")
            let found = header.map { "\"\($0.trimmingCharacters(in: .whitespacesAndNewlines))\"" }.joined(separator: ", ")
            problems.append("missing required column\(missing.count == 1 ? "" : "s") \(names); the header has \(found)")
        }
        guard problems.isEmpty else {
            throw ImportError(
                .invalidHeader, fileName: fileName, summary: "the header row of \(fileName) is invalid; nothing was imported",
                problems: problems.map { .init(line: 1, $0) })
        }
        return columns
    }

    /// Line breaks inside a record's fields.
    static func lineBreaks(in record: [String]) -> Int {
        record.reduce(0) { $0 + lineBreaks(in: $1) }
    }

    /// Line breaks inside a field: CRLF, LF and a lone CR each count once, as CSV.swift ends rows on them.
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var afterCR = false
        for scalar in field.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" { count += 1 }
        }
        return count
    }

    // MARK: JSON

    static func jsonRows(_ text: String, fileName: String) throws -> [ImportRow] {
        let bytes = Data(text.utf8)
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        } catch {
            throw malformedJSON(error, bytes: bytes, fileName: fileName)
        }
        guard let array = document as? [Any] else {
            throw ImportError(
                .malformed, fileName: fileName,
                summary: "\(fileName) is not a list of action items; expected a JSON array of objects such as [{\"title\": \"…\", \"perspective\": \"carer\"}]")
        }
        let lines = elementLines(in: bytes)
        let located = lines.count == array.count
        return array.enumerated().map { offset, element in
            var row = ImportRow(line: located ? lines[offset] : nil, index: offset + 1)
            guard let object = element as? [String: Any] else {
                row.hasFields = false
                row.problems.append("expected an object with the keys \(ImportColumn.accepted)")
                return row
            }
            var unknown: [String] = []
            var firstKey: [ImportColumn: String] = [:]
            for key in object.keys.sorted() {
                guard let column = ImportColumn(header: key) else {
                    unknown.append(key)
                    continue
                }
                if let first = firstKey[column] {
                    row.problems.append("keys \"\(first)\" and \"\(key)\" both give the \(column.rawValue); keep one")
                    continue
                }
                firstKey[column] = key
                switch object[key] {
                case is NSNull, nil:
                    continue
                case let value as String:
                    let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !trimmed.isEmpty { row.values[column] = trimmed }
                default:
                    row.unreadable.insert(column)
                    row.problems.append("\"\(key)\" must be a string in quotes, e.g. \"\(key)\": \"…\"")
                }
            }
            if !unknown.isEmpty {
                let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
                row.problems.append("unknown key\(unknown.count == 1 ? "" : "s") \(names); accepted: \(ImportColumn.accepted)")
            }
            return row
        }
    }

    /// Foundation reports "… around character N." (a byte offset); turn that into a line.
    private static func malformedJSON(_ error: any Error, bytes: Data, fileName: String) -> ImportError {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        var line: Int?
        var reason = detail
        if let marker = detail.range(of: " around character ") {
            let digits = detail[marker.upperBound...].prefix { $0.isNumber }
            if let offset = Int(digits) {
                line = bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                reason = String(detail[..<marker.lowerBound])
            }
        }
        reason = reason.trimmingCharacters(in: CharacterSet(charactersIn: ". ")).lowercased()
        return ImportError(
            .malformed, fileName: fileName, summary: "\(fileName) is not well-formed JSON; nothing was imported",
            problems: [.init(line: line, reason.isEmpty ? "not well-formed JSON" : reason)])
    }

    /// The line on which each element of the top-level array starts (the JSON is already known to be valid).
    static func elementLines(in bytes: Data) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var expectingElement = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                expectingElement = false
                continue
            default:
                break
            }
            if depth == 1 && expectingElement {
                lines.append(line)
                expectingElement = false
            }
            switch byte {
            case UInt8(ascii: "["):
                depth += 1
                if depth == 1 { expectingElement = true }
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: ","):
                if depth == 1 { expectingElement = true }
            case UInt8(ascii: "\""):
                inString = true
            default:
                break
            }
        }
        return lines
    }
}
