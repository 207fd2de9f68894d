/// The progress report: per team, per workshop, each action item and how far it has got —
/// its meetings, attendance, follow-ups and a flag — with the perspectives the actions came
/// from and the team's peer-support coverage. Built by `ProgressReport.build(from:coverageWeeks:)`
/// from facts alone, so every figure is a pure function of what the store read.
public struct ProgressReport: Sendable, Hashable, Codable {
    /// How many weeks back peer-support coverage looks.
    public var coverageWeeks: Int
    /// The teams in scope, by name.
    public var teams: [TeamProgress]

    /// One team's section.
    public struct TeamProgress: Sendable, Hashable, Codable {
        public var name: String
        public var timeZone: String
        /// The report is as of the end of this day in the team's zone.
        public var asOf: CalendarDay
        public var workshops: [WorkshopProgress]
        /// All the team's actions in scope, by the perspective they came from.
        public var perspectives: [PerspectiveProgress]
        /// Meetings and follow-ups month by month (the charts' data).
        public var months: [MonthFigures]
        /// Every held meeting in scope, oldest first, with its attendance.
        public var meetings: [MeetingAttendance]
        public var coverage: Coverage
        /// One-to-one peer support: pairing rounds, pairs matched and met, repeats.
        public var peerPairs = PeerPairFigures()
    }

    /// A workshop's actions.
    public struct WorkshopProgress: Sendable, Hashable, Codable {
        public var title: String
        public var heldOn: CalendarDay
        public var actions: [ActionProgress]
        public var perspectives: [PerspectiveProgress]
    }

    /// One action item and everything that followed from it.
    public struct ActionProgress: Sendable, Hashable, Codable {
        public var title: String
        public var perspective: Perspective
        public var owner: String?
        public var status: ActionStatus
        /// Days since the workshop that agreed it.
        public var ageDays: Int
        public var dueOn: CalendarDay?
        public var dropReason: String?
        public var flag: ProgressFlag
        /// Why the flag is what it is, in words (empty when on track, done or dropped).
        public var reasons: [String]
        public var meetings: MeetingFigures
        public var attendance: AttendanceFigures
        public var followUps: FollowUpFigures
    }

    /// An action's meeting series up to the as-of day.
    public struct MeetingFigures: Sendable, Hashable, Codable {
        /// The titles of its series (more than one after a split).
        public var series: [String]
        /// Nominal days between meetings of its current series.
        public var intervalDays: Int?
        /// Every meeting that was due to start by the as-of moment, whatever became of it.
        public var planned: Int
        public var held: Int
        public var cancelled: Int
        /// Planned meetings that passed neither held nor cancelled.
        public var notRecorded: Int
        /// Meetings moved from the time their rule gave (counted once, at their new day).
        public var moved: Int
        /// The latest planned meetings in a row that were not held.
        public var missedInARow: Int
        /// The most days between two consecutive held meetings.
        public var longestGapDays: Int?
        public var lastHeld: CalendarDay?
        public var cancellations: [Cancellation]
    }

    /// A cancelled meeting and why.
    public struct Cancellation: Sendable, Hashable, Codable {
        public var day: CalendarDay
        public var series: String
        public var reason: String
    }

    /// Attendance at an action's held meetings.
    public struct AttendanceFigures: Sendable, Hashable, Codable {
        public var attended: Int
        /// Everyone recorded: attended, apologies or absent.
        public var recorded: Int
        /// attended ÷ recorded, to three decimals; nil when nobody was recorded.
        public var rate: Double?
        /// By person, by name.
        public var people: [PersonAttendance]
        /// Meetings missed with apologies sent in advance, over everyone.
        public var apologiesInAdvance: Int { people.reduce(0) { $0 + $1.apologies } }
        /// Meetings missed without a word, over everyone.
        public var absentWithoutWord: Int { people.reduce(0) { $0 + $1.absent } }
    }

    /// One person's attendance at an action's meetings (only meetings they were recorded at,
    /// so someone who joined mid-way is measured from when they joined).
    public struct PersonAttendance: Sendable, Hashable, Codable {
        public var name: String
        public var attended: Int
        /// Meetings missed with apologies sent in advance ("can't make it", or word to the facilitator).
        public var apologies: Int
        /// Meetings missed without a word.
        public var absent: Int
        public var rate: Double?
        /// Their latest recorded meetings in a row not attended.
        public var missedInARow: Int
    }

