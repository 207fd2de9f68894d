import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import ReplyReading

/// What became of one message from the reply mailbox.
public struct ReplyDecision: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case matched
        case needsPerson = "needs_person"
        case refused
        case duplicate
    }
    public var outcome: Outcome
    public var reason: String
    public var personID: String?
    public var answers: Int
}

// TEMPORARY until the responses model lands.
enum ReplyMatcher {
    static func apply(
        _ reply: IncomingReply, settings: ReplyMailboxSettings, now: Date, on connection: isolated PostgresConnection
    ) throws -> ReplyDecision {
        ReplyDecision(outcome: .needsPerson, reason: "pending", personID: nil, answers: 0)
    }
}
