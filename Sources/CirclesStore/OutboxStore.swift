import CirclesDomain
import Foundation
import Postgres

/// SQL for the reminder outbox: enqueue once per key, claim with a lease, settle as the lease holder.
public enum OutboxStore {
    static let columns: StaticString = """
        id, idempotency_key, kind, recipient_id, occurrence_id, follow_up_id, due_at, state, attempts, lease_holder, last_error,
        team_id
        """

    /// The same columns qualified for the claim's UPDATE … FROM.
    static let prefixedColumns: StaticString = """
        o.id, o.idempotency_key, o.kind, o.recipient_id, o.occurrence_id, o.follow_up_id, o.due_at, o.state, o.attempts,
        o.lease_holder, o.last_error, o.team_id
        """

    static func reminder(_ row: PostgresRow) throws -> Reminder {
        // The uuid columns are read as the server writes them, already in the lowercase form ids
        // take everywhere else (`uuidString.lowercased()`): a claimed batch is decoded on the hot path.
        let (id, key, kind, recipient, occurrence, followUp, due, state, attempts, holder, error, team) = try row.decode(
            (Int64, String, ReminderKind, String, String?, String?, Date, ReminderState, Int, String?, String?, String?).self)
        return Reminder(
            id: id, idempotencyKey: key, kind: kind,
            recipientID: recipient, occurrenceID: occurrence, followUpID: followUp, dueAt: due,
            state: state, attempts: attempts, leaseHolder: holder, lastError: error,
            teamID: team)
    }

    /// A reminder to enqueue: the planners' `PlannedReminder`, by the name the store has always used.
    public typealias NewReminder = PlannedReminder

