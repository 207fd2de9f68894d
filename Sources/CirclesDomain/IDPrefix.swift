import Foundation

/// An identifier as a person types it: a whole UUID, or its first hex digits (at least eight, as
/// git and docker accept), which the store resolves when exactly one id starts with them.
public struct IDPrefix<Entity>: Sendable, Hashable, CustomStringConvertible {
    /// The fewest hex digits accepted: 8 of 32 leave collisions rare among thousands of ids.
    public static var minimumDigits: Int { 8 }

    /// What is accepted, for messages.
    public static var expectedForm: String {
        "a UUID (e.g. 9a1e4b2c-7d3f-4e6a-8b1c-2d3e4f5a6b7c) or its first 8 or more hex digits (e.g. 9a1e4b2c)"
    }

    /// The hex digits given, lowercase, without hyphens (1 to 32 of them; 32 for a whole UUID).
    public let digits: String

    /// Parses a UUID or a prefix of one; nil for anything else. Hyphens may appear where the UUID has them.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        if let uuid = UUID(uuidString: lowered) {
            digits = uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            return
        }
        let canonical = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
        guard lowered.count <= canonical.count else { return nil }
        for (character, slot) in zip(lowered, canonical) {
            if slot == "-" ? character != "-" : !character.isHexDigit || !character.isASCII { return nil }
        }
        let hex = lowered.replacingOccurrences(of: "-", with: "")
        guard hex.count >= Self.minimumDigits else { return nil }
        digits = hex
    }

    /// A whole id, as a prefix of itself.
    public init(_ id: ID<Entity>) {
        digits = id.description.replacingOccurrences(of: "-", with: "")
    }

    /// The id, when the prefix is a whole UUID.
    public var whole: ID<Entity>? { digits.count == 32 ? ID(Self.uuidText(digits)) : nil }

    /// The lowest and highest UUIDs that start with these digits: a range the primary key's index answers.
    public var range: (lowest: ID<Entity>, highest: ID<Entity>) {
        let padding = 32 - digits.count
        // safe: `digits` holds only hex digits, so both paddings spell UUIDs.
        let lowest = ID<Entity>(Self.uuidText(digits + String(repeating: "0", count: padding)))!
        let highest = ID<Entity>(Self.uuidText(digits + String(repeating: "f", count: padding)))!
        return (lowest, highest)
    }

    /// The prefix as given, in the UUID's hyphenated form.
    public var description: String {
        var text = ""
        for (index, character) in digits.enumerated() {
            if [8, 12, 16, 20].contains(index) { text.append("-") }
            text.append(character)
        }
        return text
    }

    private static func uuidText(_ hex: String) -> String {
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
