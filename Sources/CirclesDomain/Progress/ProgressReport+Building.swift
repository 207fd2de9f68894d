extension ProgressReport {
    /// Computes the report from facts. Pure: the same facts always give the same report.
    public static func build(from facts: ProgressFacts, coverageWeeks: Int) -> ProgressReport {
        let builder = Builder(facts, coverageWeeks: coverageWeeks)
        return ProgressReport(coverageWeeks: coverageWeeks, teams: builder.teams(0..<builder.teamCount))
    }

    /// Builds the report's team sections from facts, all at once or a range at a time: each
    /// team's figures depend on its own facts alone, so ranges may be built in parallel and
    /// put together in order.
    public struct Builder: Sendable {
        /// How many weeks back peer-support coverage looks.
        public let coverageWeeks: Int
        /// The teams in report order: by name, case-insensitively.
        let teams: [ProgressFacts.Team]
        let index: FactIndex

        /// Indexes the facts once, for any number of `teams(_:)` calls.
        public init(_ facts: ProgressFacts, coverageWeeks: Int) {
            self.coverageWeeks = coverageWeeks
            teams = facts.teams.map { ($0.name.lowercased(), $0) }.sorted { ($0.0, $0.1.id) < ($1.0, $1.1.id) }.map(\.1)
            index = FactIndex(facts)
        }

        /// How many team sections the report has.
        public var teamCount: Int { teams.count }

        /// The sections of the teams at `range` in report order.
        public func teams(_ range: Range<Int>) -> [TeamProgress] {
            teams[range].map { ProgressReport.team(for: $0, index: index, coverageWeeks: coverageWeeks) }
        }
    }

    private static func team(for team: ProgressFacts.Team, index: FactIndex, coverageWeeks: Int) -> TeamProgress {
        let workshops = (index.workshops[team.id] ?? []).sorted { ($0.heldOn, $0.title) < ($1.heldOn, $1.title) }
        let workshopProgress = workshops.map { workshop in
            let actions = (index.actions[workshop.id] ?? []).map { action(for: $0, workshop: workshop, asOf: team.asOf, index: index) }
            return WorkshopProgress(
                title: workshop.title, heldOn: workshop.heldOn, actions: actions, perspectives: perspectives(of: actions))
        }
        let series = index.series[team.id] ?? []
        let meetings = series.flatMap { index.meetings[$0.id] ?? [] }
        let titles = Dictionary(series.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let held = meetings.filter { $0.status == .held }
            .map { MeetingAttendance(day: $0.day, series: titles[$0.seriesID] ?? "", attended: $0.attended, recorded: $0.recorded) }
            .sorted { ($0.day, $0.series) < ($1.day, $1.series) }
        return TeamProgress(
            name: team.name, timeZone: team.timeZone, asOf: team.asOf, workshops: workshopProgress,
            perspectives: perspectives(of: workshopProgress.flatMap(\.actions)),
            months: months(meetings: meetings, followUps: index.followUps[team.id] ?? [], asOf: team.asOf),
            meetings: held,
            coverage: coverage(members: index.members[team.id] ?? [], weeks: coverageWeeks, asOf: team.asOf),
            peerPairs: team.peerPairs)
    }

    static func action(
        for action: ProgressFacts.Action, workshop: ProgressFacts.Workshop, asOf: CalendarDay, index: FactIndex
    ) -> ActionProgress {
        let series = (index.seriesByAction[action.id] ?? []).sorted { ($0.firstDay, $0.title) < ($1.firstDay, $1.title) }
        let current = series.last { $0.status == .active } ?? series.last
        let interval = current.flatMap { MeetingInterval.days(rule: $0.rule) }
        let titles = Dictionary(series.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        // Each series' meetings come in time order; several series (after a split) are merged by day.
        var meetings = series.flatMap { index.meetings[$0.id] ?? [] }
        if series.count > 1 { meetings.sort { ($0.day, $0.seriesID) < ($1.day, $1.seriesID) } }
        let figures = meetingFigures(meetings, titles: titles, series: series, interval: interval)
        let followUps = index.followUpsByAction[action.id] ?? []
        let followUpFigures = self.followUps(followUps, asOf: asOf)

        var flag: ProgressFlag
        var reasons: [String] = []
        switch action.status {
        case .done: flag = .done
        case .dropped: flag = .dropped
        case .open, .inProgress:
            let lastActivity = ([workshop.heldOn, action.statusSince, figures.lastHeld]
                + followUps.flatMap { [$0.raisedOn, $0.closedOn] }).compactMap { $0 }.max() ?? workshop.heldOn
            let quiet = asOf.days(since: lastActivity)
            let stallAfter = interval.map { 3 * $0 } ?? ProgressFlag.unscheduledStallDays
            if !series.isEmpty, !series.contains(where: { $0.status == .active }) {
                let states = Set(series.map(\.status.rawValue)).sorted().joined(separator: " or ")
                reasons.append("its meeting series is \(states) while the action is still \(action.status.name)")
            }
            if quiet > stallAfter {
                reasons.append("nothing has happened for \(quiet) days (stalled after \(stallAfter))")
            }
            flag = reasons.isEmpty ? .onTrack : .stalled
            if flag == .onTrack {
                if figures.missedInARow >= 2 {
                    reasons.append("the last \(figures.missedInARow) planned meetings were not held")
                }
                if !followUpFigures.overdue.isEmpty {
                    let count = followUpFigures.overdue.count
                    reasons.append("\(count) follow-up\(count == 1 ? " is" : "s are") overdue")
                }
                if let interval, current?.status == .active,
                    let since = figures.lastHeld ?? meetings.first?.day, asOf.days(since: since) > 2 * interval
                {
                    let what = figures.lastHeld == nil ? "no meeting held since the first was planned" : "no meeting held"
                    reasons.append("\(what) for \(asOf.days(since: since)) days (interval \(interval))")
                }
                if let due = action.dueOn, due < asOf {
                    reasons.append("the action was due on \(due)")
                }
                if !reasons.isEmpty { flag = .atRisk }
            }
        }
        return ActionProgress(
            title: action.title, perspective: action.perspective, owner: action.owner, status: action.status,
            ageDays: asOf.days(since: workshop.heldOn), dueOn: action.dueOn, dropReason: action.dropReason, flag: flag,
            reasons: reasons, meetings: figures, attendance: attendance(index.attendance[action.id] ?? []), followUps: followUpFigures)
    }

    static func meetingFigures(
        _ meetings: [ProgressFacts.Meeting], titles: [String: String], series: [ProgressFacts.Series], interval: Int?
    ) -> MeetingFigures {
        let heldDays = meetings.filter { $0.status == .held }.map(\.day)
        let gaps = zip(heldDays.dropFirst(), heldDays).map { $0.days(since: $1) }
        let missed = meetings.reversed().prefix { $0.status != .held }.count
        let cancellations = meetings.filter { $0.status == .cancelled }.map {
            Cancellation(day: $0.day, series: titles[$0.seriesID] ?? "", reason: $0.cancelReason ?? "")
        }
        return MeetingFigures(
            series: series.map(\.title), intervalDays: interval, planned: meetings.count, held: heldDays.count,
            cancelled: cancellations.count, notRecorded: meetings.filter { $0.status == .scheduled }.count,
            moved: meetings.filter(\.moved).count, missedInARow: missed, longestGapDays: gaps.max(), lastHeld: heldDays.last,
            cancellations: cancellations)
    }

    static func attendance(_ tracks: [ProgressFacts.AttendanceTrack]) -> AttendanceFigures {
        let people = tracks.map { track in
            let attended = track.outcomes.filter { $0 == .attended }.count
            return PersonAttendance(
                name: track.name, attended: attended, apologies: track.outcomes.filter { $0 == .apologies }.count,
                absent: track.outcomes.filter { $0 == .absent }.count, rate: ratio(attended, track.outcomes.count),
                missedInARow: track.outcomes.reversed().prefix { $0 != .attended }.count)
        }.byName(\.name)
        let attended = people.reduce(0) { $0 + $1.attended }
        let recorded = tracks.reduce(0) { $0 + $1.outcomes.count }
        return AttendanceFigures(attended: attended, recorded: recorded, rate: ratio(attended, recorded), people: people)
    }

    static func followUps(_ followUps: [ProgressFacts.FollowUp], asOf: CalendarDay) -> FollowUpFigures {
        let overdue = followUps.compactMap { followUp -> OverdueFollowUp? in
            guard followUp.status == .open, let due = followUp.dueOn, due < asOf else { return nil }
            return OverdueFollowUp(title: followUp.title, owner: followUp.owner, dueOn: due, daysOverdue: asOf.days(since: due))
        }.sorted { ($0.dueOn, $0.title) < ($1.dueOn, $1.title) }
        return FollowUpFigures(
            open: followUps.filter { $0.status == .open }.count, done: followUps.filter { $0.status == .done }.count,
            dropped: followUps.filter { $0.status == .dropped }.count, overdue: overdue)
    }

    static func perspectives(of actions: [ActionProgress]) -> [PerspectiveProgress] {
        Perspective.allCases.map { perspective in
            let mine = actions.filter { $0.perspective == perspective }
            func count(_ flag: ProgressFlag) -> Int { mine.filter { $0.flag == flag }.count }
            return PerspectiveProgress(
                perspective: perspective, actions: mine.count, onTrack: count(.onTrack), atRisk: count(.atRisk),
                stalled: count(.stalled), done: count(.done), dropped: count(.dropped),
                meetingsHeld: mine.reduce(0) { $0 + $1.meetings.held })
        }
    }

    /// Month by month from the first planned meeting or raised follow-up to the as-of day.
    static func months(meetings: [ProgressFacts.Meeting], followUps: [ProgressFacts.FollowUp], asOf: CalendarDay) -> [MonthFigures] {
        guard let first = (meetings.map(\.day) + followUps.map(\.raisedOn)).min(), first <= asOf else { return [] }
        var byMonth: [Int: (planned: Int, held: Int, cancelled: Int)] = [:]
        for meeting in meetings {
            let key = meeting.day.monthIndex
            var figures = byMonth[key] ?? (0, 0, 0)
            figures.planned += 1
            if meeting.status == .held { figures.held += 1 }
            if meeting.status == .cancelled { figures.cancelled += 1 }
            byMonth[key] = figures
        }
        let raised = followUps.map(\.raisedOn).sorted()
        let closed = followUps.compactMap(\.closedOn).sorted()
        var result: [MonthFigures] = []
        var month = first.firstOfMonth
        while month <= asOf {
            let end = min(month.firstOfNextMonth.adding(days: -1), asOf)
            let raisedByEnd = count(raised, atOrBefore: end)
            let closedByEnd = count(closed, atOrBefore: end)
            let figures = byMonth[month.monthIndex] ?? (0, 0, 0)
            result.append(
                MonthFigures(
                    month: month.month, planned: figures.planned, held: figures.held, cancelled: figures.cancelled,
                    followUpsOpen: raisedByEnd - closedByEnd, followUpsClosed: closedByEnd))
            month = month.firstOfNextMonth
        }
        return result
    }

    /// Peer-support coverage of one team's members over the `weeks` weeks ending on `asOf`.
    public static func coverage(members: [ProgressFacts.Member], weeks: Int, asOf: CalendarDay) -> Coverage {
        let since = asOf.adding(days: -(7 * weeks) + 1)
        let inWindow = { (days: [CalendarDay]) in days.filter { $0 >= since && $0 <= asOf }.count }
        let without = members.filter { member in member.lastAttended.map { $0 < since } ?? true }
            .map {
                MemberWithoutMeeting(
                    name: $0.name, role: $0.role, joinedOn: $0.joinedOn, lastAttended: $0.lastAttended,
                    apologiesInAdvance: inWindow($0.apologyDays), absentWithoutWord: inWindow($0.absentDays))
            }
            .byName(\.name)
        let covered = members.count - without.count
        return Coverage(
            weeks: weeks, since: since, until: asOf, members: members.count, covered: covered, share: ratio(covered, members.count),
            without: without, apologiesInAdvance: members.reduce(0) { $0 + inWindow($1.apologyDays) },
            absentWithoutWord: members.reduce(0) { $0 + inWindow($1.absentDays) })
    }

    /// `part ÷ whole` to three decimals; nil when `whole` is zero.
    public static func ratio(_ part: Int, _ whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        return (Double(part) * 1000 / Double(whole)).rounded() / 1000
    }

    private static func count(_ sorted: [CalendarDay], atOrBefore day: CalendarDay) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= day { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension Array {
    /// Sorted by a name, case-insensitively (each name lowered once, not per comparison).
    func byName(_ name: (Element) -> String) -> [Element] {
        map { (name($0).lowercased(), name($0), $0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}

/// The facts grouped once by the keys the report walks, so building is linear in the facts.
struct FactIndex: Sendable {
    let workshops: [String: [ProgressFacts.Workshop]]
    let actions: [String: [ProgressFacts.Action]]
    let series: [String: [ProgressFacts.Series]]
    let seriesByAction: [String: [ProgressFacts.Series]]
    let meetings: [String: [ProgressFacts.Meeting]]
    let attendance: [String: [ProgressFacts.AttendanceTrack]]
    let followUps: [String: [ProgressFacts.FollowUp]]
    let followUpsByAction: [String: [ProgressFacts.FollowUp]]
    let members: [String: [ProgressFacts.Member]]

    init(_ facts: ProgressFacts) {
        workshops = Dictionary(grouping: facts.workshops, by: \.teamID)
        actions = Dictionary(grouping: facts.actions, by: \.workshopID)
        series = Dictionary(grouping: facts.series, by: \.teamID)
        seriesByAction = Dictionary(grouping: facts.series.filter { $0.actionID != nil }, by: { $0.actionID ?? "" })
        meetings = Dictionary(grouping: facts.meetings, by: \.seriesID)
        attendance = Dictionary(grouping: facts.attendance, by: \.actionID)
        followUps = Dictionary(grouping: facts.followUps, by: \.teamID)
        followUpsByAction = Dictionary(grouping: facts.followUps.filter { $0.actionID != nil }, by: { $0.actionID ?? "" })
        members = Dictionary(grouping: facts.members, by: \.teamID)
    }
}
