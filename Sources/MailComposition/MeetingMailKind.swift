import CirclesDomain

/// Which meeting email to compose: the three kinds of `ReminderKind` that are about one meeting.
public enum MeetingMailKind: String, Sendable, Hashable, CaseIterable {
    /// A reminder before the meeting; carries List-Unsubscribe and a calendar REQUEST.
    case meetingReminder
    /// An invitation to the meeting; carries a calendar REQUEST.
    case invitation
    /// The meeting is called off; carries a calendar CANCEL.
    case cancellation

    /// The meeting kind for an outbox reminder, or nil for follow-up and digest mail.
    public init?(_ kind: ReminderKind) {
        switch kind {
        case .meetingReminder: self = .meetingReminder
        case .invitation: self = .invitation
        case .cancellation: self = .cancellation
        case .followUpDue, .followUpOverdue, .digest, .pairIntroduction: return nil
        }
    }

    /// Whether this is reminder-like mail a person can opt out of, so it carries List-Unsubscribe (RFC 8058).
    var isReminder: Bool { self == .meetingReminder }
}
