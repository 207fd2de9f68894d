import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Observability
import Postgres

/// The worker's metrics: counters moved as work happens, gauges read from the database and
/// the pool when Prometheus scrapes.
final class WorkerMetrics: Sendable {
    let registry = MetricsRegistry()
    let sent: Counter
    let failed: Counter
    let retried: Counter
    let skipped: Counter
    let passes: Counter
    let passDuration: Histogram
    let enqueued: Counter
    let materialised: Counter
    let dispatchErrors: Counter
    let mailDuration: Histogram
    let mailMessages: Counter
    let outbox: Gauge
    let due: Gauge
    let oldestDueAge: Gauge
    let databaseUp: Gauge
    let poolConnections: Gauge
    let poolMaximum: Gauge
    let startTime: Gauge
    let repliesHandled: Counter
    let replyAnswers: Counter
    let replyPolls: Counter
    let replyLastPoll: Gauge

    init(poolSize: Int, startedAt: Date = Date()) {
        let kind = ["kind"]
        sent = registry.counter("circles_reminders_sent_total", help: "Reminders delivered to the mail relay, by kind.", labels: kind)
        failed = registry.counter(
            "circles_reminders_failed_total",
            help: "Reminders that failed for good: permanent refusal, retries given up, or mail that could not be composed.", labels: kind)
        retried = registry.counter(
            "circles_reminders_retried_total", help: "Temporary delivery failures put back to be tried again, by kind.", labels: kind)
        skipped = registry.counter(
            "circles_reminders_skipped_total",
            help: "Claimed reminders cancelled instead of sent (meeting cancelled or moved, recipient opted out), by kind.", labels: kind)
        for reminderKind in ReminderKind.allCases {
            for counter in [sent, failed, retried, skipped] { counter.increment(by: 0, [reminderKind.rawValue]) }
        }
        outbox = registry.gauge(
            "circles_outbox_reminders", help: "Reminders in the outbox's live states, at scrape time.", labels: ["state"])
        due = registry.gauge("circles_outbox_due_reminders", help: "Pending reminders whose time has come, at scrape time.")
        oldestDueAge = registry.gauge(
            "circles_outbox_oldest_due_age_seconds", help: "How long the oldest due reminder has been waiting (0 when none is due).")
        passDuration = registry.histogram(
            "circles_scheduling_pass_duration_seconds", help: "Duration of scheduling passes this worker ran (horizon and enqueue).",
            buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120])
        passes = registry.counter(
            "circles_scheduling_passes_total",
            help: "Scheduling passes: completed, skipped (another worker held the lock) or failed.", labels: ["result"])
        for result in ["completed", "skipped", "failed"] { passes.increment(by: 0, [result]) }
        materialised = registry.counter("circles_scheduling_meetings_materialised_total", help: "Meetings materialised by scheduling passes.")
        enqueued = registry.counter("circles_scheduling_reminders_enqueued_total", help: "Reminders enqueued by scheduling passes.")
        materialised.increment(by: 0)
        enqueued.increment(by: 0)
        dispatchErrors = registry.counter(
            "circles_dispatch_errors_total", help: "Dispatch loop iterations that failed (database or network away) and backed off.")
        dispatchErrors.increment(by: 0)
        mailDuration = registry.histogram(
            "circles_mail_send_duration_seconds",
            help: "Time to hand one batch to the mail transport over one session: connect, TLS, every message, QUIT.",
            labels: ["transport"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60])
        mailMessages = registry.counter(
            "circles_mail_messages_total", help: "Messages handed to the mail transport, by transport and result.",
            labels: ["transport", "result"])
        databaseUp = registry.gauge("circles_database_up", help: "Whether the last scrape could query PostgreSQL (1) or not (0).")
        poolConnections = registry.gauge(
            "circles_database_pool_connections", help: "PostgreSQL pool connections open and lent out.", labels: ["state"])
        poolMaximum = registry.gauge("circles_database_pool_max_connections", help: "The most connections the pool opens.")
        poolMaximum.set(Double(poolSize))
        startTime = registry.gauge("process_start_time_seconds", help: "Start time of the process since the Unix epoch, in seconds.")
        startTime.set(startedAt.timeIntervalSince1970.rounded())
        repliesHandled = registry.counter(
            "circles_replies_handled_total",
            help: "Messages read from the reply mailbox, by outcome: matched, needs_person, refused, duplicate.", labels: ["outcome"])
        for outcome in ["matched", "needs_person", "refused", "duplicate"] { repliesHandled.increment(by: 0, [outcome]) }
        replyAnswers = registry.counter("circles_replies_answers_total", help: "Answers to meetings recorded (changed) from calendar replies.")
        replyAnswers.increment(by: 0)
        replyPolls = registry.counter(
            "circles_replies_polls_total", help: "Polls of the reply mailbox: completed, skipped (another worker read it) or failed.",
            labels: ["result"])
        for result in ["completed", "skipped", "failed"] { replyPolls.increment(by: 0, [result]) }
        replyLastPoll = registry.gauge(
            "circles_replies_last_poll_timestamp_seconds", help: "When this worker last completed a poll of the reply mailbox (Unix time).")
    }

    /// Counts one poll of the reply mailbox (nil: another worker held it).
    func record(replies summary: ReplyMailboxReader.Summary?) {
        guard let summary else {
            replyPolls.increment(["skipped"])
            return
        }
        replyPolls.increment(["completed"])
        replyLastPoll.set(Date().timeIntervalSince1970.rounded())
        repliesHandled.increment(by: Double(summary.matched), ["matched"])
        repliesHandled.increment(by: Double(summary.needsPerson), ["needs_person"])
        repliesHandled.increment(by: Double(summary.refused), ["refused"])
        repliesHandled.increment(by: Double(summary.duplicates), ["duplicate"])
        replyAnswers.increment(by: Double(summary.answers))
    }

    /// Counts one settled reminder; given to the dispatcher as its observer.
    func record(_ kind: ReminderKind, _ outcome: ReminderDispatcher.Outcome) {
        let counter =
            switch outcome {
            case .sent: sent
            case .failed: failed
            case .retried: retried
            case .skipped: skipped
            }
        counter.increment([kind.rawValue])
    }

    /// Counts one scheduling pass and how long it took.
    func record(pass summary: CirclesServices.PassSummary?, duration: Duration) {
        guard let summary else {
            passes.increment(["skipped"])
            return
        }
        passes.increment(["completed"])
        passDuration.observe(duration)
        materialised.increment(by: Double(summary.meetings))
        enqueued.increment(by: Double(summary.reminders))
    }

    /// Reads the outbox and pool gauges, then renders everything for a scrape.
    func scrape(pool: PostgresPool, now: Date = Date()) async -> String {
        let usage = await pool.usage()
        do {
            let depth = try await pool.withConnection { try OutboxStore.depth(now: now, on: $0) }
            outbox.set(Double(depth.pending), ["pending"])
            outbox.set(Double(depth.leased), ["leased"])
            due.set(Double(depth.due))
            oldestDueAge.set(depth.oldestDue.map { max(0, now.timeIntervalSince($0)) } ?? 0)
            databaseUp.set(1)
        } catch {
            // Stale numbers would mislead: drop them until the database answers again.
            outbox.remove(["pending"])
            outbox.remove(["leased"])
            due.remove()
            oldestDueAge.remove()
            databaseUp.set(0)
        }
        // Read before the outbox query borrowed a connection, so the scrape does not count itself.
        poolConnections.set(Double(usage.open), ["open"])
        poolConnections.set(Double(usage.inUse), ["in_use"])
        return registry.render()
    }
}
