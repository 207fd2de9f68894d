/// Makes untrusted strings safe for content lines (RFC 5545 §3.1, §3.2, §3.3.11): nothing in a value can start a new line.
///
/// Each works scalar by scalar, as the rules are about characters, and writes UTF-8 bytes: far
/// cheaper than appending to a `String.UnicodeScalarView`.
enum ICalText {
    /// A TEXT value: backslash, semicolon and comma escaped; any line break becomes `\n`; other controls dropped.
    static func text(_ raw: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count + 8)
        var afterCR = false
        for scalar in raw.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }  // the LF of a CRLF already became \n
            switch scalar {
            case "\\": out += #"\\"#.utf8
            case ";": out += #"\;"#.utf8
            case ",": out += #"\,"#.utf8
            case _ where isLineBreak(scalar): out += #"\n"#.utf8
            case "\t": out.append(UInt8(ascii: " "))
            case _ where isControl(scalar): continue
            default: append(scalar, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A parameter value: controls dropped (breaks and tabs become spaces), DQUOTE removed, quoted if it holds `;`, `:` or `,`.
    static func parameter(_ raw: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var needsQuotes = false
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "\"": continue
            case ";", ":", ",":
                needsQuotes = true
                append(scalar, to: &out)
            case "\t": out.append(UInt8(ascii: " "))
            case _ where isLineBreak(scalar): out.append(UInt8(ascii: " "))
            case _ where isControl(scalar): continue
            default: append(scalar, to: &out)
            }
        }
        let value = String(decoding: out, as: UTF8.self)
        return needsQuotes || value.isEmpty ? "\"\(value)\"" : value
    }

    /// A URI or CAL-ADDRESS value: written as given, less any control characters, line breaks and spaces.
    static func uri(_ raw: String) -> String {
        guard raw.unicodeScalars.contains(where: isDropped(fromURI:)) else { return raw }
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars where !isDropped(fromURI: scalar) { append(scalar, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the scalar's UTF-8; one byte for ASCII without going through a collection.
    private static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        if scalar.isASCII {
            out.append(UInt8(truncatingIfNeeded: scalar.value))
        } else {
            out += scalar.utf8
        }
    }

    private static func isDropped(fromURI scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isLineBreak(scalar) || scalar == " "
    }

    /// LF, CR, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: anything a parser might take as the end of a line.
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// C0 controls, DEL and C1 controls (RFC 5545 CONTROL, plus C1 which some parsers treat as breaks).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
