import Logging
import TextOutput

/// One log record rendered as one line (without the newline) in a `LogFormat`.
///
/// Fields come in a fixed order: time, level, logger, message, then the metadata sorted by key,
/// so lines diff well and tests can compare them. Metadata keys such as `reminder.id` and
/// `meeting.id` become fields of their own.
public struct LogLine: Sendable {
    /// When it was logged.
    public var time: LogTimestamp
    /// Its level.
    public var level: Logger.Level
    /// The logger's label, e.g. `circles.worker`.
    public var label: String
    /// The message.
    public var message: String
    /// Every metadata field, the logger's and the record's merged.
    public var metadata: Logger.Metadata

    /// A record to render.
    public init(time: LogTimestamp, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        self.time = time
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }

    /// The line in `format`, with every value escaped for that format.
    public func rendered(_ format: LogFormat) -> String {
        let fields = metadata.sorted { $0.key < $1.key }
        switch format {
        case .text:
            // For people at a terminal: control characters (line breaks included) are shown as
            // escapes, so a record is one line and a value cannot drive the terminal.
            var line = "\(time) \(level) \(TerminalText.escaped(label)): \(TerminalText.escaped(message))"
            for (key, value) in fields { line += " \(TerminalText.escaped(key))=\(TerminalText.escaped(value.description))" }
            return line
        case .json:
            var line = "{\"time\":" + JSONText.quoted(time.description)
            line += ",\"level\":" + JSONText.quoted(level.rawValue)
            line += ",\"logger\":" + JSONText.quoted(label)
            line += ",\"message\":" + JSONText.quoted(message)
            for (key, value) in fields where !Self.reservedKeys.contains(key) {
                line += "," + JSONText.quoted(key) + ":" + JSONText.value(value)
            }
            return line + "}"
        case .logfmt:
            var pairs = [
                ("time", time.description), ("level", level.rawValue), ("logger", label), ("msg", message),
            ]
            for (key, value) in fields where !Self.reservedKeys.contains(key) {
                pairs.append((LogfmtText.key(key), LogfmtText.flattened(value)))
            }
            return pairs.map { "\($0)=\(LogfmtText.value($1))" }.joined(separator: " ")
        }
    }

    /// Metadata may not overwrite the record's own fields.
    private static let reservedKeys: Set<String> = ["time", "level", "logger", "message", "msg"]
}

/// JSON string and value encoding (RFC 8259) for log lines.
enum JSONText {
    /// `"…"` with quotes, backslashes and control characters escaped (the one escaper, in its
    /// log-line style: DEL and U+2028/U+2029 too).
    static func quoted(_ text: String) -> String {
        JSONString.quoted(text, style: .logLine)
    }

    /// Strings stay strings; arrays and dictionaries become JSON arrays and objects.
    static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .stringConvertible(let convertible): quoted(convertible.description)
        case .array(let items): "[" + items.map { Self.value($0) }.joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + Self.value($0.value) }
                .joined(separator: ",") + "}"
        }
    }
}

/// logfmt encoding as Go's go-logfmt and Heroku's parsers read it.
enum LogfmtText {
    /// A key has no spaces, `=`, quotes or control characters; others become `_`.
    static func key(_ key: String) -> String {
        let cleaned = String(
            key.unicodeScalars.map { scalar -> Character in
                scalar.value <= 0x20 || scalar == "=" || scalar == "\"" || scalar.value == 0x7F ? "_" : Character(scalar)
            })
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// A bare value when it is safe, else a quoted one with `\"`, `\\`, `\n`, `\r`, `\t` and `\u00XX` escapes.
    static func value(_ text: String) -> String {
        let needsQuotes =
            text.isEmpty
            || text.unicodeScalars.contains { $0.value <= 0x20 || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.value == 0x7F }
        guard needsQuotes else { return text }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u" + Self.hex4(scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Nested metadata as one value: arrays and dictionaries in their JSON form.
    static func flattened(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: JSONText.value(value)
        }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
