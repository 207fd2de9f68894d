import Foundation

/// An entity's header fields, unfolded, in order; names compared case-insensitively.
public struct MIMEHeaders: Sendable, Hashable {
    /// Each field as (name as written, value unfolded and trimmed).
    public var fields: [(name: String, value: String)]

    /// The first value of `name`.
    public func first(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) }?.value
    }

    /// Every value of `name`, top first.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) }.map(\.value)
    }

    /// Parses a header block (without the blank line that ends it).
    static func parse(_ bytes: ArraySlice<UInt8>) -> MIMEHeaders {
        var fields: [(String, String)] = []
        var current: String?
        // Lines by bytes: in a Swift String "\r\n" is one Character, so split before decoding.
        for rawLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            var lineBytes = rawLine
            if lineBytes.last == 0x0D { lineBytes = lineBytes.dropLast() }
            let line = MIMEText.decodeHeaderBytes(lineBytes)
            if let first = lineBytes.first, first == 0x20 || first == 0x09 {
                if let field = current { current = field + " " + line.trimmingSpaces() }
                continue
            }
            if let field = current { fields.append(Self.split(field)) }
            current = line.isEmpty ? nil : line
        }
        if let field = current { fields.append(Self.split(field)) }
        return MIMEHeaders(fields: fields.filter { !$0.0.isEmpty })
    }

    private static func split(_ field: String) -> (String, String) {
        guard let colon = field.firstIndex(of: ":") else { return ("", "") }
        let name = field[..<colon].trimmingSpaces()
        guard !name.contains(" ") else { return ("", "") }
        return (name, field[field.index(after: colon)...].trimmingSpaces())
    }

    public static func == (lhs: MIMEHeaders, rhs: MIMEHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
