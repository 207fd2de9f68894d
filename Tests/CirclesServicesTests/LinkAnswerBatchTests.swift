import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Postgres
import Testing

/// Group commit of link answers (circles-web): a batch gives each answer exactly what recording it
/// alone gives — outcome, current answer, history and audit record.
@Suite("link answers written in one batch come out as if each was written alone")
struct LinkAnswerBatchTests {
    typealias Setup = ResponseServiceTests.Setup

    /// The sequence both ways: kept, unchanged, changed with a note, an outsider, a stranger, too late, a bad note.
    static func answers(_ setup: Setup, meeting: (id: ID<Meeting>, startsAt: Date)) -> [LinkAnswer] {
        let id = meeting.id
        let t = setup.before
        return [
            LinkAnswer(meetingID: id, personID: setup.person, answer: .accepted, note: nil, at: t),
            LinkAnswer(meetingID: id, personID: setup.person, answer: .accepted, note: nil, at: t + 1),
            LinkAnswer(meetingID: id, personID: setup.person, answer: .declined, note: "on a home visit", at: t + 2),
            LinkAnswer(meetingID: id, personID: setup.outsider, answer: .accepted, note: nil, at: t + 3),
            LinkAnswer(meetingID: id, personID: ID(UUID()), answer: .accepted, note: nil, at: t + 4),
            LinkAnswer(meetingID: id, personID: setup.person, answer: .tentative, note: nil, at: meeting.startsAt),
            LinkAnswer(meetingID: id, personID: setup.person, answer: .tentative, note: "late\u{1B}[31m", at: t + 5),
            LinkAnswer(meetingID: ID(UUID()), personID: setup.person, answer: .accepted, note: nil, at: t + 6),
        ]
    }

    /// An outcome without the meeting's id, to compare across meetings.
    static func summary(_ result: Result<ResponseOutcome, any Error>) -> String {
        switch result {
        case .success(.recorded(let now, let previous)): "recorded \(now.answer) \(now.note ?? "-") over \(previous.map { "\($0.answer)" } ?? "nothing")"
        case .success(.unchanged(let held)): "unchanged \(held.answer)"
        case .success(.superseded(let current)): "superseded by \(current.answer)"
        case .success(.refused(let reason)): "refused: \(reason)"
        case .failure(let error as ServiceError): "\(error.kind)"
        case .failure(let error): "\(type(of: error))"
        }
    }

    /// The meetings of the setup's series, in order.
    static func meetings(_ setup: Setup) async throws -> [(id: ID<Meeting>, startsAt: Date)] {
        try await setup.pool.query("""
            SELECT id, starts_at FROM occurrences WHERE series_id = \(setup.meeting.seriesID)::uuid ORDER BY starts_at
            """).decode((ID<Meeting>, Date).self).map { (id: $0.0, startsAt: $0.1) }
    }

    @Test("a batch of answers — recorded, unchanged, changed, refused, unknown, bad note — has the outcomes, history and audit of the same answers given one by one")
    func batchEqualsOneByOne() async throws {
        let setup = try await Setup.make()
        let meetings = try await Self.meetings(setup)
        try #require(meetings.count >= 2)
        let alone = meetings[0], batched = meetings[1]

        var oneByOne: [String] = []
        for answer in Self.answers(setup, meeting: alone) {
            let result: Result<ResponseOutcome, any Error>
            do {
                result = .success(try await setup.services.recordResponse(
                    meeting: answer.meetingID, person: answer.personID, answer: answer.answer, note: answer.note, source: .link,
                    ordering: nil, at: answer.at))
            } catch {
                result = .failure(error)
            }
            oneByOne.append(Self.summary(result))
        }
        let inOne = await setup.services.recordLinkResponses(Self.answers(setup, meeting: batched)).map(Self.summary)
        #expect(inOne == oneByOne)
        #expect(oneByOne.first == "recorded accepted - over nothing")
        #expect(oneByOne.filter { $0.hasPrefix("recorded") }.count == 2)

        // History and audit: the same rows, with the person as who recorded them and as actor.
        func trail(_ meeting: (id: ID<Meeting>, startsAt: Date)) async throws -> [String] {
            let history = try await setup.pool.query("""
                SELECT answer || ' ' || coalesce(note, '-') || ' ' || source || ' ' || (recorded_by = person_id)::text
                FROM meeting_response_history WHERE occurrence_id = \(meeting.id) ORDER BY id
                """).decode(String.self)
            let audit = try await setup.pool.query("""
                SELECT operation || ' ' || action || ' ' || actor_label || ' ' || (actor_person_id = \(setup.person))::text
                       || ' ' || coalesce(after ->> 'note', '-')
                FROM audit_log WHERE entity_table = 'meeting_responses' AND entity_id LIKE \(meeting.id.description) || '/%'
                ORDER BY id
                """).decode(String.self)
            return history + ["--"] + audit
        }
        let aloneTrail = try await trail(alone), batchedTrail = try await trail(batched)
        #expect(batchedTrail == aloneTrail)
        #expect(aloneTrail.count == 5, "\(aloneTrail)")
        let chain = try await setup.pool.query("SELECT count(*)::int FROM audit_verify_chain()")[0].decode(Int.self, at: 0)
        #expect(chain == 0)
        try await setup.scenario.fixture.tearDown()
    }

