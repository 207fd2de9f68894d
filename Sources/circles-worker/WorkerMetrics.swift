import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Observability
import Postgres
import Prometheus

/// The worker's metrics: counters moved as work happens, gauges read from the database and
/// the pool when Prometheus scrapes. Kept in a swift-prometheus registry (the same one the
/// swift-metrics API reports to in this process) and rendered by it.
final class WorkerMetrics: Sendable {
    /// One metric family: its name, HELP text and label names; a sample per label values.
    struct Family: Sendable {
        let registry: PrometheusCollectorRegistry
        let name: String
        let help: String
        let labels: [String]

        /// The counter for these label values (created at 0 on first use).
        func counter(_ values: [String] = []) -> Prometheus.Counter {
            registry.makeCounter(descriptor: WorkerMetrics.descriptor(name, help), labels: zipped(values))
        }

        /// The gauge for these label values.
        func gauge(_ values: [String] = []) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: WorkerMetrics.descriptor(name, help), labels: zipped(values))
        }

        /// Drops the gauge sample for these values, so a scrape shows no stale number.
        func removeGauge(_ values: [String] = []) {
            registry.unregisterGauge(gauge(values))
        }

        private func zipped(_ values: [String]) -> [(String, String)] {
            precondition(values.count == labels.count, "\(name) takes labels \(labels)")
            return Array(zip(labels, values))
        }
    }

    let registry: PrometheusCollectorRegistry
    let sent: Family
    let failed: Family
    let retried: Family
    let skipped: Family
    let passes: Family
    let materialised: Prometheus.Counter
    let enqueued: Prometheus.Counter
    let dispatchErrors: Prometheus.Counter
    let passDuration: DurationHistogram
    let mailMessages: Family
    let outbox: Family
    let due: Family
    let oldestDueAge: Family
    let databaseUp: Prometheus.Gauge
    let poolConnections: Family
    private let mailDurationHelp = "Time to hand one batch to the mail transport over one session: connect, TLS, every message, QUIT."
    private static let mailBuckets: [Duration] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60].map { .seconds($0) }

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), poolSize: Int, startedAt: Date = Date()) {
        self.registry = registry
        func family(_ name: String, _ help: String, _ labels: [String] = []) -> Family {
            Family(registry: registry, name: name, help: help, labels: labels)
        }
        sent = family("circles_reminders_sent_total", "Reminders delivered to the mail relay, by kind.", ["kind"])
        failed = family(
            "circles_reminders_failed_total",
            "Reminders that failed for good: permanent refusal, retries given up, or mail that could not be composed.", ["kind"])
        retried = family("circles_reminders_retried_total", "Temporary delivery failures put back to be tried again, by kind.", ["kind"])
        skipped = family(
            "circles_reminders_skipped_total",
            "Claimed reminders cancelled instead of sent (meeting cancelled or moved, recipient opted out), by kind.", ["kind"])
        for reminderKind in ReminderKind.allCases {
            for counter in [sent, failed, retried, skipped] { _ = counter.counter([reminderKind.rawValue]) }
        }
        outbox = family("circles_outbox_reminders", "Reminders in the outbox's live states, at scrape time.", ["state"])
        due = family("circles_outbox_due_reminders", "Pending reminders whose time has come, at scrape time.")
        oldestDueAge = family("circles_outbox_oldest_due_age_seconds", "How long the oldest due reminder has been waiting (0 when none is due).")
        passDuration = registry.makeDurationHistogram(
            descriptor: Self.descriptor("circles_scheduling_pass_duration_seconds", "Duration of scheduling passes this worker ran (horizon and enqueue)."), labels: [],
            buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120].map { .seconds($0) })
        passes = family("circles_scheduling_passes_total", "Scheduling passes: completed, skipped (another worker held the lock) or failed.", ["result"])
        for result in ["completed", "skipped", "failed"] { _ = passes.counter([result]) }
        materialised = registry.makeCounter(descriptor: Self.descriptor("circles_scheduling_meetings_materialised_total", "Meetings materialised by scheduling passes."))
        enqueued = registry.makeCounter(descriptor: Self.descriptor("circles_scheduling_reminders_enqueued_total", "Reminders enqueued by scheduling passes."))
        dispatchErrors = registry.makeCounter(
            descriptor: Self.descriptor("circles_dispatch_errors_total", "Dispatch loop iterations that failed (database or network away) and backed off."))
        mailMessages = family("circles_mail_messages_total", "Messages handed to the mail transport, by transport and result.", ["transport", "result"])
        databaseUp = registry.makeGauge(descriptor: Self.descriptor("circles_database_up", "Whether the last scrape could query PostgreSQL (1) or not (0)."))
        poolConnections = family("circles_database_pool_connections", "PostgreSQL pool connections open and lent out.", ["state"])
        registry.makeGauge(descriptor: Self.descriptor("circles_database_pool_max_connections", "The most connections the pool opens.")).set(Double(poolSize))
        registry.makeGauge(descriptor: Self.descriptor("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds."))
            .set(startedAt.timeIntervalSince1970.rounded())
    }

    /// A full metric name with its HELP text, as swift-prometheus takes them.
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// The SMTP (or file) batch latency histogram for one transport.
    func mailDuration(_ transport: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: Self.descriptor("circles_mail_send_duration_seconds", mailDurationHelp), labels: [("transport", transport)],
            buckets: Self.mailBuckets)
    }

    /// Shows the transport's latency histogram and message counters from the start, at 0.
    func prepare(transport: String) {
        _ = mailDuration(transport)
        for result in ["delivered", "temporary_failure", "permanent_failure"] { _ = mailMessages.counter([transport, result]) }
    }

    /// Counts one settled reminder; given to the dispatcher as its observer.
    func record(_ kind: ReminderKind, _ outcome: ReminderDispatcher.Outcome) {
        let family =
            switch outcome {
            case .sent: sent
            case .failed: failed
            case .retried: retried
            case .skipped: skipped
            }
        family.counter([kind.rawValue]).increment()
    }

    /// Counts one scheduling pass and how long it took.
    func record(pass summary: CirclesServices.PassSummary?, duration: Duration) {
        guard let summary else {
            passes.counter(["skipped"]).increment()
            return
        }
        passes.counter(["completed"]).increment()
        passDuration.record(duration)
        materialised.increment(by: Int64(summary.meetings))
        enqueued.increment(by: Int64(summary.reminders))
    }

    /// Reads the outbox and pool gauges, then renders everything for a scrape.
    func scrape(pool: PostgresPool, now: Date = Date()) async -> [UInt8] {
        let usage = await pool.usage()
        do {
            let depth = try await pool.withConnection { try OutboxStore.depth(now: now, on: $0) }
            outbox.gauge(["pending"]).set(Double(depth.pending))
            outbox.gauge(["leased"]).set(Double(depth.leased))
            due.gauge().set(Double(depth.due))
            oldestDueAge.gauge().set(depth.oldestDue.map { max(0, now.timeIntervalSince($0)) } ?? 0)
            databaseUp.set(to: 1)
        } catch {
            // Stale numbers would mislead: drop them until the database answers again.
            outbox.removeGauge(["pending"])
            outbox.removeGauge(["leased"])
            due.removeGauge()
            oldestDueAge.removeGauge()
            databaseUp.set(to: 0)
        }
        // Read before the outbox query borrowed a connection, so the scrape does not count itself.
        poolConnections.gauge(["open"]).set(Double(usage.open))
        poolConnections.gauge(["in_use"]).set(Double(usage.inUse))
        return registry.emitToBuffer()
    }
}
