/// The one JSON string escaper (RFC 8259), for every JSON the program writes by hand.
///
/// `.standard` escapes exactly what Foundation's `JSONEncoder` escapes with
/// `.withoutEscapingSlashes` — `"` and `\`, the short escapes for backspace, form feed, newline,
/// return and tab, `\u00XX` for the other C0 controls — so hand-written reports stay byte for byte
/// what the encoder would write. `.logLine` also escapes DEL and U+2028/U+2029, so a log record
/// stays one line for a terminal and for JavaScript-based collectors.
public enum JSONString {
    /// Which characters beyond those JSON requires are escaped.
    public enum Style: Sendable {
        /// As `JSONEncoder` writes strings.
        case standard
        /// Also DEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
        case logLine
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String, style: Style = .standard) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        append(text, to: &bytes, style: style)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal, quotes included, to `bytes`.
    @inlinable
    public static func append(_ text: String, to bytes: inout [UInt8], style: Style = .standard) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let escape: StaticString?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x00..<0x20: escape = controlEscapes[Int(byte)]
                case 0x7F where style == .logLine: escape = "\\u007f"
                case 0xE2 where style == .logLine && index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    escape = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: escape = nil
                }
                if let escape {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    bytes.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                    start = index + width
                }
                index += width
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The escapes for bytes 0x00–0x1F, as `JSONEncoder` writes them.
    @usableFromInline static let controlEscapes: [StaticString] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ]
}