    @Test(
        "one statement answering for several people records and audits each answer as its own person, a pair given twice in order (its second answer in a second statement, sent with the first and with the COMMIT, or not)",
        arguments: [false, true])
    func oneStatementForSeveralPeople(committing: Bool) async throws {
        let setup = try await Setup.make()
        let meeting = setup.meetingID, t = setup.before
        func answer(_ person: ID<Person>, _ label: String, _ answer: ResponseAnswer, _ note: String?, _ at: Date) -> ResponseStore.AuditedAnswer {
            .init(
                MeetingResponse(meetingID: meeting, personID: person, answer: answer, note: note, source: .link, answeredAt: at, ordering: nil),
                actor: person, actorLabel: "link:\(label)")
        }
        let answers = [
            answer(setup.person, "sw2@example.org", .accepted, nil, t),
            answer(setup.outsider, "south@example.org", .declined, "on a home visit", t + 1),
            answer(setup.person, "sw2@example.org", .declined, nil, t + 2),
        ]
        try await setup.pool.withTransaction { connection in
            try ResponseStore.save(answers, action: "meeting.respond", committing: committing, on: connection)
        }
        let history = try await setup.pool.query("""
            SELECT CASE person_id WHEN \(setup.person)::uuid THEN 'person' ELSE 'outsider' END || ' ' || answer || ' ' || coalesce(note, '-') || ' ' || (recorded_by = person_id)::text
            FROM meeting_response_history WHERE occurrence_id = \(meeting) ORDER BY id
            """).decode(String.self)
        #expect(history == ["person accepted - true", "outsider declined on a home visit true", "person declined - true"])
        let audit = try await setup.pool.query("""
            SELECT operation || ' ' || action || ' ' || actor_label || ' ' || (actor_person_id::text = split_part(entity_id, '/', 2))::text
                   || ' ' || coalesce(after ->> 'note', '-')
            FROM audit_log WHERE entity_table = 'meeting_responses' ORDER BY id
            """).decode(String.self)
        #expect(audit == [
            "insert meeting.respond link:sw2@example.org true -",
            "insert meeting.respond link:south@example.org true [redacted]",
            "update meeting.respond link:sw2@example.org true -",
        ])
        let chain = try await setup.pool.query("SELECT count(*)::int FROM audit_verify_chain()")[0].decode(Int.self, at: 0)
        #expect(chain == 0)
        try await setup.scenario.fixture.tearDown()
    }

    @Test("many answers at once through the writer: each caller gets its own outcome, and every change is in the history")
    func concurrentCallersGetTheirOwnOutcomes() async throws {
        let setup = try await Setup.make()
        let writer = LinkAnswerWriter(services: setup.services, maximumBatch: 16)
        let meetings = try await Self.meetings(setup)
        try #require(meetings.count >= 3)
        let ids = meetings.prefix(3).map(\.id)
        // 60 answers over three meetings, alternating, all at once: every one changes the answer held.
        let outcomes = try await withThrowingTaskGroup(of: (Int, ResponseOutcome).self) { group in
            for n in 0..<60 {
                group.addTask {
                    let answer = LinkAnswer(
                        meetingID: ids[n % 3], personID: setup.person, answer: (n / 3) % 2 == 0 ? .accepted : .declined,
                        note: "n\(n)", at: setup.before + Double(n))
                    return (n, try await writer.record(answer))
                }
            }
            var all: [Int: ResponseOutcome] = [:]
            for try await (n, outcome) in group { all[n] = outcome }
            return all
        }
        #expect(outcomes.count == 60)
        for (n, outcome) in outcomes {
            guard case .recorded(let response, _) = outcome else {
                Issue.record("answer \(n): \(outcome)")
                continue
            }
            #expect(response.note == "n\(n)")
        }
        let rows = try await setup.pool.query("SELECT count(*)::int FROM meeting_response_history WHERE person_id = \(setup.person)")[0]
            .decode(Int.self, at: 0)
        #expect(rows == 60)
        let audited = try await setup.auditCount()
        #expect(audited == 60)
        let broken = try await setup.pool.query("SELECT count(*)::int FROM audit_verify_chain()")[0].decode(Int.self, at: 0)
        #expect(broken == 0)
        try await setup.scenario.fixture.tearDown()
    }

    @Test("each person's answers, given one after another while others answer too, are written in the order given, through lanes writing at once")
    func answersOfOnePairStayInOrder() async throws {
        let setup = try await Setup.make()
        let writer = LinkAnswerWriter(services: setup.services, maximumBatch: 4, lanes: 2)
        let meetings = try await Self.meetings(setup)
        try #require(meetings.count >= 3)
        let ids = meetings.prefix(3).map(\.id)
        // Three (meeting, person) pairs, each answered ten times in a row by its own task.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (m, id) in ids.enumerated() {
                group.addTask {
                    for n in 0..<10 {
                        let answer = LinkAnswer(
                            meetingID: id, personID: setup.person, answer: n % 2 == 0 ? .accepted : .declined,
                            note: "m\(m) n\(n)", at: setup.before + Double(n))
                        let outcome = try await writer.record(answer)
                        guard case .recorded = outcome else {
                            Issue.record("meeting \(m), answer \(n): \(outcome)")
                            return
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        for (m, id) in ids.enumerated() {
            let notes = try await setup.pool.query("""
                SELECT note FROM meeting_response_history WHERE occurrence_id = \(id) AND person_id = \(setup.person) ORDER BY id
                """).decode(String.self)
            #expect(notes == (0..<10).map { "m\(m) n\($0)" })
        }
        try await setup.scenario.fixture.tearDown()
    }
}
