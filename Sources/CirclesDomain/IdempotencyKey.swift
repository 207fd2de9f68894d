/// What an outbox row is, once: what it is for, whom, and which version of it. Its text is the
/// outbox's `idempotency_key`, unique, so enqueuing the same notice twice enqueues it once; a
/// worker reads the version back from the text (an invitation's SEQUENCE, a follow-up's due date)
/// to drop a notice that a later change overtook. The texts are those the outbox has always held.
public enum IdempotencyKey: Sendable, Hashable {
    /// `meeting-reminder:<meeting>:<person>:<offset>m:<start, Unix seconds>`: a moved meeting gets fresh reminders.
    case meetingReminder(meetingID: String, personID: String, offsetMinutes: Int, startsAt: Int64)
    /// `invitation:<meeting>:<person>:seq<n>`: one per person and SEQUENCE of the meeting.
    case invitation(meetingID: String, personID: String, sequence: Int)
    /// `cancellation:<meeting>:<person>:seq<n>`.
    case cancellation(meetingID: String, personID: String, sequence: Int)
    /// `followup-due:<follow-up>:<YYYY-MM-DD>`: "due tomorrow", for this due date.
    case followUpDue(followUpID: String, dueOn: String)
    /// `followup-overdue:<follow-up>:<YYYY-MM-DD>:<n>d`: the nudge `n` days after this due date.
    case followUpOverdue(followUpID: String, dueOn: String, daysAfter: Int)
    /// `digest:<team>:<lead>:<YYYY-MM-DD>`: a lead's digest for the week starting that Monday.
    case digest(teamID: String, personID: String, weekOf: String)
    /// `pair-introduction:<group>:<person>`: one introduction per member of a pair or trio.
    case pairIntroduction(groupID: String, personID: String)

    /// The key as the outbox stores it.
    public var text: String {
        switch self {
        case .meetingReminder(let meeting, let person, let offset, let starts): "meeting-reminder:\(meeting):\(person):\(offset)m:\(starts)"
        case .invitation(let meeting, let person, let sequence): "invitation:\(meeting):\(person):seq\(sequence)"
        case .cancellation(let meeting, let person, let sequence): "cancellation:\(meeting):\(person):seq\(sequence)"
        case .followUpDue(let followUp, let dueOn): "followup-due:\(followUp):\(dueOn)"
        case .followUpOverdue(let followUp, let dueOn, let days): "followup-overdue:\(followUp):\(dueOn):\(days)d"
        case .digest(let team, let person, let weekOf): "digest:\(team):\(person):\(weekOf)"
        case .pairIntroduction(let group, let person): "pair-introduction:\(group):\(person)"
        }
    }

    /// A meeting's notice of a change, by kind: an updated invitation or a cancellation; nil for other kinds.
    public static func notice(_ kind: ReminderKind, meetingID: String, personID: String, sequence: Int) -> IdempotencyKey? {
        switch kind {
        case .invitation: .invitation(meetingID: meetingID, personID: personID, sequence: sequence)
        case .cancellation: .cancellation(meetingID: meetingID, personID: personID, sequence: sequence)
        default: nil
        }
    }

    /// Reads a key back from the outbox; nil for a text no case writes.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func number<T: FixedWidthInteger>(_ part: String, after prefix: String = "", before suffix: String = "") -> T? {
            guard part.hasPrefix(prefix), part.hasSuffix(suffix), part.count > prefix.count + suffix.count else { return nil }
            return T(part.dropFirst(prefix.count).dropLast(suffix.count))
        }
        switch (parts.first, parts.count) {
        case ("meeting-reminder", 5):
            guard let offset: Int = number(parts[3], before: "m"), let starts: Int64 = number(parts[4]) else { return nil }
            self = .meetingReminder(meetingID: parts[1], personID: parts[2], offsetMinutes: offset, startsAt: starts)
        case ("invitation", 4):
            guard let sequence: Int = number(parts[3], after: "seq") else { return nil }
            self = .invitation(meetingID: parts[1], personID: parts[2], sequence: sequence)
        case ("cancellation", 4):
            guard let sequence: Int = number(parts[3], after: "seq") else { return nil }
            self = .cancellation(meetingID: parts[1], personID: parts[2], sequence: sequence)
        case ("followup-due", 3):
            self = .followUpDue(followUpID: parts[1], dueOn: parts[2])
        case ("followup-overdue", 4):
            guard let days: Int = number(parts[3], before: "d") else { return nil }
            self = .followUpOverdue(followUpID: parts[1], dueOn: parts[2], daysAfter: days)
        case ("digest", 4):
            self = .digest(teamID: parts[1], personID: parts[2], weekOf: parts[3])
        case ("pair-introduction", 3):
            self = .pairIntroduction(groupID: parts[1], personID: parts[2])
        default:
            return nil
        }
    }

    /// The meeting's SEQUENCE an invitation or cancellation was planned for; nil for other keys.
    public var sequence: Int? {
        switch self {
        case .invitation(_, _, let sequence), .cancellation(_, _, let sequence): sequence
        default: nil
        }
    }

    /// The due date a follow-up reminder was planned for; nil for other keys.
    public var plannedDueDate: String? {
        switch self {
        case .followUpDue(_, let dueOn), .followUpOverdue(_, let dueOn, _): dueOn
        default: nil
        }
    }
}
