import CirclesServices
import CirclesStore
import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Runs the scheduling pass every interval until graceful shutdown.
struct SchedulingPassService: Service {
    let services: CirclesServices
    let interval: Duration
    let logger: Logger
    var metrics: WorkerMetrics?

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let started = ContinuousClock.now
                let pass = try await services.schedulingPass()
                metrics?.record(pass: pass, duration: started.duration(to: .now))
                FreedMemory.release()
                if let summary = pass {
                    logger.info("scheduling pass", metadata: ["meetings": "\(summary.meetings)", "reminders": "\(summary.reminders)"])
                } else {
                    logger.debug("another worker is running the scheduling pass")
                }
            } catch {
                metrics?.passes.counter(["failed"]).increment()
                // A lost database is survived: the next pass tries again.
                logger.error("scheduling pass failed; retrying next interval", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Sends due reminders until graceful shutdown: drains, then waits until a NOTIFY says
/// something was enqueued or the poll interval passes (polling is the fallback when the
/// listening connection is down). On shutdown it stops claiming; a batch in flight is
/// finished and settled first.
struct DispatchService: Service {
    let dispatcher: ReminderDispatcher
    let database: PostgresConfiguration
    let pollInterval: Duration
    let logger: Logger
    var metrics: WorkerMetrics?

    func run() async throws {
        var failures = 0
        var listener: (connection: PostgresConnection, notifications: PostgresNotifications.Iterator)?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let batch = try await dispatcher.dispatchBatch()
                failures = 0
                guard batch.claimed < dispatcher.batchSize else { continue }
                // Drained: give back what the batches freed before waiting for more.
                if batch.claimed > 0 { FreedMemory.release() }
                if listener == nil { listener = await listen() }
                if let current = listener, try await !waitForWork(current.notifications) {
                    // The listening connection failed: poll until it can be opened again.
                    await current.connection.stopListeningAndClose()
                    listener = nil
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
                } else if listener == nil {
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pollInterval) }
                }
            } catch {
                // Back off while the database or the network is away; nothing claimed is lost:
                // its lease expires and it is claimed again.
                failures += 1
                metrics?.dispatchErrors.increment()
                let wait = Duration.seconds(min(60, 1 << min(failures, 6)))
                logger.error("dispatch failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(wait)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            }
        }
        await listener?.connection.stopListeningAndClose()
    }

    /// A dedicated connection listening for enqueued reminders, or nil (then we poll).
    private func listen() async -> (PostgresConnection, PostgresNotifications.Iterator)? {
        do {
            let connection = try await PostgresConnection.connect(database, logger: logger)
            let notifications = try await connection.notifications(channels: [OutboxStore.notificationChannel])
            return (connection, notifications.makeAsyncIterator())
        } catch {
            logger.warning("cannot listen for new reminders; polling instead", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Waits for a notification or the poll interval; false when the listener failed.
    private func waitForWork(_ notifications: PostgresNotifications.Iterator) async throws -> Bool {
        let interval = pollInterval
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = notifications
                do {
                    _ = try await iterator.next()
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                return true
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
    }
}
