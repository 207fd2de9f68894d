import Foundation

/// Whose voice an action item came from at the workshop (the "Whose Shoes?" card types).
public enum Perspective: String, Sendable, Hashable, Codable, CaseIterable {
    case serviceUser = "service_user"
    case carer
    case practitioner
    case manager
    case organisation

    /// The spelling used on the command line and in imports: `service-user`, `carer`, …
    public var name: String { self == .serviceUser ? "service-user" : rawValue }

    /// Parses `service-user`, `service user`, `service_user` (any case), `carer`, …
    public init(parsing text: String) throws(DomainError) {
        let key = text.trimmingWhitespace.lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        guard let value = Perspective(rawValue: key) else {
            let accepted = Perspective.allCases.map(\.name).joined(separator: ", ")
            throw DomainError(field: "perspective", "unknown perspective \"\(text)\"; expected one of \(accepted)")
        }
        self = value
    }
}
