/// Text helpers for anything that must stay on one line, such as titles and names in headers.
public enum MailText {
    /// `text` with every control character (C0, DEL, C1, U+2028/U+2029) turned into a space,
    /// runs of spaces collapsed and the ends trimmed, so it cannot start a new header or line.
    public static func singleLine(_ text: String) -> String {
        // Written as UTF-8 bytes: appending to a String.UnicodeScalarView is several times slower,
        // and every title, name and header value of every message passes here.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar == " " || isLineBreaking(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(ASCII.space)
                pendingSpace = false
            }
            ASCII.append(scalar, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a scalar is a control character or a line or paragraph separator.
    static func isLineBreaking(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
