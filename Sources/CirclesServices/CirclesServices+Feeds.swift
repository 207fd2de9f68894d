import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// A calendar feed link just issued: the token is shown this once (only its hash is kept).
    public struct IssuedFeedLink: Sendable {
        /// The secret for the link's path.
        public let token: FeedToken
        /// Whose link it is.
        public let person: Person
        /// The team whose meetings it shows; nil for the person's own meetings.
        public let team: Team?
        /// Whether a live link was revoked to make way for it (`--reset`).
        public let revokedPrevious: Bool
    }

    /// Issues the calendar feed link of the person with `email`: their own meetings, or with
    /// `teamName` every meeting of that team (for its leads). A person has one live link per feed;
    /// with `reset` it is revoked and a new one issued, else an existing one is an error (its
    /// token is stored only hashed and cannot be shown again). `AccessPolicy` decides who may.
    public func issueFeedLink(person email: String, team teamName: String?, reset: Bool, as actorEmail: String) async throws -> IssuedFeedLink {
        try await perform(as: actorEmail, action: reset ? "feed.reset" : "feed.issue") { connection, actor in
            guard let person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
            guard person.active else { throw ServiceError(.invalid, "\(person.email) has been deactivated; a feed link needs an active person") }
            let personID: ID<Person> = try Self.stored(person.id)
            var team: Team?
            if let teamName {
                let found = try Self.team(teamName, on: connection)
                try AccessPolicy.authorize(actor, .feedLink(.team(teamID: found.id, teamName: found.name)))
                let holder = try PeopleStore.actor(for: person, on: connection)
                guard holder.leads(found.id) || holder.isAdministrator else {
                    throw ServiceError(
                        .invalid, "\(person.email) does not lead team \"\(found.name)\"; a team's calendar feed link is for its leads and administrators")
                }
                team = found
            } else {
                try AccessPolicy.authorize(actor, .feedLink(.person(try PeopleStore.standing(of: person, on: connection))))
            }
            let teamID: ID<Team>? = try team.map { try Self.stored($0.id) }
            var revoked = false
            if reset {
                revoked = try FeedStore.revoke(personID: personID, teamID: teamID, on: connection)
            } else if let issued = try FeedStore.liveLinkIssued(personID: personID, teamID: teamID, on: connection) {
                let feed = team.map { "team \"\($0.name)\"'s calendar feed link" } ?? "a calendar feed link"
                throw ServiceError(
                    .conflict,
                    "\(person.email) already has \(feed), issued \(Self.feedTimestamp(issued)); it is stored only hashed and cannot be shown again: pass --reset to revoke it and issue a new one")
            }
            let token = FeedToken.random()
            try FeedStore.insert(token: token, personID: personID, teamID: teamID, on: connection)
            return IssuedFeedLink(token: token, person: person, team: team, revokedPrevious: revoked)
        }
    }

    private static func feedTimestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + " UTC"
    }
}
