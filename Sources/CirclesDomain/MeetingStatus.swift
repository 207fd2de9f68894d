/// Whether a meeting series is producing meetings.
public enum SeriesStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active, paused, ended
}

/// What happened to one meeting.
public enum OccurrenceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case scheduled, cancelled, held
}

/// How a person took part in a held meeting.
public enum AttendanceStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case attended, apologies, absent

    /// Parses `attended`, `apologies` or `absent`.
    public init(parsing text: String) throws(DomainError) {
        guard let value = AttendanceStatus(rawValue: text.trimmingWhitespace.lowercased()) else {
            throw DomainError(field: "attendance", "unknown attendance \"\(text)\"; expected attended, apologies or absent")
        }
        self = value
    }
}

/// Where a follow-up stands.
public enum FollowUpStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, done, dropped
}