    /// The row's `payload` (JSON object text): a withdrawn meeting kept for its cancellation.
    static func payload(of reminder: PlannedReminder) -> String {
        guard let withdrawnMeeting = reminder.withdrawnMeeting,
            let data = try? JSONEncoder().encode(Payload(withdrawnMeeting: withdrawnMeeting))
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// What an outbox row's `payload` may hold.
    struct Payload: Codable {
        var withdrawnMeeting: Meeting?

        enum CodingKeys: String, CodingKey {
            case withdrawnMeeting = "withdrawn_meeting"
        }
    }

    /// The meetings these cancellations are about that no longer exist, as kept in their payloads, by reminder id.
    public static func withdrawnMeetings(reminderIDs: [Int64], on connection: isolated PostgresConnection) throws -> [Int64: Meeting] {
        guard !reminderIDs.isEmpty else { return [:] }
        var meetings: [Int64: Meeting] = [:]
        for row in try connection.query("""
            SELECT id, payload::text FROM reminder_outbox WHERE id = ANY(\(reminderIDs)::int8[]) AND payload ? 'withdrawn_meeting'
            """) {
            let (id, payload) = try row.decode((Int64, String).self)
            meetings[id] = try JSONDecoder().decode(Payload.self, from: Data(payload.utf8)).withdrawnMeeting
        }
        return meetings
    }

    /// Enqueues reminders; a key already present is left alone. Returns how many were new.
    ///
    /// Small batches go in one INSERT; large ones are COPYed into a session-private staging
    /// table first and inserted from there, which costs little more than a COPY.
    @discardableResult
    public static func enqueue(_ reminders: [NewReminder], on connection: isolated PostgresConnection) throws -> Int {
        guard !reminders.isEmpty else { return 0 }
        let inserted = reminders.count > 1_000
            ? try enqueueStaged(reminders, on: connection) : try enqueueInOneStatement(reminders, on: connection)
        // Wake listening workers when the transaction commits (NOTIFY is transactional).
        if inserted > 0 { try connection.execute("SELECT pg_notify(\(notificationChannel), '')") }
        return inserted
    }

    /// The channel workers LISTEN on to hear that reminders were enqueued.
    public static let notificationChannel = "circles_reminders"

    private static func enqueueInOneStatement(_ reminders: [NewReminder], on connection: isolated PostgresConnection) throws -> Int {
        try connection.execute("""
            INSERT INTO reminder_outbox (idempotency_key, kind, recipient_id, occurrence_id, follow_up_id, team_id, due_at, payload)
            SELECT key, kind, recipient::uuid, nullif(occurrence, '')::uuid, nullif(follow_up, '')::uuid, nullif(team, '')::uuid,
                   due::timestamptz, payload::jsonb
            FROM unnest(\(reminders.map(\.idempotencyKey.text))::text[], \(reminders.map(\.kind.rawValue))::text[],
                        \(reminders.map(\.recipientID))::text[], \(reminders.map { $0.occurrenceID ?? "" })::text[],
                        \(reminders.map { $0.followUpID ?? "" })::text[], \(reminders.map { $0.teamID ?? "" })::text[],
                        \(reminders.map { $0.dueAt.postgresText ?? "" })::text[], \(reminders.map(payload(of:)))::text[])
                AS r(key, kind, recipient, occurrence, follow_up, team, due, payload)
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
    }

    private static func enqueueStaged(_ reminders: [NewReminder], on connection: isolated PostgresConnection) throws -> Int {
        try connection.execute("""
            CREATE TEMP TABLE IF NOT EXISTS reminder_outbox_staging (
                idempotency_key text, kind text, recipient_id uuid, occurrence_id uuid, follow_up_id uuid, team_id uuid, due_at timestamptz,
                payload jsonb
            )
            """)
        try connection.execute("TRUNCATE reminder_outbox_staging")
        try connection.copyFrom("COPY reminder_outbox_staging FROM STDIN") { writer in
            for reminder in reminders {
                try writer.append(fields: [
                    reminder.idempotencyKey.text, reminder.kind.rawValue, reminder.recipientID, reminder.occurrenceID,
                    reminder.followUpID, reminder.teamID, reminder.dueAt.postgresText, payload(of: reminder),
                ])
            }
        }
        let inserted = try connection.execute("""
            INSERT INTO reminder_outbox (idempotency_key, kind, recipient_id, occurrence_id, follow_up_id, team_id, due_at, payload)
            SELECT idempotency_key, kind, recipient_id, occurrence_id, follow_up_id, team_id, due_at, payload FROM reminder_outbox_staging
            ON CONFLICT (idempotency_key) DO NOTHING
            """)
        try connection.execute("TRUNCATE reminder_outbox_staging")
        return inserted
    }

    /// Claims up to `limit` due reminders for `holder` until `now + lease`: pending ones whose
    /// time has come, and leased ones whose lease expired (their worker died). Rows other
    /// workers are claiming are skipped, never waited for. Only kinds this program knows are
    /// claimed: one added by a newer migration waits for a worker that knows how to send it.
    public static func claim(
        holder: String, limit: Int, lease: Duration, now: Date, on connection: isolated PostgresConnection
    ) throws -> [Reminder] {
        try connection.query(claimStatement(holder: holder, limit: limit, lease: lease, now: now)).map(reminder)
    }

    /// The claim's statement, exactly as `claim` runs it (for EXPLAIN in benchmarks and diagnostics).
    ///
    /// Every open reminder (pending or leased) is in `reminder_outbox_open_idx` by its next attempt,
    /// an expired lease included, so one ordered index scan finds both kinds. The update changes no
    /// indexed column, which lets PostgreSQL do it in place (see migration 0006).
    public static func claimStatement(holder: String, limit: Int, lease: Duration, now: Date) -> PostgresQuery {
        let expires = now.addingTimeInterval(TimeInterval(lease.components.seconds))
        return """
            WITH due AS (
                SELECT id FROM reminder_outbox
                WHERE next_attempt_at <= \(now) AND (state = 'pending' OR (state = 'leased' AND lease_expires_at <= \(now)))
                  AND kind = ANY(\(ReminderKind.allCases.map(\.rawValue))::text[])
                ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            )
            UPDATE reminder_outbox o
               SET state = 'leased', lease_holder = \(holder), lease_expires_at = \(expires), attempts = o.attempts + 1
              FROM due WHERE o.id = due.id
            RETURNING \(literal: prefixedColumns)
            """
    }

    /// Marks a reminder sent; only the current lease holder can. Returns whether it did.
    @discardableResult
    public static func markSent(id: Int64, holder: String, now: Date, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("""
            UPDATE reminder_outbox SET state = 'sent', sent_at = \(now), next_attempt_at = NULL, lease_holder = NULL, lease_expires_at = NULL,
                last_error = NULL
            WHERE id = \(id) AND state = 'leased' AND lease_holder = \(holder)
            """) == 1
    }

    /// Marks many reminders sent in one statement; only those `holder` still leases change.
    /// Returns how many did.
    @discardableResult
    public static func markSent(ids: [Int64], holder: String, now: Date, on connection: isolated PostgresConnection) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try connection.execute("""
            UPDATE reminder_outbox SET state = 'sent', sent_at = \(now), next_attempt_at = NULL, lease_holder = NULL, lease_expires_at = NULL,
                last_error = NULL
            WHERE id = ANY(\(ids)::int8[]) AND state = 'leased' AND lease_holder = \(holder)
            """)
    }

    /// Puts a reminder back to be tried again at `retryAt` (temporary failure); only the lease holder can.
    @discardableResult
    public static func markForRetry(
        id: Int64, holder: String, error: String, retryAt: Date, on connection: isolated PostgresConnection
    ) throws -> Bool {
        try connection.execute("""
            UPDATE reminder_outbox SET state = 'pending', next_attempt_at = \(retryAt), last_error = \(error),
                lease_holder = NULL, lease_expires_at = NULL
            WHERE id = \(id) AND state = 'leased' AND lease_holder = \(holder)
            """) == 1
    }

    /// Ends a reminder as failed or cancelled with a reason; only the lease holder can.
    @discardableResult
    public static func settle(
        id: Int64, holder: String, as state: ReminderState, reason: String, on connection: isolated PostgresConnection
    ) throws -> Bool {
        try connection.execute("""
            UPDATE reminder_outbox SET state = \(state.rawValue), last_error = \(reason), next_attempt_at = NULL, lease_holder = NULL,
                lease_expires_at = NULL
            WHERE id = \(id) AND state = 'leased' AND lease_holder = \(holder)
            """) == 1
    }

    /// Counts by state.
    public static func counts(on connection: isolated PostgresConnection) throws -> [ReminderState: Int] {
        var counts: [ReminderState: Int] = [:]
        for row in try connection.query("SELECT state, count(*) FROM reminder_outbox GROUP BY state") {
            let (state, count) = try row.decode((ReminderState, Int).self)
            counts[state] = count
        }
        return counts
    }
}

extension OutboxStore {
    /// Each person to remind about these meetings, if still scheduled: invitees and the facilitator
    /// who are active and have not opted out, with their offsets in minutes.
    public static func meetingRecipients(
        meetingIDs: [String], on connection: isolated PostgresConnection
    ) throws -> [(meetingID: String, startsAt: Date, personID: String, offsets: [Int])] {
        guard !meetingIDs.isEmpty else { return [] }
        return try connection.query("""
            SELECT o.id, o.starts_at, p.id,
                   CASE WHEN p.id = o.facilitator_id
                        THEN s.reminder_offsets_minutes || s.facilitator_reminder_offsets_minutes
                        ELSE s.reminder_offsets_minutes END::int8[]
            FROM occurrences o
            JOIN series s ON s.id = o.series_id AND s.status = 'active'
            JOIN LATERAL (
                SELECT i.person_id FROM series_invitees i WHERE i.series_id = o.series_id
                UNION SELECT o.facilitator_id WHERE o.facilitator_id IS NOT NULL
            ) r ON true
            JOIN people p ON p.id = r.person_id AND p.active AND NOT p.email_opt_out
            WHERE o.id = ANY(\(meetingIDs)::uuid[]) AND o.status = 'scheduled'
            """).map { row in
                let (meeting, starts, person, offsets) = try row.decode((UUID, Date, UUID, [Int]).self)
                return (meeting.uuidString.lowercased(), starts, person.uuidString.lowercased(), offsets)
            }
    }

    /// Cancels a person's pending reminders (they opted out or were deactivated).
    @discardableResult
    public static func cancelPending(recipientID: String, reason: String, on connection: isolated PostgresConnection) throws -> Int {
        try connection.execute("""
            UPDATE reminder_outbox SET state = 'cancelled', last_error = \(reason), next_attempt_at = NULL
            WHERE recipient_id = \(UUID(uuidString: recipientID)) AND state = 'pending'
            """)
    }
}

extension OutboxStore {
    /// One outbox row as an operator reads it (the domain's `OutboxEntry`).
    public typealias Listed = OutboxEntry

    /// Rows in a state (all states when nil) whose next attempt is before `until`, soonest first.
    public static func list(
        state: ReminderState?, until: Date?, limit: Int, on connection: isolated PostgresConnection
    ) throws -> [Listed] {
        try connection.query("""
            SELECT r.id, r.kind, r.state, p.email, s.title, r.due_at, r.next_attempt_at, r.attempts, r.last_error
            FROM reminder_outbox r JOIN people p ON p.id = r.recipient_id
            LEFT JOIN occurrences o ON o.id = r.occurrence_id LEFT JOIN series s ON s.id = o.series_id
            WHERE (\(state?.rawValue)::text IS NULL OR r.state = \(state?.rawValue))
              AND (\(until)::timestamptz IS NULL OR r.next_attempt_at <= \(until))
            ORDER BY coalesce(r.next_attempt_at, r.sent_at, r.due_at), r.id
            LIMIT \(limit)
            """).map { row in
                let (id, kind, state, email, title, due, next, attempts, error) = try row.decode(
                    (Int64, String, String, String, String?, Date, Date?, Int, String?).self)
                return Listed(id: id, kind: kind, state: state, recipient: email, meetingTitle: title, dueAt: due, nextAttemptAt: next, attempts: attempts, lastError: error)
            }
    }

    /// The oldest pending reminder that is already due, if any.
    public static func oldestDue(now: Date, on connection: isolated PostgresConnection) throws -> Date? {
        try connection.query("SELECT min(next_attempt_at) FROM reminder_outbox WHERE state = 'pending' AND next_attempt_at <= \(now)")[0]
            .decode(Date?.self, at: 0)
    }

    /// Puts a failed (or cancelled) reminder back to be sent now; returns whether it did.
    public static func retry(id: Int64, now: Date, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("""
            UPDATE reminder_outbox SET state = 'pending', next_attempt_at = \(now), lease_holder = NULL, lease_expires_at = NULL
            WHERE id = \(id) AND state IN ('failed', 'cancelled')
            """) == 1
    }
}
