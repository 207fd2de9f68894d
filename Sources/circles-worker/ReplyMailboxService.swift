import CirclesServices
import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Reads the reply mailbox every poll interval until graceful shutdown; a poll in progress
/// finishes its batch first. A failed poll (mailbox or database away) is logged and tried again.
struct ReplyMailboxService: Service {
    let reader: ReplyMailboxReader
    let interval: Duration
    let logger: Logger
    var metrics: WorkerMetrics?

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let summary = try await reader.poll()
                metrics?.record(replies: summary)
            } catch {
                metrics?.replyPolls.counter(["failed"]).increment()
                logger.error("reading the reply mailbox failed; retrying next interval", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

extension ReplyMailboxReader {
    /// The reader for the worker's settings, with the test hook `CIRCLES_TEST_REPLIES_PAUSE_BEFORE_MOVE=1`:
    /// after a batch is recorded and before it is moved, say so on standard error and wait for ever
    /// (the reliability test kills the process there with SIGKILL).
    static func make(_ pool: PostgresPool, settings: ReplyMailboxSettings, logger: Logger) -> ReplyMailboxReader {
        var reader = ReplyMailboxReader(pool: pool, settings: settings, logger: logger)
        if ProcessInfo.processInfo.environment["CIRCLES_TEST_REPLIES_PAUSE_BEFORE_MOVE"] == "1" {
            reader.beforeMove = {
                FileHandle.standardError.write(Data("replies: recorded, paused before the move\n".utf8))
                while true { try? await Task.sleep(for: .seconds(3_600)) }
            }
        }
        return reader
    }
}
