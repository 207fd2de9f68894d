/// A person's role in a team.
public enum TeamRole: String, Sendable, Hashable, Codable, CaseIterable {
    case lead
    case member
    case citizenRepresentative = "citizen_representative"

    /// The command-line spelling: `lead`, `member`, `citizen-representative`.
    public var name: String { self == .citizenRepresentative ? "citizen-representative" : rawValue }

    /// Parses the command-line spelling (or the stored one).
    public init(parsing text: String) throws(DomainError) {
        let key = text.trimmingWhitespace.lowercased()
        guard let value = TeamRole.allCases.first(where: { $0.name == key || $0.rawValue == key }) else {
            throw DomainError(
                field: "role",
                "unknown role \"\(text)\"; expected one of \(TeamRole.allCases.map(\.name).joined(separator: ", "))")
        }
        self = value
    }
}
