/// An email address as people type it, checked for shape and compared case-insensitively.
///
/// The check is deliberately the one mail servers agree on (one `@`, a dotted domain, no
/// spaces or control characters, at most 254 characters), not a full RFC 5322 parser.
public struct EmailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The address as entered, trimmed.
    public let value: String

    /// Validates an address; the error names the problem and shows an accepted form.
    public init(_ text: String) throws(DomainError) {
        let trimmed = text.trimmingWhitespace
        func refuse(_ reason: String) -> DomainError {
            DomainError(field: "email", "invalid email address \"\(trimmed)\": \(reason); expected a form like name@example.org")
        }
        guard !trimmed.isEmpty else {
            throw DomainError(field: "email", "an email address is required, e.g. name@example.org")
        }
        guard trimmed.utf8.count <= 254 else { throw refuse("longer than 254 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw refuse("it contains a space or control character")
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw refuse("it must contain exactly one @") }
        guard !parts[0].isEmpty else { throw refuse("nothing before the @") }
        let domain = parts[1]
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else {
            throw refuse("the part after the @ must be a domain such as example.org")
        }
        self.value = trimmed
    }

    /// The lower-cased form used to compare and look up addresses.
    public var normalized: String { value.lowercased() }

    public var description: String { value }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
}

extension String {
    /// The string without leading and trailing white space.
    var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
