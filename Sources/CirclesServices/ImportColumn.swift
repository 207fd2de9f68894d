import Foundation

/// A column of an action-item import (a key of a JSON object), with the spellings accepted for it.
enum ImportColumn: String, Sendable, Hashable, CaseIterable {
    case title
    case perspective
    case description
    case sourceCardText = "source_card_text"
    case ownerEmail = "owner_email"
    case dueDate = "due_date"

    /// The columns every import must have.
    static let required: [ImportColumn] = [.title, .perspective]

    /// Other names people are likely to use, in normalised form.
    var aliases: [String] {
        switch self {
        case .title, .perspective: []
        case .description: ["details"]
        case .sourceCardText: ["card", "source_card", "card_text"]
        case .ownerEmail: ["owner"]
        case .dueDate: ["due", "due_on"]
        }
    }

    /// The column a header names: case, spaces, hyphens and underscores don't matter.
    init?(header: String) {
        let key = Self.normalise(header)
        guard let column = Self.allCases.first(where: { $0.rawValue == key || $0.aliases.contains(key) }) else { return nil }
        self = column
    }

    /// `Source Card` → `source_card`.
    static func normalise(_ header: String) -> String {
        header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" })
            .joined(separator: "_")
    }

    /// Every accepted name, for error messages: `title, perspective, description (or details), …`.
    static var accepted: String {
        allCases.map { column in
            column.aliases.isEmpty
                ? column.rawValue
                : "\(column.rawValue) (or \(column.aliases.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }
}
