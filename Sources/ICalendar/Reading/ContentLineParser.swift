/// Splits one unfolded content line into name, parameters and value (RFC 5545 §3.1):
/// `name *(";" param) ":" value`, where parameter values may be quoted and are RFC 6868-decoded.
enum ContentLineParser {
    static func parse(_ bytes: [UInt8], line: Int) throws(ICalendarReadError) -> ContentLine {
        for byte in bytes where byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F {
            throw ICalendarReadError(line: line, "control character 0x\(String(byte, radix: 16, uppercase: true)) is not allowed in a content line")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ICalendarReadError(line: line, "the line is not valid UTF-8")
        }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        let name = readName(scalars, &index)
        guard !name.isEmpty else {
            throw ICalendarReadError(line: line, "expected a property name (letters, digits and '-') at the start of the line")
        }
        var parameters: [ICalendarParameter] = []
        while index < scalars.count, scalars[index] == ";" {
            index += 1
            let parameterName = readName(scalars, &index)
            guard !parameterName.isEmpty, index < scalars.count, scalars[index] == "=" else {
                throw ICalendarReadError(line: line, "a parameter of \(name) must be NAME=value")
            }
            index += 1
            var values: [String] = []
            repeat {
                if index < scalars.count, scalars[index] == "," { index += 1 }
                values.append(try readParameterValue(scalars, &index, line: line, property: name))
            } while index < scalars.count && scalars[index] == ","
            parameters.append(ICalendarParameter(name: parameterName, values: values))
        }
        guard index < scalars.count, scalars[index] == ":" else {
            throw ICalendarReadError(line: line, "\(name) needs ':' before its value")
        }
        var value = String.UnicodeScalarView()
        value.append(contentsOf: scalars[(index + 1)...])
        return ContentLine(name: name, parameters: parameters, value: String(value), line: line)
    }

    /// Whether `text` is a valid iana-token or x-name.
    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isNameScalar)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "-": return true
        default: return false
        }
    }

    private static func readName(_ scalars: [Unicode.Scalar], _ index: inout Int) -> String {
        var name = String.UnicodeScalarView()
        while index < scalars.count, isNameScalar(scalars[index]) {
            name.append(scalars[index])
            index += 1
        }
        return String(name).uppercased()
    }

    private static func readParameterValue(
        _ scalars: [Unicode.Scalar], _ index: inout Int, line: Int, property: String
    ) throws(ICalendarReadError) -> String {
        var value = String.UnicodeScalarView()
        if index < scalars.count, scalars[index] == "\"" {
            index += 1
            while index < scalars.count, scalars[index] != "\"" {
                value.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else {
                throw ICalendarReadError(line: line, "a quoted parameter value of \(property) is never closed")
            }
            index += 1
        } else {
            while index < scalars.count, !";:,\"".unicodeScalars.contains(scalars[index]) {
                value.append(scalars[index])
                index += 1
            }
        }
        return caretDecoded(String(value))
    }

    /// RFC 6868: `^n` is a newline, `^^` a caret, `^'` a double quote; any other caret stays.
    private static func caretDecoded(_ text: String) -> String {
        guard text.contains("^") else { return text }
        var out = ""
        var pendingCaret = false
        for character in text {
            if pendingCaret {
                switch character {
                case "n": out.append("\n")
                case "^": out.append("^")
                case "'": out.append("\"")
                default: out.append("^"); out.append(character)
                }
                pendingCaret = false
            } else if character == "^" {
                pendingCaret = true
            } else {
                out.append(character)
            }
        }
        if pendingCaret { out.append("^") }
        return out
    }
}
