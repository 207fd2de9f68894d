import CirclesDomain
import CirclesStore
import Foundation
import Postgres

/// The application services the CLI and the worker share. Each operation is one
/// transaction, checks who is asking, and is audited by the database itself: the
/// acting person and the operation's name are set for the transaction, and triggers
/// record every change with its before and after.
public struct CirclesServices: Sendable {
    /// The pool every operation draws its transaction from.
    public let pool: PostgresPool
    /// How far ahead meetings are materialised, in seconds (default 90 days).
    public let horizon: TimeInterval
    /// The reminders a new series gets when its request names none (configuration: reminders.offsets).
    public var defaultReminders: ReminderOffsets = .standard
    /// The facilitator's extra reminders for a new series (configuration: reminders.facilitatorOffsets).
    public var facilitatorReminders: ReminderOffsets = .facilitatorStandard

    /// Services over a pool.
    public init(pool: PostgresPool, horizonDays: Int = 90) {
        self.pool = pool
        self.horizon = TimeInterval(horizonDays) * 86_400
    }

    /// Runs `body` in one transaction as the person with `actorEmail`, audited as `action`.
    func perform<Result: Sendable>(
        as actorEmail: String,
        action: String,
        _ body: @escaping @Sendable (isolated PostgresConnection, Actor) throws -> Result
    ) async throws -> Result {
        try await pool.withTransaction { connection in
            try body(connection, try Self.acting(actorEmail, action: action, on: connection))
        }
    }

    /// The person with `actorEmail` as the actor of this transaction, audited as `action`.
    static func acting(_ actorEmail: String, action: String, on connection: isolated PostgresConnection) throws -> Actor {
        guard let person = try PeopleStore.find(email: actorEmail, on: connection) else {
            throw ServiceError(
                .invalid,
                "unknown actor \(actorEmail): run commands as a person in Circles with --as EMAIL or CIRCLES_ACTOR")
        }
        guard person.active else {
            throw ServiceError(.invalid, "\(actorEmail) has been deactivated and cannot make changes")
        }
        let actor = try PeopleStore.actor(for: person, on: connection)
        try Self.setAuditContext(actorID: person.id, actorEmail: person.email, action: action, on: connection)
        return actor
    }

    /// Reads in a transaction as the person with `actorEmail` (who must exist).
    func read<Result: Sendable>(
        as actorEmail: String,
        _ body: @escaping @Sendable (isolated PostgresConnection, Actor) throws -> Result
    ) async throws -> Result {
        try await perform(as: actorEmail, action: "read", body)
    }

    static func setAuditContext(actorID: String?, actorEmail: String?, action: String, on connection: isolated PostgresConnection) throws {
        try connection.execute("""
            SELECT set_config('circles.actor_id', coalesce(\(actorID), ''), true),
                   set_config('circles.actor', coalesce(\(actorEmail), ''), true),
                   set_config('circles.action', \(action), true)
            """)
    }
}

extension PostgresError {
    /// The constraint this error violated, when it is one of the named unique or check keys.
    var violatedConstraint: String? {
        guard let sqlState, sqlState.class == "23" else { return nil }
        return constraint
    }
}
