import CirclesDomain

extension ProgressScenario {
    static func day(_ text: String) -> CalendarDay {
        CalendarDay(iso: text) ?? CalendarDay(ordinal: 0)
    }

    /// The scenario's facts as of the end of 2027-03-31, written out by hand: what the store
    /// must read from the database built by `make()`.
    public static let factsAsOfMarch31: ProgressFacts = {
        let y = AttendanceStatus.attended, a = AttendanceStatus.apologies, n = AttendanceStatus.absent
        func meeting(_ series: String, _ date: String, _ status: OccurrenceStatus, moved: Bool = false,
                     reason: String? = nil, _ attended: Int = 0, _ recorded: Int = 0) -> ProgressFacts.Meeting {
            ProgressFacts.Meeting(
                seriesID: series, day: day(date), status: status, moved: moved, cancelReason: reason, attended: attended,
                recorded: recorded)
        }
        return ProgressFacts(
            teams: [
                .init(id: "north", name: "North", timeZone: "Europe/London", asOf: day("2027-03-31")),
                .init(id: "south", name: "South", timeZone: "Europe/London", asOf: day("2027-03-31")),
            ],
            workshops: [.init(id: "w1", teamID: "north", title: "Whose Shoes?", heldOn: day("2026-11-20"))],
            actions: [
                .init(id: "a1", workshopID: "w1", title: "Peer support for social workers", perspective: .practitioner,
                      owner: "Priya Lead", dueOn: nil, status: .open, statusSince: day("2026-11-20"), dropReason: nil),
                .init(id: "a2", workshopID: "w1", title: "Easy-read letters", perspective: .serviceUser, owner: "Sol Two",
                      dueOn: day("2027-06-30"), status: .open, statusSince: day("2026-11-20"), dropReason: nil),
                .init(id: "a3", workshopID: "w1", title: "Carers' evening drop-in", perspective: .carer, owner: "Priya Lead",
                      dueOn: nil, status: .dropped, statusSince: day("2027-01-10"), dropReason: "Merged into the county carers' forum"),
                .init(id: "a4", workshopID: "w1", title: "Manager sign-off within five days", perspective: .manager, owner: nil,
                      dueOn: nil, status: .open, statusSince: day("2026-11-20"), dropReason: nil),
                .init(id: "a5", workshopID: "w1", title: "Publish a notes template", perspective: .organisation, owner: "Sam One",
                      dueOn: nil, status: .done, statusSince: day("2027-02-01"), dropReason: nil),
            ],
            series: [
                .init(id: "s1", teamID: "north", actionID: "a1", title: "Peer support for social workers",
                      rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", status: .active, firstDay: day("2027-01-05")),
                .init(id: "s2", teamID: "north", actionID: "a2", title: "Easy-read letters", rule: "FREQ=MONTHLY;BYDAY=2WE",
                      status: .active, firstDay: day("2027-01-13")),
            ],
            meetings: [
                meeting("s1", "2027-01-05", .held, 3, 4),
                meeting("s1", "2027-01-19", .held, 2, 4),
                meeting("s1", "2027-02-02", .cancelled, reason: "Snow closed the office"),
                meeting("s1", "2027-02-18", .held, moved: true, 4, 5),
                meeting("s1", "2027-03-02", .held, 3, 5),
                meeting("s1", "2027-03-16", .held, 2, 5),
                meeting("s1", "2027-03-30", .scheduled),
                meeting("s2", "2027-01-13", .held, 2, 2),
                meeting("s2", "2027-02-10", .scheduled),
                meeting("s2", "2027-03-10", .cancelled, reason: "Facilitator off sick"),
            ],
            attendance: [
                .init(actionID: "a1", personID: "sam", name: "Sam One", outcomes: [y, y, y, y, n]),
                .init(actionID: "a1", personID: "sol", name: "Sol Two", outcomes: [y, a, y, y, y]),
                .init(actionID: "a1", personID: "sky", name: "Sky Three", outcomes: [n, n, n, a, n]),
                .init(actionID: "a1", personID: "priya", name: "Priya Lead", outcomes: [y, y, y, n, y]),
                .init(actionID: "a1", personID: "jo", name: "Jo Late", outcomes: [y, y, a]),
                .init(actionID: "a2", personID: "sol", name: "Sol Two", outcomes: [y]),
                .init(actionID: "a2", personID: "sky", name: "Sky Three", outcomes: [y]),
            ],
            followUps: [
                .init(id: "f1", teamID: "north", actionID: "a1", title: "Share the supervision checklist", owner: "Sam One",
                      dueOn: day("2027-01-19"), raisedOn: day("2027-01-05"), status: .done, closedOn: day("2027-01-18")),
                .init(id: "f2", teamID: "north", actionID: "a1", title: "Ask HR about protected time", owner: "Priya Lead",
                      dueOn: day("2027-02-15"), raisedOn: day("2027-01-19"), status: .open, closedOn: nil),
                .init(id: "f3", teamID: "north", actionID: "a1", title: "Book a room for April", owner: "Sol Two",
                      dueOn: day("2027-04-10"), raisedOn: day("2027-03-02"), status: .open, closedOn: nil),
            ],
            // With the held meetings each missed: apologies sent in advance, or absent without word.
            members: [
                .init(teamID: "north", personID: "priya", name: "Priya Lead", role: .lead, joinedOn: day("2026-11-01"),
                      lastAttended: day("2027-03-16"), absentDays: [day("2027-03-02")]),
                .init(teamID: "north", personID: "sam", name: "Sam One", role: .member, joinedOn: day("2026-11-01"),
                      lastAttended: day("2027-03-02"), absentDays: [day("2027-03-16")]),
                .init(teamID: "north", personID: "sol", name: "Sol Two", role: .member, joinedOn: day("2026-11-01"),
                      lastAttended: day("2027-03-16"), apologyDays: [day("2027-01-19")]),
                .init(teamID: "north", personID: "sky", name: "Sky Three", role: .member, joinedOn: day("2026-11-01"),
                      lastAttended: day("2027-01-13"), apologyDays: [day("2027-03-02")],
                      absentDays: [day("2027-01-05"), day("2027-01-19"), day("2027-02-18"), day("2027-03-16")]),
                .init(teamID: "north", personID: "jo", name: "Jo Late", role: .member, joinedOn: day("2027-02-01"),
                      lastAttended: day("2027-03-02"), apologyDays: [day("2027-03-16")]),
                .init(teamID: "south", personID: "sid", name: "Sid South", role: .lead, joinedOn: day("2026-11-01"),
                      lastAttended: nil),
            ])
    }()
}
