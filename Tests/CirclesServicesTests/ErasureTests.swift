import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// A team whose member sw2 ("Sol Two", once "Solomon Two") has owned an action and a follow-up,
/// facilitated and attended meetings, written notes, been mentioned in someone else's notes,
/// had reminders queued, sent and failed, and made audited changes.
struct ErasureScenario {
    let scenario: SchedulingScenario
    let subject = "sw2@example.org"
    var fixture: ServiceFixture { scenario.fixture }
    var services: CirclesServices { scenario.fixture.services }
    /// Everything that identifies the subject, as the acceptance check searches for it.
    let identifying = ["sw2@example.org", "Sol Two", "Solomon Two", "solomon.two@example.org"]

    static func make() async throws -> ErasureScenario {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let lead = scenario.lead
        // The subject once had another address and name: both are in the audit trail.
        _ = try await services.updatePerson("sw2@example.org", .init(email: "solomon.two@example.org", displayName: "Solomon Two"), as: lead)
        // Only a lead or an administrator changes an address; the subject renames themselves.
        _ = try await services.updatePerson("solomon.two@example.org", .init(email: "sw2@example.org"), as: lead)
        _ = try await services.updatePerson("sw2@example.org", .init(displayName: "Sol Two"), as: "sw2@example.org")
        _ = try await services.addAction(
            .init(title: "Draft a carers' leaflet", perspective: "carer", ownerEmail: "sw2@example.org", dueOn: "2026-12-31"),
            workshop: "Whose Shoes?", as: lead)
        let meetings = try await services.scheduleAction(scenario.monthly(), as: lead, now: instant("2026-11-01T09:00:00Z")).meetings
        // 10 November: sw1 facilitates and writes notes that mention the subject.
        _ = try await services.holdMeeting(
            meetings[0].id,
            .init(attendance: ["sw1@example.org": "attended", "sw2@example.org": "attended"],
                  notes: "Good session. SOL TWO offered to mentor; write to sw2@example.org."),
            as: "sw1@example.org", now: instant("2026-11-10T16:00:00Z"))
        // 8 December: the subject facilitates and writes the notes.
        _ = try await services.holdMeeting(
            meetings[1].id,
            .init(attendance: ["sw2@example.org": "attended", "sw3@example.org": "apologies"],
                  notes: "Sol Two here: we agreed to try case reflections."),
            as: "sw2@example.org", now: instant("2026-12-08T16:00:00Z"))
        _ = try await services.addFollowUp(
            meeting: meetings[1].id, title: "Share the reflection template", ownerEmail: "sw2@example.org", due: "2027-01-10",
            as: "sw2@example.org")
        // Reminders for 12 January go to the whole team; one of the subject's is sent, one failed.
        _ = try await services.enqueueMeetingReminders(now: instant("2027-01-05T09:00:00Z"))
        try await scenario.fixture.pool.execute("""
            WITH mine AS (
                SELECT r.id, row_number() OVER (ORDER BY r.id) AS n FROM reminder_outbox r
                JOIN people p ON p.id = r.recipient_id WHERE p.email = 'sw2@example.org')
            UPDATE reminder_outbox r SET
                state = CASE mine.n WHEN 1 THEN 'sent' ELSE 'failed' END,
                sent_at = CASE mine.n WHEN 1 THEN now() END,
                last_error = CASE mine.n WHEN 1 THEN NULL ELSE '550 5.1.1 <sw2@example.org>: Recipient address rejected' END
            FROM mine WHERE r.id = mine.id AND mine.n <= 2
            """)
        return ErasureScenario(scenario: scenario)
    }

    func count(_ sql: String) async throws -> Int {
        try await fixture.pool.query(PostgresQuery(unsafeSQL: sql))[0].decode(Int.self, at: 0)
    }
}

