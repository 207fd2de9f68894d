import CirclesServices
import Foundation
import Logging
import ServiceLifecycle

/// Runs the scheduling pass every interval until graceful shutdown.
struct SchedulingPassService: Service {
    let services: CirclesServices
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let summary = try await services.schedulingPass() {
                    logger.info("scheduling pass", metadata: ["meetings": "\(summary.meetings)", "reminders": "\(summary.reminders)"])
                } else {
                    logger.debug("another worker is running the scheduling pass")
                }
            } catch {
                // A lost database is survived: the next pass tries again.
                logger.error("scheduling pass failed; retrying next interval", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Sends due reminders until graceful shutdown: drains, then waits for the poll interval.
/// On shutdown it stops claiming; a batch in flight is finished and settled first.
struct DispatchService: Service {
    let dispatcher: ReminderDispatcher
    let pollInterval: Duration
    let logger: Logger

    func run() async throws {
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let batch = try await dispatcher.dispatchBatch()
                failures = 0
                if batch.claimed < dispatcher.batchSize {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
                }
            } catch {
                // Back off while the database or the network is away; nothing claimed is lost:
                // its lease expires and it is claimed again.
                failures += 1
                let wait = Duration.seconds(min(60, 1 << min(failures, 6)))
                logger.error("dispatch failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(wait)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            }
        }
    }
}
