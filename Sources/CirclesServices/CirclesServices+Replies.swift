import CirclesDomain
import CirclesStore
import Foundation

extension CirclesServices {
    /// Each reply mailbox's last poll, position and counts (administrators).
    public func replyMailboxStatus(as actorEmail: String) async throws -> [ReplyStore.MailboxStatus] {
        try await read(as: actorEmail) { connection, actor in
            try AccessPolicy.authorize(actor, .administer(what: "inspect the reply mailbox"))
            return try ReplyStore.status(on: connection)
        }
    }
}