    /// An action's follow-ups as of the report.
    public struct FollowUpFigures: Sendable, Hashable, Codable {
        public var open: Int
        public var done: Int
        public var dropped: Int
        /// Open past their due day, the longest overdue first.
        public var overdue: [OverdueFollowUp]
    }

    /// A follow-up that is open past its due day.
    public struct OverdueFollowUp: Sendable, Hashable, Codable {
        public var title: String
        public var owner: String
        public var dueOn: CalendarDay
        public var daysOverdue: Int
    }

    /// How far the actions from one perspective have got.
    public struct PerspectiveProgress: Sendable, Hashable, Codable {
        public var perspective: Perspective
        public var actions: Int
        public var onTrack: Int
        public var atRisk: Int
        public var stalled: Int
        public var done: Int
        public var dropped: Int
        /// Meetings held for these actions.
        public var meetingsHeld: Int
    }

    /// One month: meetings planned, held and cancelled in it, and follow-ups open and closed at its end.
    public struct MonthFigures: Sendable, Hashable, Codable {
        /// `YYYY-MM`.
        public var month: String
        public var planned: Int
        public var held: Int
        public var cancelled: Int
        /// Follow-ups open at the end of the month (or on the as-of day, for its month).
        public var followUpsOpen: Int
        /// Follow-ups done or dropped by then.
        public var followUpsClosed: Int
    }

    /// A held meeting and how many attended.
    public struct MeetingAttendance: Sendable, Hashable, Codable {
        public var day: CalendarDay
        public var series: String
        public var attended: Int
        public var recorded: Int
    }

    /// Peer-support coverage: who attended at least one team meeting in the last `weeks` weeks.
    public struct Coverage: Sendable, Hashable, Codable {
        public var weeks: Int
        /// The window's first day.
        public var since: CalendarDay
        /// The window's last day: the as-of day.
        public var until: CalendarDay
        /// Active members who had joined by the as-of day.
        public var members: Int
        /// Of whom attended at least one meeting in the window.
        public var covered: Int
        /// covered ÷ members, to three decimals; nil for a team without members.
        public var share: Double?
        /// Members with no attended meeting in the window, by name: for a caring conversation.
        public var without: [MemberWithoutMeeting]
        /// Team meetings in the window that members missed having sent apologies in advance
        /// ("can't make it", or word to the facilitator), counted per member and meeting.
        public var apologiesInAdvance: Int
        /// Team meetings in the window that members missed without a word.
        public var absentWithoutWord: Int
    }

    /// A member who attended no meeting in the coverage window.
    public struct MemberWithoutMeeting: Sendable, Hashable, Codable {
        public var name: String
        public var role: TeamRole
        public var joinedOn: CalendarDay
        /// The last team meeting they attended, if any.
        public var lastAttended: CalendarDay?
        /// Team meetings in the window they sent apologies for in advance.
        public var apologiesInAdvance: Int
        /// Team meetings in the window they missed without a word.
        public var absentWithoutWord: Int
    }

    /// A report.
    public init(coverageWeeks: Int, teams: [TeamProgress]) {
        self.coverageWeeks = coverageWeeks
        self.teams = teams
    }
}

// The attendance split (apologies in advance, absent without word) under its own names too, in
// the JSON of every report; the older "apologies" and "absent" stay for readers of earlier reports.
private enum AttendanceSplitKeys: String, CodingKey {
    case apologiesInAdvance, absentWithoutWord
}

extension ProgressReport.AttendanceFigures {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attended, forKey: .attended)
        try container.encode(recorded, forKey: .recorded)
        try container.encodeIfPresent(rate, forKey: .rate)
        try container.encode(people, forKey: .people)
        var split = encoder.container(keyedBy: AttendanceSplitKeys.self)
        try split.encode(apologiesInAdvance, forKey: .apologiesInAdvance)
        try split.encode(absentWithoutWord, forKey: .absentWithoutWord)
    }
}

extension ProgressReport.PersonAttendance {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(attended, forKey: .attended)
        try container.encode(apologies, forKey: .apologies)
        try container.encode(absent, forKey: .absent)
        try container.encodeIfPresent(rate, forKey: .rate)
        try container.encode(missedInARow, forKey: .missedInARow)
        var split = encoder.container(keyedBy: AttendanceSplitKeys.self)
        try split.encode(apologies, forKey: .apologiesInAdvance)
        try split.encode(absent, forKey: .absentWithoutWord)
    }
}
