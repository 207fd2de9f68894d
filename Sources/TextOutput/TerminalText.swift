/// Text made safe to print on a terminal: every control character shown as a visible escape,
/// so data (including rows stored before inputs were checked) can never move the cursor, change
/// colours, set the window title or ring the bell.
///
/// The escapes are Swift's string-literal notation: `\n`, `\r` and `\t` for line feed, carriage
/// return and tab, and `\u{1B}` (hexadecimal, upper case) for any other C0 control, DEL, C1
/// control, and LINE/PARAGRAPH SEPARATOR. Backslashes are left as they are, so a Windows path
/// reads normally; the escapes are for showing, not for reading back.
public enum TerminalText {
    /// `text` with every control character escaped; with `keepingLineFeeds`, line feeds stay
    /// (for multi-line messages such as an import's list of problems).
    public static func escaped(_ text: String, keepingLineFeeds: Bool = false) -> String {
        guard !isPlain(text), text.unicodeScalars.contains(where: { needsEscape($0) && !(keepingLineFeeds && $0 == "\n") }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar), !(keepingLineFeeds && scalar == "\n") else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    /// A quick check on the bytes: true when `text` certainly holds nothing to escape (false may
    /// still turn out to be plain, e.g. `£`, whose UTF-8 starts like a C1 control's).
    @inlinable
    public static func isPlain(_ text: String) -> Bool {
        !text.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }

    /// Whether a terminal could act on `scalar` rather than show it.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
