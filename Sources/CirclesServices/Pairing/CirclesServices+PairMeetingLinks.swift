import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What a pair link's page shows `person` about pair `pairID`; changes nothing (a read-only
    /// transaction), so mail scanners that open every link record nothing. A pair that does not
    /// exist, or that `person` is not in, is "not found", the same as a bad link.
    public func pairMeetingInvitation(pair pairID: ID<PairingRound.Group>, person personID: ID<Person>) async throws
        -> PairMeetingInvitation
    {
        try await pool.withConnection { connection in try await connection.withReadOnlySnapshot { connection in
            let (person, facts) = try Self.pairLinkContext(pairID, personID, on: connection)
            return PairMeetingInvitation(
                personName: person.displayName, schemeName: facts.schemeName, isMentoring: facts.isMentoring,
                roundNumber: facts.roundNumber, endsOn: facts.endsOn,
                partnerNames: facts.members.filter { $0.id != person.id }.map(\.name), met: facts.met, isOpen: person.active)
        } }
    }

    /// Records, from a verified pair link, that pair `pairID` met (or could not), exactly as
    /// `circles pairs met|missed` does: in one transaction audited as `pairs.met` / `pairs.missed`
    /// with the person as actor (`link:EMAIL`), closing the follow-up on the pair if it is open.
    /// The caller has established who the person is; this checks that they are active and in the pair.
    public func recordPairMeeting(pair pairID: ID<PairingRound.Group>, person personID: ID<Person>, met: Bool) async throws
        -> PairMeetingOutcome
    {
        try await pool.withTransaction { connection in
            let (person, facts) = try Self.pairLinkContext(pairID, personID, on: connection)
            guard person.active else { return .refused }
            if facts.met == met { return .unchanged }
            try Self.setAuditContext(
                actorID: person.id, actorEmail: "link:\(person.email)", action: met ? "pairs.met" : "pairs.missed", on: connection)
            guard let group = try PairingRoundStore.group(id: pairID, on: connection) else {
                throw ServiceError(.notFound, "no pair with id \(pairID)")
            }
            try Self.applyPairMeeting(groupID: pairID, followUpID: group.followUpID, met: met, on: connection)
            return .recorded
        }
    }

    /// The person and the pair's facts, when the pair exists and the person is in it.
    static func pairLinkContext(
        _ pairID: ID<PairingRound.Group>, _ personID: ID<Person>, on connection: isolated PostgresConnection
    ) throws -> (Person, PairIntroductionFacts) {
        guard let person = try PeopleStore.find(id: personID, on: connection) else {
            throw ServiceError(.notFound, "no person with id \(personID)")
        }
        guard let group = try PairingRoundStore.group(id: pairID, on: connection), group.memberIDs.contains(person.id),
            let text = group.followUpID, let facts = try PairIntroductionFacts.read(followUpID: try Self.stored(text), on: connection)
        else {
            throw ServiceError(.notFound, "no pair with id \(pairID) that \(personID) is in")
        }
        return (person, facts)
    }
}
