import Foundation

/// A recurring meeting that serves an action item: its rule, time, place and people.
public struct MeetingSeries: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// The team that owns it.
    public let teamID: String
    /// The action item it serves, if any.
    public var actionItemID: String?
    /// Its title, e.g. "Peer support — social workers".
    public var title: String
    /// The RFC 5545 RRULE value (without `RRULE:`).
    public var rule: String
    /// Local date-times left out (EXDATE), ISO form.
    public var exceptionDates: [String]
    /// Local date-times added (RDATE), ISO form.
    public var extraDates: [String]
    /// The first meeting's wall-clock start, ISO form `2026-12-08T14:00:00`.
    public var firstLocalStart: String
    /// IANA time zone of the wall-clock times.
    public var timeZone: String
    /// Length of each meeting in minutes.
    public var durationMinutes: Int
    /// Where it happens.
    public var location: String?
    /// The link to join online.
    public var onlineURL: String?
    /// Who is responsible for it.
    public var ownerID: String
    /// Whether the whole team is invited (kept in step with membership).
    public var includeWholeTeam: Bool
    /// Reminder offsets in minutes before each meeting.
    public var reminderOffsets: [Int]
    /// Extra, earlier reminder offsets for the facilitator.
    public var facilitatorReminderOffsets: [Int]
    /// Active, paused or ended.
    public var status: SeriesStatus
    /// Optimistic-lock version: changes when anyone edits the series.
    public var version: Int
    /// The series this one was split from ("this and all following").
    public var splitFrom: String?
    /// What happens to a meeting whose day is closed (issue 16): skipped unless the lead chose a move.
    public var onClosure: OnClosure = .skip
    /// Whether a moved meeting must stay in its original month ("within the month").
    public var withinMonth = false

    /// Creates a series value.
    public init(
        id: String, teamID: String, actionItemID: String?, title: String, rule: String, exceptionDates: [String],
        extraDates: [String], firstLocalStart: String, timeZone: String, durationMinutes: Int, location: String?,
        onlineURL: String?, ownerID: String, includeWholeTeam: Bool, reminderOffsets: [Int],
        facilitatorReminderOffsets: [Int], status: SeriesStatus, version: Int, splitFrom: String?
    ) {
        self.id = id
        self.teamID = teamID
        self.actionItemID = actionItemID
        self.title = title
        self.rule = rule
        self.exceptionDates = exceptionDates
        self.extraDates = extraDates
        self.firstLocalStart = firstLocalStart
        self.timeZone = timeZone
        self.durationMinutes = durationMinutes
        self.location = location
        self.onlineURL = onlineURL
        self.ownerID = ownerID
        self.includeWholeTeam = includeWholeTeam
        self.reminderOffsets = reminderOffsets
        self.facilitatorReminderOffsets = facilitatorReminderOffsets
        self.status = status
        self.version = version
        self.splitFrom = splitFrom
    }
}

/// One meeting of a series, materialised in the database.
public struct Meeting: Sendable, Hashable, Codable {
    /// Stable identifier.
    public let id: String
    /// Its series.
    public let seriesID: String
    /// The instant the rule produced (the iCalendar RECURRENCE-ID); never changes.
    public let originalStart: Date
    /// Wall-clock start in the series' time zone, ISO form.
    public var localStart: String
    /// When it starts.
    public var startsAt: Date
    /// When it ends.
    public var endsAt: Date
    /// Scheduled, cancelled or held.
    public var status: OccurrenceStatus
    /// Where it was before it was last moved.
    public var movedFrom: Date?
    /// Why it was cancelled.
    public var cancelReason: String?
    /// Who facilitates it.
    public var facilitatorID: String?
    /// iCalendar SEQUENCE: increases with every change.
    public var sequence: Int
    /// Why a closure moved or cancelled it ("Christmas Day"), or nil.
    public var closureReason: String? = nil

    /// Creates a meeting value.
    public init(
        id: String, seriesID: String, originalStart: Date, localStart: String, startsAt: Date, endsAt: Date,
        status: OccurrenceStatus, movedFrom: Date?, cancelReason: String?, facilitatorID: String?, sequence: Int
    ) {
        self.id = id
        self.seriesID = seriesID
        self.originalStart = originalStart
        self.localStart = localStart
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.status = status
        self.movedFrom = movedFrom
        self.cancelReason = cancelReason
        self.facilitatorID = facilitatorID
        self.sequence = sequence
    }
}
