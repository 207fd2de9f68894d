import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// One row of `circles meeting responses`: a person invited to (or facilitating) the meeting
    /// and their answer so far.
    public struct ResponseEntry: Sendable, Hashable {
        public let name: String
        public let email: String
        public let isFacilitator: Bool
        /// `accepted`, `declined`, `tentative`, or nil for no answer yet.
        public let answer: String?
        /// The person's note; only for readers who may record the meeting (its facilitator, the
        /// team's leads, administrators), nil otherwise.
        public let note: String?
        public let source: String?
        public let answeredAt: Date?
    }

    /// Who has said they will come to a meeting, who cannot, and who has not answered. Anyone
    /// who may see the team's meetings; notes only for those who may record the meeting.
    public func meetingResponses(meeting meetingID: String, as actorEmail: String) async throws -> [ResponseEntry] {
        let id: ID<Meeting> = try Self.parsed(meetingID, "meeting")
        return try await read(as: actorEmail) { connection, actor in
            let (meeting, _, team) = try Self.meetingContext(id, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "meetings")))
            let notes = AccessPolicy.permits(actor, .recordMeeting(teamID: team.id, teamName: team.name, facilitatorID: meeting.facilitatorID))
            return try ResponseSummaryStore.entries(meeting: id, on: connection).map { entry in
                ResponseEntry(
                    name: entry.name, email: entry.email, isFacilitator: entry.isFacilitator, answer: entry.answer,
                    note: notes ? entry.note : nil, source: entry.source, answeredAt: entry.answeredAt)
            }
        }
    }
}
