import Foundation

/// Everything Circles holds about one person, for a subject access request: their profile,
/// teams, actions, meetings, follow-ups, the mail queued for them and the audit entries
/// about them or made by them. Encodes to JSON with stable key names.
public struct PersonExport: Sendable, Hashable, Codable {
    /// The person as stored.
    public struct Profile: Sendable, Hashable, Codable {
        public let id: String
        public let email: String
        public let displayName: String
        public let timeZone: String
        public let emailOptOut: Bool
        public let active: Bool
        public let administrator: Bool
        public let createdAt: Date
        public let erasedAt: Date?
    }

    /// A team they belong to.
    public struct TeamMembership: Sendable, Hashable, Codable {
        public let teamID: String
        public let team: String
        public let role: String
        public let joinedAt: Date
    }

    /// A workshop action they own.
    public struct OwnedAction: Sendable, Hashable, Codable {
        public let id: String
        public let workshop: String
        public let title: String
        public let status: String
        /// `YYYY-MM-DD`.
        public let dueOn: String?
    }

    /// A meeting they facilitated or had attendance recorded for.
    public struct MeetingRecord: Sendable, Hashable, Codable {
        public let id: String
        public let series: String
        public let team: String
        public let startsAt: Date
        public let status: String
        /// Whether they were (or are to be) the facilitator.
        public let facilitator: Bool
        /// attended, apologies or absent; nil when not recorded.
        public let attendance: String?
    }

    /// A follow-up they own.
    public struct FollowUpRecord: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        public let status: String
        /// `YYYY-MM-DD`.
        public let dueOn: String?
        public let completedAt: Date?
    }

    /// A reminder or other mail queued for them (the text is composed when sent and not kept).
    public struct ReminderRecord: Sendable, Hashable, Codable {
        public let id: Int64
        public let kind: String
        public let state: String
        public let meetingID: String?
        public let dueAt: Date
        public let sentAt: Date?
    }

    /// An audit entry about them (their record, memberships, attendance, rotations) or made by them.
    public struct AuditRecord: Sendable, Hashable, Codable {
        public let id: Int64
        public let occurredAt: Date
        public let action: String
        public let entityTable: String
        public let entityID: String?
        /// Whether they made the change (otherwise it concerns them).
        public let byThem: Bool
        /// The changed values as JSON text, personal fields included.
        public let before: String?
        public let after: String?
    }

    public let exportedAt: Date
    public let profile: Profile
    public let memberships: [TeamMembership]
    public let ownedActions: [OwnedAction]
    public let meetings: [MeetingRecord]
    public let followUps: [FollowUpRecord]
    public let reminders: [ReminderRecord]
    public let auditEntries: [AuditRecord]

    /// Creates an export document.
    public init(
        exportedAt: Date, profile: Profile, memberships: [TeamMembership], ownedActions: [OwnedAction], meetings: [MeetingRecord],
        followUps: [FollowUpRecord], reminders: [ReminderRecord], auditEntries: [AuditRecord]
    ) {
        self.exportedAt = exportedAt
        self.profile = profile
        self.memberships = memberships
        self.ownedActions = ownedActions
        self.meetings = meetings
        self.followUps = followUps
        self.reminders = reminders
        self.auditEntries = auditEntries
    }
}
