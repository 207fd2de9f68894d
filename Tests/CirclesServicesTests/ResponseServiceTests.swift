import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Postgres
import Testing

/// Answers to meetings (issue 13): recorded with history and audit, changeable until the meeting
/// starts, and an older calendar reply never overrides a newer answer.
@Suite("answering a meeting: who is coming")
struct ResponseServiceTests {
    /// The scenario's first meeting (2030-12-10 14:00 London, in the future at `before`) and sw2's id.
    struct Setup {
        let scenario: SchedulingScenario
        let meeting: Meeting
        let person: ID<Person>
        let outsider: ID<Person>
        var services: CirclesServices { scenario.fixture.services }
        var pool: PostgresPool { scenario.fixture.pool }
        let before = instant("2030-12-01T09:00:00Z")

        static func make() async throws -> Setup {
            let scenario = try await SchedulingScenario.make()
            let scheduled = try await scenario.fixture.services.scheduleAction(
                scenario.monthly(start: "2030-12-10T14:00"), as: scenario.lead, now: instant("2030-11-27T09:00:00Z"))
            let ids = try await scenario.fixture.pool.query(
                "SELECT id, email FROM people WHERE email IN ('sw2@example.org', 'south@example.org') ORDER BY email"
            ).decode((ID<Person>, String).self)
            return Setup(scenario: scenario, meeting: scheduled.meetings[0], person: ids[1].0, outsider: ids[0].0)
        }

        var meetingID: ID<Meeting> { ID(meeting.id)! }

        func respond(
            _ answer: ResponseAnswer, note: String? = nil, source: ResponseSource = .link, ordering: ResponseOrdering? = nil,
            at: Date? = nil, person: ID<Person>? = nil
        ) async throws -> ResponseOutcome {
            try await services.recordResponse(
                meeting: meetingID, person: person ?? self.person, answer: answer, note: note, source: source, ordering: ordering,
                at: at ?? before)
        }

        func auditCount() async throws -> Int {
            try await pool.query("SELECT count(*)::int FROM audit_log WHERE entity_table = 'meeting_responses'")[0].decode(Int.self, at: 0)
        }
    }

    @Test("an answer is recorded, changed with its history kept, and each change audited with the note redacted")
    func recordedChangedAudited() async throws {
        let setup = try await Setup.make()
        guard case .recorded(let first, let previous) = try await setup.respond(.accepted) else { Issue.record("not recorded"); return }
        #expect(previous == nil)
        #expect(first.answer == .accepted && first.source == .link)
        guard case .recorded(_, let replaced) = try await setup.respond(.declined, note: "on a home visit", at: setup.before + 60) else {
            Issue.record("change not recorded"); return
        }
        #expect(replaced?.answer == .accepted)
        let current = try await setup.services.responses(meeting: setup.meetingID, as: setup.scenario.lead)
        #expect(current.map(\.answer) == [.declined])
        #expect(current.first?.note == "on a home visit")
        let history = try await setup.pool.withConnection { connection in
            try ResponseStore.history(meeting: setup.meetingID, person: setup.person, on: connection)
        }
        #expect(history.map(\.answer) == [.accepted, .declined])
        let audit = try await setup.pool.query("""
            SELECT operation, action, coalesce(after ->> 'note', ''), actor_label FROM audit_log
            WHERE entity_table = 'meeting_responses' ORDER BY id
            """).decode((String, String?, String, String?).self)
        #expect(audit.map(\.0) == ["insert", "update"])
        #expect(audit.map(\.1) == ["meeting.respond", "meeting.respond"])
        #expect(audit[1].2 == "[redacted]")
        #expect(audit.allSatisfy { $0.3 == "link:sw2@example.org" })
        let chain = try await setup.pool.query("SELECT count(*)::int FROM audit_verify_chain()")[0].decode(Int.self, at: 0)
        #expect(chain == 0)
        try await setup.scenario.fixture.tearDown()
    }

    @Test("the same answer and note again changes nothing and writes no audit record")
    func unchanged() async throws {
        let setup = try await Setup.make()
        _ = try await setup.respond(.accepted, note: "a bit late")
        let audited = try await setup.auditCount()
        guard case .unchanged = try await setup.respond(.accepted, note: "a bit late", at: setup.before + 120) else {
            Issue.record("expected unchanged"); return
        }
        #expect(try await setup.auditCount() == audited)
        try await setup.scenario.fixture.tearDown()
    }

