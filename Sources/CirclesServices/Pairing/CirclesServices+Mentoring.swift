import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Adds a mentor to a mentoring scheme, or changes their capacity (0 takes no new mentees).
    /// Administrators; leads of every team of the scheme.
    public func addMentor(scheme nameOrID: String, email: String, capacity: Int, as actorEmail: String) async throws -> String {
        guard (0...20).contains(capacity) else {
            throw DomainError(field: "capacity", "--capacity \(capacity) is out of range; expected 0 to 20 mentees")
        }
        return try await perform(as: actorEmail, action: "pairs.mentor.add") { connection, actor in
            let scheme = try Self.pairingScheme(nameOrID, on: connection)
            guard scheme.kind == .mentoring else {
                throw ServiceError(.invalid, "\"\(scheme.name)\" is a buddy scheme; mentors belong to a mentoring scheme (--kind mentoring)")
            }
            try AccessPolicy.authorizeScheme(actor, teams: Self.teams(of: scheme), what: "add mentors")
            let person = try Self.activePerson(email, role: "mentor", on: connection)
            try MentoringStore.setMentor(
                schemeID: try Self.stored(scheme.id), personID: try Self.stored(person.id), capacity: capacity, on: connection)
            return "\(person.displayName) mentors up to \(capacity) in \"\(scheme.name)\""
        }
    }

    /// Ends a mentoring pair, saying why; the mentee can be matched again in a later round.
    /// Administrators, leads of the scheme's teams, and the mentor or mentee themselves.
    public func endMentoring(_ pairID: String, reason: String, as actorEmail: String) async throws -> MentoringPair {
        let id: ID<MentoringPair> = try Self.parsed(pairID, "mentoring pair")
        let reason = try TextRule.reason.check(reason)
        guard !reason.isEmpty else { throw DomainError(field: "reason", "say why the pair ends (--reason \"…\")") }
        return try await perform(as: actorEmail, action: "pairs.mentoring.end") { connection, actor in
            guard let pair = try MentoringStore.find(id: id, on: connection) else {
                throw ServiceError(.notFound, "no mentoring pair with id \(pairID); `circles pairs scheme show SCHEME` lists them")
            }
            guard pair.endedAt == nil else {
                throw ServiceError(.conflict, "the pair of \(pair.mentorName) and \(pair.menteeName) already ended")
            }
            let scheme = try Self.pairingScheme(pair.schemeID, on: connection)
            if actor.personID != pair.mentorID && actor.personID != pair.menteeID {
                try AccessPolicy.authorizeScheme(actor, teams: Self.teams(of: scheme), what: "end mentoring pairs")
            }
            try MentoringStore.end(id: id, reason: reason, on: connection)
            guard let ended = try MentoringStore.find(id: id, on: connection) else {
                throw ServiceError(.notFound, "the mentoring pair \(pairID) disappeared")
            }
            return ended
        }
    }
}
