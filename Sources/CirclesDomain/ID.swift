import Foundation

/// An entity's identifier: a UUID typed by what it names (`ID<Meeting>`, `ID<MeetingSeries>`), so
/// a text that is not a UUID never becomes one and a team's id is never passed for a person's.
public struct ID<Entity>: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The UUID.
    public let uuid: UUID

    /// Wraps a UUID.
    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses a whole UUID (any case); nil for anything else.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// The canonical lowercase form, as PostgreSQL writes it; JSON and the stores use it.
    public var description: String { uuid.lowercaseText }

    /// The first eight hex digits: what tables show, and the shortest prefix the CLI accepts.
    public var short: String { String(description.prefix(IDPrefix<Entity>.minimumDigits)) }

    /// The order of `description`: hex digits and hyphens in fixed places sort as the bytes do.
    public static func < (lhs: ID, rhs: ID) -> Bool {
        withUnsafeBytes(of: lhs.uuid.uuid) { left in
            withUnsafeBytes(of: rhs.uuid.uuid) { right in left.lexicographicallyPrecedes(right) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a UUID, not \"\(text)\""))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
