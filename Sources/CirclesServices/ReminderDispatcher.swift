import CirclesDomain
import CirclesStore
import Foundation
import Logging
import Mail
import Postgres

/// Sends due reminders: claims a batch with a lease, composes each mail, sends the batch
/// over one transport session, and settles each reminder as its lease holder. The claiming
/// transaction is closed before any mail is sent, so no database transaction waits on SMTP.
public struct ReminderDispatcher: Sendable {
    /// Everything about one reminder that its mail may show (never meeting notes).
    public struct Context: Sendable {
        public let reminder: Reminder
        public let recipient: Person
        public let meeting: Meeting?
        public let series: MeetingSeries?
        public let facilitator: Person?
        public let organizer: Person?
        public let invitees: [Person]
        public let openFollowUps: [FollowUp]
    }

    /// Turns a context into the mail to send.
    public typealias Composer = @Sendable (Context) throws -> MailMessage

    /// What one drain did.
    public struct Summary: Sendable, Hashable {
        public var claimed = 0
        public var sent = 0
        public var retried = 0
        public var failed = 0
        public var skipped = 0
    }

    let pool: PostgresPool
    let transport: any MailTransport
    let compose: Composer
    let holder: String
    public let batchSize: Int
    let lease: Duration
    let retry: RetryPolicy
    let logger: Logger
    /// Told of each settled reminder's outcome (see `Outcome`); nil by default.
    public var observer: Observer?

    /// A dispatcher for one worker (`holder` names it in leases).
    public init(
        pool: PostgresPool, transport: any MailTransport, holder: String, batchSize: Int = 50, lease: Duration = .seconds(300),
        retry: RetryPolicy = .default, logger: Logger = Logger(label: "circles.dispatch"), compose: @escaping Composer
    ) {
        self.pool = pool
        self.transport = transport
        self.holder = holder
        self.batchSize = batchSize
        self.lease = lease
        self.retry = retry
        self.logger = logger
        self.compose = compose
    }

    /// Claims and handles one batch; returns what happened (claimed 0 when nothing was due).
    public func dispatchBatch(now: Date = Date()) async throws -> Summary {
        let (holder, batchSize, lease) = (self.holder, self.batchSize, self.lease)
        let claimed = try await pool.withTransaction { connection in
            try OutboxStore.claim(holder: holder, limit: batchSize, lease: lease, now: now, on: connection)
        }
        var summary = Summary(claimed: claimed.count)
        guard !claimed.isEmpty else { return summary }
        let contexts = try await pool.withConnection { connection in
            try claimed.map { try Self.context(for: $0, on: connection) }
        }
        var outgoing: [(Reminder, OutgoingMail)] = []
        var skips: [(Reminder, String)] = []
        var broken: [(Reminder, String)] = []
        for context in contexts {
            if let reason = Self.reasonNotToSend(context, now: now) {
                skips.append((context.reminder, reason))
                continue
            }
            do {
                let message = try compose(context)
                outgoing.append((context.reminder, OutgoingMail(
                    id: "reminder-\(context.reminder.id)", sender: message.from.address,
                    recipients: message.recipientAddresses, bytes: message.rendered())))
            } catch {
                broken.append((context.reminder, "could not compose the mail: \(error)"))
            }
        }
        let outcomes = outgoing.isEmpty ? [] : await transport.send(outgoing.map(\.1))
        let settledAt = Date()
        let settled: [Outcome] = try await pool.withConnection { [retry, skips, broken, outgoing] connection in
            for (reminder, reason) in skips {
                try OutboxStore.settle(id: reminder.id, holder: holder, as: .cancelled, reason: reason, on: connection)
            }
            for (reminder, reason) in broken {
                try OutboxStore.settle(id: reminder.id, holder: holder, as: .failed, reason: reason, on: connection)
            }
            var settled: [Outcome] = []
            for ((reminder, _), outcome) in zip(outgoing, outcomes) {
                switch outcome {
                case .delivered:
                    try OutboxStore.markSent(id: reminder.id, holder: holder, now: settledAt, on: connection)
                    settled.append(.sent)
                case .temporaryFailure(let reason):
                    var generator = SystemRandomNumberGenerator()
                    if let delay = retry.delay(afterAttempt: reminder.attempts, random: &generator) {
                        let wait = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
                        try OutboxStore.markForRetry(
                            id: reminder.id, holder: holder, error: reason, retryAt: settledAt.addingTimeInterval(wait), on: connection)
                        settled.append(.retried)
                    } else {
                        try OutboxStore.settle(
                            id: reminder.id, holder: holder, as: .failed, reason: "gave up after \(reminder.attempts) attempts: \(reason)",
                            on: connection)
                        settled.append(.failed)
                    }
                case .permanentFailure(let reason):
                    try OutboxStore.settle(id: reminder.id, holder: holder, as: .failed, reason: reason, on: connection)
                    settled.append(.failed)
                }
            }
            return settled
        }
        if let observer {
            for (reminder, _) in skips { observer(reminder.kind, .skipped) }
            for (reminder, _) in broken { observer(reminder.kind, .failed) }
            for ((reminder, _), outcome) in zip(outgoing, settled) { observer(reminder.kind, outcome) }
        }
        for outcome in outcomes {
            switch outcome {
            case .delivered: summary.sent += 1
            case .temporaryFailure: summary.retried += 1
            case .permanentFailure: summary.failed += 1
            }
        }
        summary.skipped = skips.count
        summary.failed += broken.count
        logger.info("dispatched a batch", metadata: [
            "claimed": "\(summary.claimed)", "sent": "\(summary.sent)", "retried": "\(summary.retried)",
            "failed": "\(summary.failed)", "skipped": "\(summary.skipped)",
        ])
        return summary
    }

