import CirclesDomain
import Testing

@Suite("input values are checked with messages that say what would be accepted")
struct ValueTests {
    @Test("email addresses compare case-insensitively and keep their spelling")
    func emailNormalisation() throws {
        let a = try EmailAddress("  Siân.Jones@Example.ORG ")
        #expect(a.value == "Siân.Jones@Example.ORG")
        #expect(a == (try EmailAddress("siân.jones@example.org")))
    }

    @Test(
        "malformed email addresses are refused with the reason",
        arguments: [
            ("", "an email address is required"),
            ("no-at-sign", "exactly one @"),
            ("two@@example.org", "exactly one @"),
            ("@example.org", "nothing before the @"),
            ("a@localhost", "must be a domain"),
            ("a b@example.org", "space or control character"),
            ("a@example..org", "must be a domain"),
        ])
    func badEmails(input: String, reason: String) {
        let error = #expect(throws: DomainError.self) { try EmailAddress(input) }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
        #expect(error?.field == "email")
    }

    @Test("perspectives accept the spellings people type and list the choices otherwise")
    func perspectives() throws {
        #expect(try Perspective(parsing: "Service user") == .serviceUser)
        #expect(try Perspective(parsing: "service-user") == .serviceUser)
        #expect(try Perspective(parsing: "CARER") == .carer)
        let error = #expect(throws: DomainError.self) { try Perspective(parsing: "family") }
        #expect(error?.description == "unknown perspective \"family\"; expected one of service-user, carer, practitioner, manager, organisation")
    }

    @Test("durations parse minutes and hours, and refuse zero, negative and over a day")
    func durations() throws {
        #expect(try MeetingLength(parsing: "90").minutes == 90)
        #expect(try MeetingLength(parsing: "90m").minutes == 90)
        #expect(try MeetingLength(parsing: "1h30m").minutes == 90)
        #expect(try MeetingLength(parsing: "1h 30m").minutes == 90)
        #expect(try MeetingLength(parsing: "1.5h").minutes == 90)
        #expect(try MeetingLength(parsing: "2h").description == "2h")
        #expect(try MeetingLength(minutes: 90).description == "1h30m")
        #expect(throws: DomainError.self) { try MeetingLength(parsing: "0") }
        #expect(throws: DomainError.self) { try MeetingLength(parsing: "-30m") }
        #expect(throws: DomainError.self) { try MeetingLength(parsing: "25h") }
        let error = #expect(throws: DomainError.self) { try MeetingLength(parsing: "an hour") }
        #expect(error?.description.contains("expected minutes or hours such as 90, 90m, 1h30m or 1.5h") == true)
    }

    @Test("reminder offsets parse days, hours and minutes, largest first, without duplicates")
    func reminderOffsets() throws {
        #expect(try ReminderOffsets(parsing: "1h, 2d").minutes == [2880, 60])
        #expect(try ReminderOffsets(parsing: "30m,30m").minutes == [30])
        #expect(ReminderOffsets.standard.description == "2d,1h")
        #expect(throws: DomainError.self) { try ReminderOffsets(parsing: "0h") }
        #expect(throws: DomainError.self) { try ReminderOffsets(parsing: "31d") }
        #expect(throws: DomainError.self) { try ReminderOffsets(parsing: "soon") }
    }

    @Test("action items move open → in progress → done or dropped, and dropping needs a reason")
    func actionStatusMoves() throws {
        try ActionStatus.open.validateMove(to: .inProgress, reason: nil)
        try ActionStatus.inProgress.validateMove(to: .done, reason: nil)
        try ActionStatus.done.validateMove(to: .open, reason: nil)
        let noReason = #expect(throws: DomainError.self) { try ActionStatus.inProgress.validateMove(to: .dropped, reason: " ") }
        #expect(noReason?.field == "reason")
        let illegal = #expect(throws: DomainError.self) { try ActionStatus.done.validateMove(to: .inProgress, reason: nil) }
        #expect(illegal?.description == "an action item that is done cannot become in-progress; it can become open")
        #expect(try ActionStatus(parsing: "In-Progress") == .inProgress)
    }
}
