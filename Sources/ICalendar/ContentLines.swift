/// Accumulates content lines and writes them folded at 75 octets with CRLF endings (RFC 5545 §3.1).
///
/// Lines are folded as they are added, straight into UTF-8 bytes: a calendar is written once
/// per message, and building it scalar by scalar in Strings cost a tenth of composing a reminder.
struct ContentLines: Sendable {
    /// The longest a physical line may be, in octets, not counting CRLF.
    static let maximumOctets = 75

    /// The lines so far, folded, each ending in CRLF.
    private(set) var bytes: [UInt8] = []
    /// Octets on the physical line being written.
    private var octets = 0

    /// Adds `NAME:value`; the value must already be escaped.
    mutating func add(_ name: String, _ value: String) {
        write(name)
        write(":")
        write(value)
        endLine()
    }

    /// Adds `NAME;P1=V1;P2=V2:value`; parameter values and the value must already be escaped.
    mutating func add(_ name: String, _ parameters: [(String, String)], _ value: String) {
        write(name)
        for (key, parameterValue) in parameters {
            write(";")
            write(key)
            write("=")
            write(parameterValue)
        }
        write(":")
        write(value)
        endLine()
    }

    /// Adds a TEXT property, escaping the value.
    mutating func text(_ name: String, _ value: String) {
        add(name, ICalText.text(value))
    }

    /// Appends another group's lines (a component rendered elsewhere).
    mutating func append(_ other: ContentLines) {
        bytes += other.bytes
    }

    /// Every line folded and ended with CRLF.
    var rendered: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends `text` to the current line, starting a continuation line (CRLF and a space) before
    /// any character that would take the line past 75 octets; never inside a UTF-8 sequence.
    private mutating func write(_ text: String) {
        // Most pieces fit whole on the line; then no character can cross the limit.
        if octets + text.utf8.count <= Self.maximumOctets {
            bytes += text.utf8
            octets += text.utf8.count
            return
        }
        for byte in text.utf8 {
            if !UTF8.isContinuation(byte),
                octets + Self.sequenceLength(leadingWith: byte) > Self.maximumOctets
            {
                bytes.append(UInt8(ascii: "\r"))
                bytes.append(UInt8(ascii: "\n"))
                bytes.append(UInt8(ascii: " "))
                octets = 1
            }
            bytes.append(byte)
            octets += 1
        }
    }

    private mutating func endLine() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
        octets = 0
    }

    /// The length of the UTF-8 sequence a lead byte starts (Strings hold valid UTF-8).
    private static func sequenceLength(leadingWith byte: UInt8) -> Int {
        switch byte {
        case ..<0x80: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }
}
