/// What a series does with a meeting whose day is closed (a bank holiday, a closure). The raw
/// values are those of the command line, the database and the recurrence engine's policy.
public enum OnClosure: String, Sendable, Hashable, Codable, CaseIterable {
    /// The meeting is not held that time.
    case skip
    /// It moves to the next open working day, at the same local time.
    case nextWorkingDay = "next-working-day"
    /// It moves to the previous open working day, at the same local time.
    case previousWorkingDay = "previous-working-day"

    /// Reads a value given by a person, or says what would be accepted.
    public init(parsing text: String) throws(DomainError) {
        guard let value = OnClosure(rawValue: text.lowercased()) else {
            throw DomainError(
                field: "on-closure",
                "unknown closure policy \"\(text)\"; expected \(OnClosure.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }
}
