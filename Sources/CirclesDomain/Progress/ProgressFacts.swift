/// What the progress report is computed from: the rows the store read, already cut off at
/// each team's as-of moment (nothing that happened later is in here).
public struct ProgressFacts: Sendable, Hashable {
    /// A team in scope, with the day the report is as of in the team's zone.
    public struct Team: Sendable, Hashable {
        public var id: String
        public var name: String
        public var timeZone: String
        /// The as-of day in the team's zone: events up to the end of this day count.
        public var asOf: CalendarDay
        /// Its members' pairing rounds up to the as-of day.
        public var peerPairs = PeerPairFigures()
        public init(id: String, name: String, timeZone: String, asOf: CalendarDay) {
            self.id = id
            self.name = name
            self.timeZone = timeZone
            self.asOf = asOf
        }
    }

    /// A workshop held on or before the as-of day.
    public struct Workshop: Sendable, Hashable {
        public var id: String
        public var teamID: String
        public var title: String
        public var heldOn: CalendarDay
        public init(id: String, teamID: String, title: String, heldOn: CalendarDay) {
            self.id = id
            self.teamID = teamID
            self.title = title
            self.heldOn = heldOn
        }
    }

    /// An action item with its status as of the report (the last change at or before it).
    public struct Action: Sendable, Hashable {
        public var id: String
        public var workshopID: String
        public var title: String
        public var perspective: Perspective
        public var owner: String?
        public var dueOn: CalendarDay?
        public var status: ActionStatus
        /// The day of the last status change at or before the as-of moment, if any was recorded.
        public var statusSince: CalendarDay?
        public var dropReason: String?
        public init(
            id: String, workshopID: String, title: String, perspective: Perspective, owner: String?, dueOn: CalendarDay?,
            status: ActionStatus, statusSince: CalendarDay?, dropReason: String?
        ) {
            self.id = id
            self.workshopID = workshopID
            self.title = title
            self.perspective = perspective
            self.owner = owner
            self.dueOn = dueOn
            self.status = status
            self.statusSince = statusSince
            self.dropReason = dropReason
        }
    }

    /// A meeting series of a team (its current status: the database keeps no status history).
    public struct Series: Sendable, Hashable {
        public var id: String
        public var teamID: String
        public var actionID: String?
        public var title: String
        /// The RFC 5545 rule, for the series' nominal interval.
        public var rule: String
        public var status: SeriesStatus
        /// The day of its first meeting.
        public var firstDay: CalendarDay
        public init(
            id: String, teamID: String, actionID: String?, title: String, rule: String, status: SeriesStatus, firstDay: CalendarDay
        ) {
            self.id = id
            self.teamID = teamID
            self.actionID = actionID
            self.title = title
            self.rule = rule
            self.status = status
            self.firstDay = firstDay
        }
    }

    /// A meeting that started before the as-of moment, with what had become of it by then.
    public struct Meeting: Sendable, Hashable {
        public var seriesID: String
        /// Its local day (where it was moved to, if it was moved).
        public var day: CalendarDay
        /// Held, cancelled (by the as-of moment), or still `scheduled`: it passed unrecorded.
        public var status: OccurrenceStatus
        /// Whether it was moved from the time its rule gave.
        public var moved: Bool
        public var cancelReason: String?
        /// People recorded as attended, and all people recorded (attended, apologies, absent).
        public var attended: Int
        public var recorded: Int
        public init(
            seriesID: String, day: CalendarDay, status: OccurrenceStatus, moved: Bool, cancelReason: String?, attended: Int,
            recorded: Int
        ) {
            self.seriesID = seriesID
            self.day = day
            self.status = status
            self.moved = moved
            self.cancelReason = cancelReason
            self.attended = attended
            self.recorded = recorded
        }
    }

    /// One person's recorded attendance at an action's held meetings, oldest first.
    public struct AttendanceTrack: Sendable, Hashable {
        public var actionID: String
        public var personID: String
        public var name: String
        public var outcomes: [AttendanceStatus]
        public init(actionID: String, personID: String, name: String, outcomes: [AttendanceStatus]) {
            self.actionID = actionID
            self.personID = personID
            self.name = name
            self.outcomes = outcomes
        }
    }

    /// A follow-up raised before the as-of moment, with its status at that moment.
    public struct FollowUp: Sendable, Hashable {
        public var id: String
        public var teamID: String
        public var actionID: String?
        public var title: String
        public var owner: String
        public var dueOn: CalendarDay?
        /// The day of the meeting that raised it (or the day it was added to an action).
        public var raisedOn: CalendarDay
        public var status: FollowUpStatus
        /// The day it was completed or dropped, when it was by the as-of moment.
        public var closedOn: CalendarDay?
        public init(
            id: String, teamID: String, actionID: String?, title: String, owner: String, dueOn: CalendarDay?,
            raisedOn: CalendarDay, status: FollowUpStatus, closedOn: CalendarDay?
        ) {
            self.id = id
            self.teamID = teamID
            self.actionID = actionID
            self.title = title
            self.owner = owner
            self.dueOn = dueOn
            self.raisedOn = raisedOn
            self.status = status
            self.closedOn = closedOn
        }
    }

    /// An active member who had joined by the as-of moment, the last team meeting they attended,
    /// and the days of the team's held meetings they missed: with apologies sent in advance, or
    /// absent without word (any order).
    public struct Member: Sendable, Hashable {
        public var teamID: String
        public var personID: String
        public var name: String
        public var role: TeamRole
        public var joinedOn: CalendarDay
        public var lastAttended: CalendarDay?
        public var apologyDays: [CalendarDay]
        public var absentDays: [CalendarDay]
        public init(
            teamID: String, personID: String, name: String, role: TeamRole, joinedOn: CalendarDay, lastAttended: CalendarDay?,
            apologyDays: [CalendarDay] = [], absentDays: [CalendarDay] = []
        ) {
            self.teamID = teamID
            self.personID = personID
            self.name = name
            self.role = role
            self.joinedOn = joinedOn
            self.lastAttended = lastAttended
            self.apologyDays = apologyDays
            self.absentDays = absentDays
        }
    }

    public var teams: [Team]
    public var workshops: [Workshop]
    public var actions: [Action]
    public var series: [Series]
    public var meetings: [Meeting]
    public var attendance: [AttendanceTrack]
    public var followUps: [FollowUp]
    public var members: [Member]

    /// Facts for a report.
    public init(
        teams: [Team], workshops: [Workshop] = [], actions: [Action] = [], series: [Series] = [], meetings: [Meeting] = [],
        attendance: [AttendanceTrack] = [], followUps: [FollowUp] = [], members: [Member] = []
    ) {
        self.teams = teams
        self.workshops = workshops
        self.actions = actions
        self.series = series
        self.meetings = meetings
        self.attendance = attendance
        self.followUps = followUps
        self.members = members
    }
}
