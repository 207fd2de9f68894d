import CirclesDomain
import CirclesStore
import Foundation
import Postgres

/// One answer given through a signed link (circles-web), for `recordLinkResponses`.
public struct LinkAnswer: Sendable {
    /// The meeting the link names.
    public let meetingID: ID<Meeting>
    /// The person the link names.
    public let personID: ID<Person>
    /// What they answered.
    public let answer: ResponseAnswer
    /// What they added, unchecked (the rule is applied as `recordResponse` applies it).
    public let note: String?
    /// When they answered.
    public let at: Date

    /// An answer to record.
    public init(meetingID: ID<Meeting>, personID: ID<Person>, answer: ResponseAnswer, note: String?, at: Date) {
        self.meetingID = meetingID
        self.personID = personID
        self.answer = answer
        self.note = note
        self.at = at
    }
}

extension CirclesServices {
    /// Records many link answers in one transaction (group commit): each gets exactly the outcome,
    /// history and audit record `recordResponse(…, source: .link, …)` would give it alone, in the
    /// order given (a later answer of the same person to the same meeting sees the earlier one).
    /// A few statements serve the whole batch, in two round trips: BEGIN, the locks and one read of
    /// every answer's context, then the audited write of all the answers recorded (one statement,
    /// one more for each repeat of a pair) with the COMMIT (`ResponseStore.save(_:action:committing:on:)`). Should the batch fail as a whole (a
    /// deadlock, a value refused), each answer is recorded again on its own, so one cannot fail
    /// another; when the database is unavailable, every answer fails with that at once.
    public func recordLinkResponses(_ answers: [LinkAnswer]) async -> [Result<ResponseOutcome, any Error>] {
        var results = [Result<ResponseOutcome, any Error>?](repeating: nil, count: answers.count)
        var valid: [(index: Int, answer: LinkAnswer, note: String?)] = []
        for (index, answer) in answers.enumerated() {
            do {
                valid.append((index, answer, try TextRule.responseNote.check(optional: answer.note)))
            } catch {
                results[index] = .failure(error)
            }
        }
        if !valid.isEmpty {
            let batch = valid
            do {
                let decided = try await pool.withTransaction { connection in try Self.recordBatch(batch, on: connection) }
                for (entry, result) in zip(valid, decided) { results[entry.index] = result }
            } catch where PostgresError.meansUnavailable(error) {
                // The database out of reach: each answer alone would wait as long again, one after
                // the other. Each caller is told at once (circles-web: 503, "may not have been saved").
                for entry in valid { results[entry.index] = .failure(error) }
            } catch {
                for entry in valid {
                    let answer = entry.answer
                    do {
                        results[entry.index] = .success(try await recordResponse(
                            meeting: answer.meetingID, person: answer.personID, answer: answer.answer, note: answer.note, source: .link,
                            ordering: nil, at: answer.at))
                    } catch {
                        results[entry.index] = .failure(error)
                    }
                }
            }
        }
        return results.map { $0 ?? .failure(ServiceError(.invalid, "an answer was left undecided")) }
    }

    /// The batch inside its transaction: the rules of `recordResponse(…)` and `record(_:now:on:)`,
    /// applied to contexts read at once. A service error (no such person or meeting) is that
    /// answer's; a database error fails the batch.
    static func recordBatch(
        _ batch: [(index: Int, answer: LinkAnswer, note: String?)], on connection: isolated PostgresConnection
    ) throws -> [Result<ResponseOutcome, any Error>] {
        let pairs = batch.map { (meeting: $0.answer.meetingID, person: $0.answer.personID) }
        let contexts = try ResponseStore.lockedContexts(pairs: pairs, on: connection)
        // What each pair holds as the batch goes on: an answer recorded earlier in it counts.
        var standing: [String: MeetingResponse?] = [:]
        var results: [Result<ResponseOutcome, any Error>] = []
        var writes: [ResponseStore.AuditedAnswer] = []
        for (entry, context) in zip(batch, contexts) {
            let answer = entry.answer
            guard let email = context.personEmail else {
                results.append(.failure(ServiceError(.notFound, "no person with id \(answer.personID)")))
                continue
            }
            guard context.personActive else {
                results.append(.success(.refused(.personInactive)))
                continue
            }
            guard let meeting = context.meeting else {
                results.append(.failure(ServiceError(.notFound, "no meeting with id \(answer.meetingID); `circles meeting list --team …` shows them")))
                continue
            }
            if let refusal = refusal(
                status: meeting.status, startsAt: meeting.startsAt, facilitates: context.facilitates, personActive: context.personActive,
                now: answer.at, isInvited: { context.invited })
            {
                results.append(.success(.refused(refusal)))
                continue
            }
            let key = "\(answer.meetingID):\(answer.personID)"
            let held = standing[key] ?? context.held
            let offered = MeetingResponse(
                meetingID: answer.meetingID, personID: answer.personID, answer: answer.answer, note: entry.note, source: .link,
                answeredAt: answer.at, ordering: nil)
            if let held {
                if isOlder(offered, than: held) {
                    results.append(.success(.superseded(current: held)))
                    continue
                }
                if held.answer == offered.answer && held.note == offered.note {
                    results.append(.success(.unchanged(held)))
                    continue
                }
            }
            writes.append(.init(offered, actor: answer.personID, actorLabel: "\(ResponseSource.link.rawValue):\(email)"))
            standing[key] = .some(offered)
            results.append(.success(.recorded(offered, previous: held)))
        }
        // The last statement commits: nothing follows it, and the audit chain is free at once.
        try ResponseStore.save(writes, action: "meeting.respond", committing: true, on: connection)
        return results
    }
}
