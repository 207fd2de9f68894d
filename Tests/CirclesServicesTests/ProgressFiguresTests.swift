import CirclesDomain
import ProgressTestSupport
import Testing

/// The report's figures for the worked scenario, computed by hand (see ProgressScenario).
@Suite("progress report figures, hand-computed")
struct ProgressFiguresTests {
    let report = ProgressReport.build(from: ProgressScenario.factsAsOfMarch31, coverageWeeks: 8)
    var north: ProgressReport.TeamProgress { report.teams[0] }
    func action(_ title: String) -> ProgressReport.ActionProgress? {
        north.workshops.flatMap(\.actions).first { $0.title == title }
    }
    func day(_ text: String) -> CalendarDay? { CalendarDay(iso: text) }

    @Test("teams come by name, each as of its own day, with the workshop's five actions in order")
    func layout() {
        #expect(report.teams.map(\.name) == ["North", "South"])
        #expect(north.asOf == day("2027-03-31"))
        #expect(north.workshops.map(\.title) == ["Whose Shoes?"])
        #expect(north.workshops[0].actions.map(\.title) == [
            "Peer support for social workers", "Easy-read letters", "Carers' evening drop-in",
            "Manager sign-off within five days", "Publish a notes template",
        ])
        #expect(north.workshops[0].actions.allSatisfy { $0.ageDays == 131 })
        #expect(report.teams[1].workshops.isEmpty)
    }

    @Test("the fortnightly series: a cancelled and a moved meeting, one unrecorded, the longest gap across the cancellation")
    func fortnightlySeries() throws {
        let peer = try #require(action("Peer support for social workers"))
        let m = peer.meetings
        #expect(m.series == ["Peer support for social workers"])
        #expect(m.intervalDays == 14)
        #expect([m.planned, m.held, m.cancelled, m.notRecorded, m.moved, m.missedInARow] == [7, 5, 1, 1, 1, 1])
        #expect(m.longestGapDays == 30)
        #expect(m.lastHeld == day("2027-03-16"))
        #expect(m.cancellations.map { "\($0.day) \($0.series): \($0.reason)" } == ["2027-02-02 Peer support for social workers: Snow closed the office"])
        #expect(peer.flag == .atRisk)
        #expect(peer.reasons == ["1 follow-up is overdue"])
    }

    @Test("attendance overall and per person; the mid-way joiner is measured from when she joined")
    func attendance() throws {
        let peer = try #require(action("Peer support for social workers")).attendance
        #expect(peer.attended == 14)
        #expect(peer.recorded == 23)
        #expect(peer.rate == 0.609)
        // name: attended/apologies/absent, rate, missed in a row
        #expect(peer.people.map { "\($0.name): \($0.attended)/\($0.apologies)/\($0.absent) \($0.rate ?? -1) \($0.missedInARow)" } == [
            "Jo Late: 2/1/0 0.667 1",
            "Priya Lead: 4/0/1 0.8 0",
            "Sam One: 4/0/1 0.8 1",
            "Sky Three: 0/1/4 0.0 5",
            "Sol Two: 4/1/0 0.8 0",
        ])
    }

    @Test("follow-ups: open, done and the overdue one with its owner and days overdue")
    func followUps() throws {
        let figures = try #require(action("Peer support for social workers")).followUps
        #expect([figures.open, figures.done, figures.dropped] == [2, 1, 0])
        #expect(figures.overdue.map { "\($0.title) — \($0.owner), due \($0.dueOn), \($0.daysOverdue) days" } == [
            "Ask HR about protected time — Priya Lead, due 2027-02-15, 44 days"
        ])
    }

    @Test("two meetings in a row not held and a long silence put the monthly series at risk")
    func monthlySeriesAtRisk() throws {
        let letters = try #require(action("Easy-read letters"))
        #expect(letters.meetings.planned == 3)
        #expect(letters.meetings.held == 1)
        #expect(letters.meetings.notRecorded == 1)
        #expect(letters.meetings.missedInARow == 2)
        #expect(letters.meetings.longestGapDays == nil)
        #expect(letters.meetings.intervalDays == 30)
        #expect(letters.flag == .atRisk)
        #expect(letters.reasons == ["the last 2 planned meetings were not held", "no meeting held for 77 days (interval 30)"])
        #expect(letters.attendance.rate == 1)
    }

    @Test("a dropped action keeps its reason; an unscheduled one goes stalled after 90 quiet days; done is done")
    func otherFlags() throws {
        let dropped = try #require(action("Carers' evening drop-in"))
        #expect(dropped.flag == .dropped)
        #expect(dropped.dropReason == "Merged into the county carers' forum")
        #expect(dropped.meetings.series.isEmpty)
        let manager = try #require(action("Manager sign-off within five days"))
        #expect(manager.flag == .stalled)
        #expect(manager.reasons == ["nothing has happened for 131 days (stalled after 90)"])
        #expect(manager.owner == nil)
        #expect(try #require(action("Publish a notes template")).flag == .done)
    }

    @Test("perspectives show how far each voice got: the service user's action is at risk, the carer's dropped")
    func perspectives() {
        // perspective: actions on-track/at-risk/stalled/done/dropped, meetings held
        #expect(north.perspectives.map { "\($0.perspective.name): \($0.actions) \($0.onTrack)/\($0.atRisk)/\($0.stalled)/\($0.done)/\($0.dropped) \($0.meetingsHeld)" } == [
            "service-user: 1 0/1/0/0/0 1",
            "carer: 1 0/0/0/0/1 0",
            "practitioner: 1 0/1/0/0/0 5",
            "manager: 1 0/0/1/0/0 0",
            "organisation: 1 0/0/0/1/0 0",
        ])
        #expect(north.workshops[0].perspectives == north.perspectives)
    }

    @Test("month by month: planned, held, cancelled and follow-ups open and closed at each month's end")
    func months() {
        // month: planned/held/cancelled, follow-ups open/closed
        #expect(north.months.map { "\($0.month): \($0.planned)/\($0.held)/\($0.cancelled) \($0.followUpsOpen)/\($0.followUpsClosed)" } == [
            "2027-01: 3/3/0 1/1",
            "2027-02: 3/1/1 1/1",
            "2027-03: 4/2/1 2/1",
        ])
        #expect(north.meetings.map { "\($0.day) \($0.attended)/\($0.recorded)" } == [
            "2027-01-05 3/4", "2027-01-13 2/2", "2027-01-19 2/4", "2027-02-18 4/5", "2027-03-02 3/5", "2027-03-16 2/5",
        ])
    }

    @Test("coverage over 8 weeks: four of five members came; Sky, last there in January, is named")
    func coverage() throws {
        let coverage = north.coverage
        #expect(coverage.since == day("2027-02-04"))
        #expect([coverage.weeks, coverage.members, coverage.covered] == [8, 5, 4])
        #expect(coverage.share == 0.8)
        #expect(coverage.without.map { "\($0.name) \($0.role.name) joined \($0.joinedOn) last \($0.lastAttended?.description ?? "never")" } == [
            "Sky Three member joined 2026-11-01 last 2027-01-13"
        ])
        // Sky sent apologies for March 2 and missed Feb 18 and March 16 without a word; Jo sent
        // apologies for March 16, Priya and Sam each missed one without a word.
        #expect(coverage.without.map { [$0.apologiesInAdvance, $0.absentWithoutWord] } == [[1, 2]])
        #expect([coverage.apologiesInAdvance, coverage.absentWithoutWord] == [2, 4])
        #expect(report.teams[1].coverage.covered == 0)
        #expect(report.teams[1].coverage.share == 0)
    }
}
