import CirclesDomain
import Testing

@Suite("progress report rules")
struct ProgressRuleTests {
    func day(_ text: String) -> CalendarDay { CalendarDay(iso: text) ?? CalendarDay(ordinal: 0) }

    @Test("calendar days parse strictly, count exactly across leap years and print as YYYY-MM-DD")
    func calendarDays() {
        #expect(CalendarDay(iso: "1970-01-01")?.ordinal == 0)
        #expect(CalendarDay(iso: "2028-02-29")?.description == "2028-02-29")
        #expect(CalendarDay(iso: "2027-02-29") == nil)
        #expect(CalendarDay(iso: "2027-3-1") == nil)
        #expect(CalendarDay(iso: "27-03-01") == nil)
        #expect(day("2027-03-01").days(since: day("2027-02-01")) == 28)
        #expect(day("2028-03-01").days(since: day("2028-02-01")) == 29)
        #expect(day("2027-12-15").firstOfNextMonth == day("2028-01-01"))
        #expect(day("2027-12-15").firstOfMonth == day("2027-12-01"))
        for ordinal in stride(from: -719_162, to: 2_932_897, by: 997) {  // 0001-01-01 to 9999-12-31
            let value = CalendarDay(ordinal: ordinal)
            #expect(CalendarDay(iso: value.description) == value)
        }
    }

    @Test("a series' nominal interval comes from FREQ, INTERVAL and a weekly rule's days", arguments: [
        ("FREQ=WEEKLY;BYDAY=TU", 7), ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", 14), ("FREQ=MONTHLY;BYDAY=2TU", 30),
        ("FREQ=WEEKLY;BYDAY=TU,TH", 4), ("FREQ=DAILY", 1), ("INTERVAL=3;FREQ=MONTHLY", 90), ("FREQ=HOURLY", 1),
    ])
    func intervals(rule: String, days: Int) {
        #expect(MeetingInterval.days(rule: rule) == days)
    }

    /// One open action with one series whose meetings are given as (day, status).
    func flag(
        meetings: [(String, OccurrenceStatus)], seriesStatus: SeriesStatus = .active, asOf: String = "2027-06-30",
        followUps: [ProgressFacts.FollowUp] = [], due: String? = nil
    ) -> ProgressReport.ActionProgress {
        let facts = ProgressFacts(
            teams: [.init(id: "t", name: "T", timeZone: "UTC", asOf: day(asOf))],
            workshops: [.init(id: "w", teamID: "t", title: "W", heldOn: day("2027-01-01"))],
            actions: [.init(id: "a", workshopID: "w", title: "A", perspective: .carer, owner: nil, dueOn: due.map(day), status: .open,
                            statusSince: nil, dropReason: nil)],
            series: [.init(id: "s", teamID: "t", actionID: "a", title: "S", rule: "FREQ=WEEKLY", status: seriesStatus, firstDay: day("2027-01-05"))],
            meetings: meetings.enumerated().map {
                .init(seriesID: "s", day: day($0.element.0), status: $0.element.1, moved: false,
                      cancelReason: $0.element.1 == .cancelled ? "x" : nil, attended: 0, recorded: 0)
            },
            followUps: followUps)
        return ProgressReport.build(from: facts, coverageWeeks: 8).teams[0].workshops[0].actions[0]
    }

    @Test("weekly meetings held up to last week are on track")
    func onTrack() {
        let action = flag(meetings: [("2027-06-15", .held), ("2027-06-22", .held), ("2027-06-29", .held)])
        #expect(action.flag == .onTrack)
        #expect(action.reasons.isEmpty)
    }

    @Test("two planned meetings in a row not held make it at risk, whether cancelled or unrecorded")
    func twoMissed() {
        let action = flag(meetings: [("2027-06-15", .held), ("2027-06-22", .cancelled), ("2027-06-29", .scheduled)], asOf: "2027-06-29")
        #expect(action.flag == .atRisk)
        #expect(action.reasons == ["the last 2 planned meetings were not held"])
    }

    @Test("no meeting held for more than twice the interval is at risk; more than three times is stalled")
    func silence() {
        #expect(flag(meetings: [("2027-06-15", .held)], asOf: "2027-06-29").flag == .onTrack)
        let risky = flag(meetings: [("2027-06-15", .held)], asOf: "2027-06-30")
        #expect(risky.flag == .atRisk)
        #expect(risky.reasons == ["no meeting held for 15 days (interval 7)"])
        let stalled = flag(meetings: [("2027-06-01", .held)], asOf: "2027-06-23")
        #expect(stalled.flag == .stalled)
        #expect(stalled.reasons == ["nothing has happened for 22 days (stalled after 21)"])
    }

    @Test("a follow-up raised or closed counts as activity and keeps an action from stalling")
    func followUpActivity() {
        let followUp = ProgressFacts.FollowUp(
            id: "f", teamID: "t", actionID: "a", title: "F", owner: "O", dueOn: nil, raisedOn: day("2027-06-20"), status: .open,
            closedOn: nil)
        #expect(flag(meetings: [("2027-06-01", .held)], asOf: "2027-06-23", followUps: [followUp]).flag == .atRisk)
    }

    @Test("an open action whose series is paused or ended is stalled")
    func seriesStopped() {
        let action = flag(meetings: [("2027-06-29", .held)], seriesStatus: .ended)
        #expect(action.flag == .stalled)
        #expect(action.reasons == ["its meeting series is ended while the action is still open"])
    }

    @Test("an action past its due day is at risk")
    func pastDue() {
        let action = flag(meetings: [("2027-06-29", .held)], due: "2027-06-01")
        #expect(action.flag == .atRisk)
        #expect(action.reasons == ["the action was due on 2027-06-01"])
    }
}