    /// Claims and handles batches until nothing more is due; returns the totals.
    public func drain(now: @Sendable () -> Date = { Date() }) async throws -> Summary {
        var total = Summary()
        while !Task.isCancelled {
            let batch = try await dispatchBatch(now: now())
            total.claimed += batch.claimed
            total.sent += batch.sent
            total.retried += batch.retried
            total.failed += batch.failed
            total.skipped += batch.skipped
            if batch.claimed < batchSize { break }
        }
        return total
    }

    /// Why a claimed reminder must not go out now, if it must not.
    static func reasonNotToSend(_ context: Context, now: Date) -> String? {
        if !context.recipient.active { return "the recipient was deactivated" }
        if context.recipient.emailOptOut { return "the recipient opted out of email" }
        guard context.reminder.kind == .meetingReminder else { return nil }
        guard let meeting = context.meeting else { return "the meeting no longer exists" }
        if meeting.status != .scheduled { return "the meeting is \(meeting.status.rawValue)" }
        if meeting.startsAt <= now { return "the meeting had already started" }
        return nil
    }

    static func context(for reminder: Reminder, on connection: isolated PostgresConnection) throws -> Context {
        guard let recipient = try PeopleStore.find(id: reminder.recipientID, on: connection) else {
            throw ServiceError(.notFound, "reminder \(reminder.id): no recipient \(reminder.recipientID)")
        }
        var meeting: Meeting?, series: MeetingSeries?, facilitator: Person?, organizer: Person?
        var invitees: [Person] = []
        var followUps: [FollowUp] = []
        if let occurrenceID = reminder.occurrenceID, let found = try MeetingStore.find(id: occurrenceID, on: connection) {
            meeting = found
            series = try SeriesStore.find(id: found.seriesID, on: connection)
            facilitator = try found.facilitatorID.flatMap { try PeopleStore.find(id: $0, on: connection) }
            organizer = try series.flatMap { try PeopleStore.find(id: $0.ownerID, on: connection) }
            invitees = try SeriesStore.invitees(seriesID: found.seriesID, on: connection)
            if found.facilitatorID == recipient.id {
                followUps = try FollowUpStore.openBefore(seriesID: found.seriesID, before: found.startsAt, on: connection)
            }
        }
        return Context(
            reminder: reminder, recipient: recipient, meeting: meeting, series: series, facilitator: facilitator,
            organizer: organizer, invitees: invitees, openFollowUps: followUps)
    }
}
