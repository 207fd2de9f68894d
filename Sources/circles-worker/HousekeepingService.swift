import CirclesServices
import Logging
import ServiceLifecycle

/// Removes expired meeting notes and prunes finished reminders from the outbox, at start and
/// then every interval, until graceful shutdown. Each batch is its own short transaction, so
/// stopping mid-run loses nothing: the next run carries on where this one stopped.
struct HousekeepingService: Service {
    let services: CirclesServices
    /// Notes older than this many days go; nil keeps notes.
    let notesRetentionDays: Int?
    /// Finished reminders older than this many days go.
    let outboxRetentionDays: Int
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await runOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One run; failures are logged and the next interval tries again.
    @discardableResult
    func runOnce() async -> CirclesServices.HousekeepingSummary? {
        do {
            let summary = try await services.housekeeping(notesRetentionDays: notesRetentionDays, outboxRetentionDays: outboxRetentionDays)
            logger.info(
                "housekeeping", metadata: ["notes.removed": "\(summary.notesRemoved)", "reminders.pruned": "\(summary.remindersPruned)"])
            return summary
        } catch {
            logger.error("housekeeping failed; retrying next interval", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
