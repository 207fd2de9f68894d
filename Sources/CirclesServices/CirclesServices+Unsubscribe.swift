import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What an unsubscribe request did.
    public enum UnsubscribeOutcome: Sendable, Hashable {
        /// Reminders stop from now on.
        case optedOut
        /// The person had already opted out (erasure opts out too): nothing changed.
        case alreadyOptedOut
    }

    /// Stops reminder and digest mail to the person a verified unsubscribe link names (RFC 8058
    /// one-click): sets their email preference, audited with the person as actor. Invitations and
    /// cancellations keep coming, as for anyone who opted out.
    public func unsubscribe(person personID: ID<Person>) async throws -> UnsubscribeOutcome {
        try await pool.withTransaction { connection in
            guard let person = try PeopleStore.find(id: personID, on: connection) else {
                throw ServiceError(.notFound, "no person with id \(personID)")
            }
            // Someone deactivated is opted out all the same: told that reminders stopped, they
            // must not start again if they are reactivated.
            guard !person.emailOptOut else { return .alreadyOptedOut }
            try Self.setAuditContext(actorID: person.id, actorEmail: "link:\(person.email)", action: "person.unsubscribe", on: connection)
            try PeopleStore.optOut(id: personID, on: connection)
            return .optedOut
        }
    }

    /// Whether the person a verified unsubscribe link names still gets reminders (for the
    /// confirmation page); a read that changes nothing.
    public func receivesReminders(person personID: ID<Person>) async throws -> Bool {
        try await pool.withConnection { connection in
            guard let person = try PeopleStore.find(id: personID, on: connection) else {
                throw ServiceError(.notFound, "no person with id \(personID)")
            }
            return person.active && !person.emailOptOut
        }
    }
}
