import Logging
import Observability
import ServiceLifecycle

/// Tells systemd (`Type=notify`) `READY=1` once the worker is ready, and `STOPPING=1` as soon
/// as graceful shutdown begins. Listed last in the group, so it hears of shutdown first.
/// Does nothing outside systemd (no `NOTIFY_SOCKET`).
struct SystemdReadinessService: Service {
    let notifier: SystemdNotifier
    let health: @Sendable () async -> String?
    let logger: Logger

    func run() async throws {
        guard notifier.isEnabled else {
            try? await gracefulShutdown()
            return
        }
        var wait = Duration.milliseconds(250)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            guard let reason = await health() else {
                notifier.ready(status: "sending reminders")
                logger.debug("told systemd READY=1")
                break
            }
            notifier.status("waiting: \(reason)")
            let pause = wait
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            wait = min(wait * 2, .seconds(5))
        }
        try? await gracefulShutdown()
        notifier.stopping(status: "finishing the batch in flight")
    }
}
