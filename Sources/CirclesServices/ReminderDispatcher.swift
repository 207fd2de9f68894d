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
        /// Whether the recipient is still invited to (or facilitating) the meeting.
        public let recipientInvited: Bool
        /// For follow-up reminders: the follow-up, and the series or action it came from.
        public let followUp: FollowUp?
        public let followUpOrigin: String?
        /// For digests: what the team's week looks like, read now; nil when the recipient no longer leads it.
        public let digest: TeamDigestFacts?
        /// For meeting mail while replies are read: `circles+<token>@…`, the ORGANIZER and Reply-To.
        public var replyAddress: String? = nil
        /// For pair introductions: the group and its round, read now; nil when the group is gone.
        public var pairIntroduction: PairIntroductionFacts? = nil
        /// For the facilitator's meeting mail: the answers given so far.
        public var responses: [MeetingResponse] = []
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
    /// The reply mailbox's address (`circles@council.example`) when replies are read: meeting mail
    /// then names `circles+<token>@…` as ORGANIZER and Reply-To, one token per person and meeting.
    public var replyAddress: String?

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
        // One statement, atomic on its own: no BEGIN and COMMIT round trips around it.
        let claimed = try await pool.withConnection { connection in
            try OutboxStore.claim(holder: holder, limit: batchSize, lease: lease, now: now, on: connection)
        }
        var summary = Summary(claimed: claimed.count)
        guard !claimed.isEmpty else { return summary }
        let replyAddress = self.replyAddress
        let contexts = try await pool.withConnection { connection in
            try Self.withReplyAddresses(Self.contexts(for: claimed, now: now, on: connection), base: replyAddress, on: connection)
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
            // Deliveries first, in one statement for the batch: the common case costs one round
            // trip, and a mail that went out is recorded even if settling something else below fails.
            let delivered = zip(outgoing, outcomes).compactMap { mail, outcome -> Int64? in
                if case .delivered = outcome { return mail.0.id }
                return nil
            }
            try OutboxStore.markSent(ids: delivered, holder: holder, now: settledAt, on: connection)
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
                    settled.append(.sent)  // marked above, with the rest of the batch
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

    /// Why a claimed reminder must not go out now, if it must not: each kind is checked against
    /// what is true now, not when it was enqueued.
    static func reasonNotToSend(_ context: Context, now: Date) -> String? {
        if !context.recipient.active { return "the recipient was deactivated" }
        if context.recipient.emailOptOut { return "the recipient opted out of email" }
        let reminder = context.reminder
        switch reminder.kind {
        case .meetingReminder, .invitation:
            guard let meeting = context.meeting else { return "the meeting no longer exists" }
            if meeting.status != .scheduled { return "the meeting is \(meeting.status.rawValue)" }
            if meeting.startsAt <= now { return "the meeting had already started" }
            if !context.recipientInvited { return "the recipient is no longer invited" }
            if reminder.kind == .invitation, let planned = IdempotencyKey(text: reminder.idempotencyKey)?.sequence, planned != meeting.sequence {
                return "the meeting changed since (sequence \(meeting.sequence)); a newer invitation supersedes this one"
            }
            return nil
        case .cancellation:
            guard let meeting = context.meeting else { return "the meeting no longer exists" }
            if meeting.endsAt <= now { return "the meeting is over" }
            return nil
        case .followUpDue, .followUpOverdue:
            let shelfLife: TimeInterval = reminder.kind == .followUpDue ? 86_400 : 7 * 86_400
            if now.timeIntervalSince(reminder.dueAt) > shelfLife { return "the reminder is out of date" }
            guard let followUp = context.followUp else { return "the follow-up no longer exists" }
            if followUp.status != .open { return "the follow-up is \(followUp.status.rawValue)" }
            if let planned = IdempotencyKey(text: reminder.idempotencyKey)?.plannedDueDate, planned != followUp.dueOn {
                return "the follow-up's due date changed"
            }
            return nil
        case .digest:
            if now.timeIntervalSince(reminder.dueAt) > DigestPlanner.lateness { return "the digest is out of date" }
            return context.digest == nil ? "the recipient no longer leads the team" : nil
        case .pairIntroduction:
            guard let facts = context.pairIntroduction else { return "the pair no longer exists" }
            if facts.met != nil { return "the pair already recorded whether they met" }
            if !facts.members.contains(where: { $0.id == context.recipient.id }) { return "the recipient is no longer in the pair" }
            if let last = PostgresDate(facts.endsOn), CirclesServices.localDate(now, zone: facts.timeZone) > last {
                return "the round is over"
            }
            return nil
        }
    }

    /// The contexts of a claimed batch, in the batch's order, in a handful of statements (not a few
    /// per reminder): the batch's meetings, their series, everyone named, and each series' invitees.
    /// Follow-up reminders and digests, a small share of the mail, read theirs one by one.
    static func contexts(for reminders: [Reminder], now: Date, on connection: isolated PostgresConnection) throws -> [Context] {
        let meetings = try MeetingStore.find(ids: try reminders.compactMap(\.occurrenceID).map { try CirclesServices.stored($0) }, on: connection)
        // Cancellations of meetings a series change removed carry the meeting in their payload.
        let withdrawn = try OutboxStore.withdrawnMeetings(
            reminderIDs: reminders.filter { $0.kind == .cancellation && $0.occurrenceID == nil }.map(\.id), on: connection)
        let seriesIDs: [ID<MeetingSeries>] = try Array(Set(meetings.values.map(\.seriesID) + withdrawn.values.map(\.seriesID)))
            .map { try CirclesServices.stored($0) }
        let series = try SeriesStore.find(ids: seriesIDs, on: connection)
        let people = try PeopleStore.find(
            ids: try (reminders.map(\.recipientID) + meetings.values.compactMap(\.facilitatorID)
                + withdrawn.values.compactMap(\.facilitatorID) + series.values.map(\.ownerID)).map { try CirclesServices.stored($0) },
            on: connection)
        let invitees = try SeriesStore.invitees(seriesIDs: seriesIDs, on: connection)
        var followUps: [String: [FollowUp]] = [:]  // by meeting: the agenda its facilitator is reminded of
        return try reminders.map { reminder in
            guard let recipient = people[reminder.recipientID] else {
                throw ServiceError(.notFound, "reminder \(reminder.id): no recipient \(reminder.recipientID)")
            }
            var followUp: FollowUp?, origin: String?
            if let text = reminder.followUpID {
                let followUpID: ID<FollowUp> = try CirclesServices.stored(text)
                followUp = try FollowUpStore.find(id: followUpID, on: connection)
                origin = try FollowUpStore.originTitle(id: followUpID, on: connection)
            }
            var digest: TeamDigestFacts?
            if reminder.kind == .digest, let text = reminder.teamID,
                case let teamID = try CirclesServices.stored(text) as ID<Team>,
                try OutboxStore.isLead(personID: CirclesServices.stored(recipient.id), teamID: teamID, on: connection)
            {
                digest = try DigestStore.facts(
                    teamID: teamID, now: now, today: CirclesServices.localDate(now, zone: recipient.timeZone), on: connection)
            }
            guard let meeting = reminder.occurrenceID.flatMap({ meetings[$0] }) ?? withdrawn[reminder.id] else {
                var introduction: PairIntroductionFacts?
                if reminder.kind == .pairIntroduction, let text = reminder.followUpID {
                    introduction = try PairIntroductionFacts.read(followUpID: CirclesServices.stored(text), on: connection)
                }
                return Context(
                    reminder: reminder, recipient: recipient, meeting: nil, series: nil, facilitator: nil, organizer: nil,
                    invitees: [], openFollowUps: [], recipientInvited: false, followUp: followUp, followUpOrigin: origin,
                    digest: digest, pairIntroduction: introduction)
            }
            let meetingSeries = series[meeting.seriesID]
            let seriesInvitees = invitees[meeting.seriesID] ?? []
            var open: [FollowUp] = []
            if meeting.facilitatorID == recipient.id {
                if let known = followUps[meeting.id] {
                    open = known
                } else {
                    open = try FollowUpStore.openBefore(seriesID: try CirclesServices.stored(meeting.seriesID), before: meeting.startsAt, on: connection)
                    followUps[meeting.id] = open
                }
            }
            var context = Context(
                reminder: reminder, recipient: recipient, meeting: meeting, series: meetingSeries,
                facilitator: meeting.facilitatorID.flatMap { people[$0] }, organizer: meetingSeries.flatMap { people[$0.ownerID] },
                invitees: seriesInvitees, openFollowUps: open,
                recipientInvited: meeting.facilitatorID == recipient.id || seriesInvitees.contains { $0.id == recipient.id },
                followUp: followUp, followUpOrigin: origin, digest: digest)
            if meeting.facilitatorID == recipient.id, reminder.kind != .cancellation {
                context.responses = try ResponseStore.list(meeting: try CirclesServices.stored(meeting.id), on: connection)
            }
            return context
        }
    }
}