    @Test("an older calendar reply never overrides a newer answer, by SEQUENCE, then DTSTAMP, then the time of a click")
    func ordering() async throws {
        let setup = try await Setup.make()
        let t0 = setup.before
        _ = try await setup.respond(.accepted, source: .calendar, ordering: try ResponseOrdering(sequence: 2, timestamp: t0))
        guard case .superseded(let current) = try await setup.respond(
            .declined, source: .calendar, ordering: try ResponseOrdering(sequence: 1, timestamp: t0 + 600))
        else { Issue.record("a lower SEQUENCE was taken"); return }
        #expect(current.answer == .accepted)
        guard case .superseded = try await setup.respond(
            .declined, source: .calendar, ordering: try ResponseOrdering(sequence: 2, timestamp: t0 - 1))
        else { Issue.record("an older DTSTAMP was taken"); return }
        guard case .recorded = try await setup.respond(
            .tentative, source: .calendar, ordering: try ResponseOrdering(sequence: 2, timestamp: t0 + 60))
        else { Issue.record("a newer DTSTAMP was refused"); return }
        // A click at t0+300, then a calendar reply stamped before it: the click stands.
        _ = try await setup.respond(.declined, at: t0 + 300)
        guard case .superseded(let standing) = try await setup.respond(
            .accepted, source: .calendar, ordering: try ResponseOrdering(sequence: 3, timestamp: t0 + 200))
        else { Issue.record("a reply older than the click was taken"); return }
        #expect(standing.answer == .declined && standing.source == .link)
        try await setup.scenario.fixture.tearDown()
    }

    @Test("once the meeting has started, or if it is cancelled, nothing is written; outsiders are refused")
    func refusals() async throws {
        let setup = try await Setup.make()
        _ = try await setup.respond(.accepted)
        let audited = try await setup.auditCount()
        #expect(try await setup.respond(.declined, at: setup.meeting.startsAt) == .refused(.meetingStarted))
        #expect(try await setup.respond(.declined, person: setup.outsider) == .refused(.notInvited))
        _ = try await setup.services.cancelMeeting(setup.meeting.id, reason: "Room flooded", as: setup.scenario.lead)
        #expect(try await setup.respond(.declined) == .refused(.meetingCancelled))
        #expect(try await setup.auditCount() == audited)
        let answers = try await setup.services.responses(meeting: setup.meetingID, as: setup.scenario.lead)
        #expect(answers.map(\.answer) == [.accepted])
        try await setup.scenario.fixture.tearDown()
    }

    @Test("a note with a control character or over 500 characters is refused, naming the field")
    func noteBounded() async throws {
        let setup = try await Setup.make()
        await #expect(throws: DomainError.self) { try await setup.respond(.declined, note: "late\u{1B}[31m") }
        let error = await #expect(throws: DomainError.self) { try await setup.respond(.declined, note: String(repeating: "x", count: 501)) }
        #expect(error?.message == "a note may have at most 500 characters; this one has 501")
        try await setup.scenario.fixture.tearDown()
    }

    @Test("unsubscribing stops reminders once, audited with the person as actor")
    func unsubscribe() async throws {
        let setup = try await Setup.make()
        #expect(try await setup.services.receivesReminders(person: setup.person))
        #expect(try await setup.services.unsubscribe(person: setup.person) == .optedOut)
        #expect(try await setup.services.unsubscribe(person: setup.person) == .alreadyOptedOut)
        #expect(try await !setup.services.receivesReminders(person: setup.person))
        let audit = try await setup.pool.query("""
            SELECT action FROM audit_log WHERE entity_table = 'people' AND entity_id = \(setup.person.description) AND action = 'person.unsubscribe'
            """).decode(String?.self)
        #expect(audit.count == 1)
        try await setup.scenario.fixture.tearDown()
    }

    @Test("a deactivated person who unsubscribes is opted out, so reactivating them does not start reminders again")
    func unsubscribeWhileDeactivated() async throws {
        let setup = try await Setup.make()
        _ = try await setup.pool.execute("UPDATE people SET active = false WHERE id = \(setup.person.description)")
        #expect(try await setup.services.unsubscribe(person: setup.person) == .optedOut)
        _ = try await setup.pool.execute("UPDATE people SET active = true WHERE id = \(setup.person.description)")
        #expect(try await !setup.services.receivesReminders(person: setup.person))
        try await setup.scenario.fixture.tearDown()
    }

    @Test("erasing a person removes the notes of their answers, current and past; the answers stay and the chain verifies")
    func erasureRemovesNotes() async throws {
        let setup = try await Setup.make()
        _ = try await setup.respond(.declined, note: "at my daughter's school play")
        _ = try await setup.respond(.tentative, note: "might be late", at: setup.before + 60)
        _ = try await setup.services.erasePerson(email: "sw2@example.org", as: setup.scenario.fixture.admin)
        let notes = try await setup.pool.query("""
            SELECT count(*)::int FROM (SELECT note FROM meeting_responses UNION ALL SELECT note FROM meeting_response_history) n
            WHERE note IS NOT NULL
            """)[0].decode(Int.self, at: 0)
        #expect(notes == 0)
        let answers = try await setup.pool.query("SELECT answer FROM meeting_response_history ORDER BY id").decode(String.self)
        #expect(answers == ["declined", "tentative"])
        let scattered = try await setup.pool.query("""
            SELECT count(*)::int FROM audit_log WHERE (before::text || after::text) LIKE '%school play%'
            """)[0].decode(Int.self, at: 0)
        #expect(scattered == 0)
        #expect(try await setup.pool.query("SELECT count(*)::int FROM audit_verify_chain()")[0].decode(Int.self, at: 0) == 0)
        try await setup.scenario.fixture.tearDown()
    }
}
