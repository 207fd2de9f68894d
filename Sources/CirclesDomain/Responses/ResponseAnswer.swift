/// A person's answer to a meeting invitation, as iCalendar's PARTSTAT names them.
public enum ResponseAnswer: String, Sendable, Hashable, Codable, CaseIterable {
    /// "I'll be there" (PARTSTAT=ACCEPTED).
    case accepted
    /// "Sorry, I can't make it" (PARTSTAT=DECLINED).
    case declined
    /// "Maybe" (PARTSTAT=TENTATIVE).
    case tentative

    /// Parses `accepted`, `declined` or `tentative` (any case).
    public init(parsing text: String) throws(DomainError) {
        guard let value = ResponseAnswer(rawValue: text.trimmingWhitespace.lowercased()) else {
            throw DomainError(field: "answer", "unknown answer \"\(text)\"; expected accepted, declined or tentative")
        }
        self = value
    }

    /// What the person said, in words: `coming`, `can't make it`, `maybe`.
    public var phrase: String {
        switch self {
        case .accepted: "coming"
        case .declined: "can't make it"
        case .tentative: "maybe"
        }
    }
}
