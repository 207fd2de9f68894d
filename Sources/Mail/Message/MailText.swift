/// Text helpers for anything that must stay on one line, such as titles and names in headers.
public enum MailText {
    /// `text` with every control character (C0, DEL, C1, U+2028/U+2029) turned into a space,
    /// runs of spaces collapsed and the ends trimmed, so it cannot start a new header or line.
    public static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar == " " || isLineBreaking(scalar) {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Whether a scalar is a control character or a line or paragraph separator.
    static func isLineBreaking(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
