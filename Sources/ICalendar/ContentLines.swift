/// Accumulates content lines and writes them folded at 75 octets with CRLF endings (RFC 5545 §3.1).
struct ContentLines {
    /// The longest a physical line may be, in octets, not counting CRLF.
    static let maximumOctets = 75

    private(set) var lines: [String] = []

    /// Adds `NAME:value`; the value must already be escaped.
    mutating func add(_ name: String, _ value: String) {
        lines.append(name + ":" + value)
    }

    /// Adds `NAME;P1=V1;P2=V2:value`; parameter values and the value must already be escaped.
    mutating func add(_ name: String, _ parameters: [(String, String)], _ value: String) {
        var line = name
        for (key, parameterValue) in parameters {
            line += ";\(key)=\(parameterValue)"
        }
        lines.append(line + ":" + value)
    }

    /// Adds a TEXT property, escaping the value.
    mutating func text(_ name: String, _ value: String) {
        add(name, ICalText.text(value))
    }

    /// Appends another group's lines (a component rendered elsewhere).
    mutating func append(_ other: ContentLines) {
        lines += other.lines
    }

    /// Every line folded and ended with CRLF.
    var rendered: String {
        var out = ""
        for line in lines {
            out += Self.fold(line)
            out += "\r\n"
        }
        return out
    }

    /// Breaks a line into pieces of at most 75 octets (continuations start with a space), never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > maximumOctets {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            out.append(scalar)
            octets += width
        }
        return String(out)
    }
}