@Suite("erasing a person and exporting their data")
struct ErasureTests {
    @Test("after erasure no text or JSON column of any table holds their email or name, counts stay, and the audit chain verifies")
    func nothingLeft() async throws {
        let s = try await ErasureScenario.make()
        #expect(try await searchableColumnCount(in: s.fixture.pool) > 40)
        // The scan finds the subject everywhere they are before erasure (so it can fail).
        let before = try await placesContaining(s.identifying, in: s.fixture.pool)
        #expect(Set(["people.email", "people.display_name", "occurrences.notes", "reminder_outbox.last_error",
                     "audit_log.actor_label", "audit_log.personal_before", "audit_log.personal_after"]).isSubset(of: Set(before)))
        let statistics = """
            SELECT (SELECT count(*) FROM attendance a JOIN people p ON p.id = a.person_id WHERE p.id = '\(try await s.subjectID())')
                 + 100 * (SELECT count(*) FROM action_items WHERE owner_id = '\(try await s.subjectID())')
                 + 1000 * (SELECT count(*) FROM follow_ups WHERE owner_id = '\(try await s.subjectID())')
                 + 10000 * (SELECT count(*) FROM team_memberships WHERE person_id = '\(try await s.subjectID())')
            """
        let countsBefore = try await s.count(statistics)
        #expect(countsBefore == 11102)

        let erasure = try await s.services.erasePerson(email: "SW2@example.org", as: s.fixture.admin)
        #expect(erasure.pseudonymEmail.hasSuffix("@erased.invalid"))
        #expect(erasure.auditRecordsRewritten > 3)

        #expect(try await placesContaining(s.identifying, in: s.fixture.pool) == [])
        #expect(try await s.count(statistics) == countsBefore)
        // Their own notes are gone; the mention in sw1's notes now reads as the pseudonym.
        let notes = try await s.fixture.pool.query("SELECT coalesce(notes, '(none)') FROM occurrences WHERE status = 'held' ORDER BY starts_at")
            .decode(String.self)
        #expect(notes == [
            "Good session. \(erasure.pseudonymName) offered to mentor; write to \(erasure.pseudonymName).", "(none)",
        ])
        // Mail still queued for them is cancelled.
        #expect(try await s.count("SELECT count(*) FROM reminder_outbox WHERE recipient_id = '\(erasure.personID)' AND state = 'pending'") == 0)
        let verification = try await s.services.verifyAuditTrail(as: s.fixture.admin)
        #expect(verification.problems.isEmpty)
        #expect(verification.records > 20)
        try await s.fixture.tearDown()
    }

    @Test("erasing twice, an unknown address, oneself, or as a non-administrator is refused and changes nothing")
    func refusals() async throws {
        let s = try await ErasureScenario.make()
        let snapshot = try await s.fixture.snapshot()
        let notAdmin = await #expect(throws: AccessDenied.self) {
            try await s.services.erasePerson(email: s.subject, as: s.scenario.lead)
        }
        #expect(notAdmin?.description == "only an administrator may erase people; lead@example.org is not one")
        let unknown = await #expect(throws: ServiceError.self) {
            try await s.services.erasePerson(email: "nobody@example.org", as: s.fixture.admin)
        }
        #expect(unknown?.description == "no person with email nobody@example.org; an erased person can no longer be found by their old address")
        let oneself = await #expect(throws: ServiceError.self) {
            try await s.services.erasePerson(email: s.fixture.admin, as: s.fixture.admin)
        }
        #expect(oneself?.description == "you cannot erase yourself; ask another administrator")
        #expect(try await s.fixture.snapshot() == snapshot)

        let erasure = try await s.services.erasePerson(email: s.subject, as: s.fixture.admin)
        let again = await #expect(throws: ServiceError.self) {
            try await s.services.erasePerson(email: s.subject, as: s.fixture.admin)
        }
        #expect(again?.kind == .notFound)
        let byPseudonym = await #expect(throws: ServiceError.self) {
            try await s.services.erasePerson(email: erasure.pseudonymEmail, as: s.fixture.admin)
        }
        #expect(byPseudonym?.description == "\(erasure.pseudonymEmail) has already been erased")
        try await s.fixture.tearDown()
    }

    @Test("an erased person cannot act, and their future turns to facilitate pass to the next person")
    func erasedCannotAct() async throws {
        let s = try await ErasureScenario.make()
        _ = try await s.services.extendHorizon(now: instant("2026-12-20T09:00:00Z"))  // to March: 9 March is sw2's turn
        let turns = "SELECT count(*) FROM occurrences WHERE facilitator_id = '\(try await s.subjectID())' AND status = 'scheduled' AND starts_at > now()"
        #expect(try await s.count(turns) == 1)
        let erasure = try await s.services.erasePerson(email: s.subject, as: s.fixture.admin)
        let refused = await #expect(throws: ServiceError.self) {
            try await s.services.listPeople(includeInactive: false, as: erasure.pseudonymEmail)
        }
        #expect(refused?.description == "\(erasure.pseudonymEmail) has been deactivated and cannot make changes")
        #expect(try await s.count(turns) == 0)
        try await s.fixture.tearDown()
    }

    @Test("the export holds their profile, teams, actions, meetings, follow-ups, reminders and audit entries, and is audited")
    func export() async throws {
        let s = try await ErasureScenario.make()
        let export = try await s.services.exportPerson(email: s.subject, as: s.fixture.admin)
        #expect(export.profile.email == "sw2@example.org")
        #expect(export.profile.displayName == "Sol Two")
        #expect(export.memberships.map { "\($0.team) \($0.role)" } == ["North member"])
        #expect(export.ownedActions.map(\.title) == ["Draft a carers' leaflet"])
        #expect(export.meetings.prefix(2).map { "\($0.facilitator) \($0.attendance ?? "-")" } == ["false attended", "true attended"])
        #expect(export.followUps.map(\.title) == ["Share the reflection template"])
        #expect(Set(export.reminders.map(\.state)).isSuperset(of: ["failed", "sent"]))
        #expect(export.auditEntries.contains { $0.byThem && $0.action == "meeting.hold" })
        #expect(export.auditEntries.contains { !$0.byThem && $0.entityTable == "attendance" })
        #expect(export.auditEntries.contains { $0.after?.contains("solomon.two@example.org") == true })
        let encoded = String(decoding: try JSONEncoder().encode(export), as: UTF8.self)
        #expect(encoded.contains("\"ownedActions\""))
        #expect(try await s.count("SELECT count(*) FROM audit_log WHERE action = 'person.export' AND entity_id = '\(export.profile.id)'") == 1)

        // The person may ask for their own; another member may not.
        #expect(try await s.services.exportPerson(email: s.subject, as: s.subject).profile.id == export.profile.id)
        let refused = await #expect(throws: AccessDenied.self) {
            try await s.services.exportPerson(email: s.subject, as: "sw1@example.org")
        }
        #expect(refused?.description == "only an administrator may export another person's data; sw1@example.org is not one")
        try await s.fixture.tearDown()
    }
}

extension ErasureScenario {
    func subjectID() async throws -> String {
        try await fixture.pool.query("SELECT id::text FROM people WHERE email = \(subject)")[0].decode(String.self, at: 0)
    }
}
