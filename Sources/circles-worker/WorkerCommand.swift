import ArgumentParser
import CirclesConfiguration
import CirclesLogging
import CirclesServices
import Foundation
import Logging
import Observability
import Postgres
import ServiceLifecycle

/// `circles-worker`: the daemon that keeps meetings materialised and reminders flowing.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-worker",
        abstract: "Send Circles' meeting reminders reliably: never lost, never doubled, with several workers at once.",
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",  // named, not derived: deriving scans every conformance in the binary (see CirclesCommand)
            abstract: "Run the scheduling pass and the dispatcher until SIGTERM or SIGINT (or once, for cron).",
            discussion: """
                Configuration comes from flags (--set key=value), then CIRCLES_… environment variables,
                then the YAML file (--config PATH, else $CIRCLES_CONFIG, else /etc/circles/circles.yaml if
                present), then built-in defaults; config/circles.example.yaml documents every key and its
                variable. The essentials: CIRCLES_DATABASE_URL, CIRCLES_SMTP_URL (smtp://user:pass@host:587,
                smtps://host:465, or file:///dir for .eml files), CIRCLES_MAIL_FROM. Check a configuration
                with `circles config check`.
                Housekeeping: retention.notesDays (off; 30 or more removes older meeting and workshop notes)
                and retention.outboxDays (30; sent, failed and cancelled reminders older than this are
                deleted), hourly. metrics.address (CIRCLES_METRICS_ADDRESS; off, or e.g. 127.0.0.1:9464)
                serves /metrics, /health/live and /health/ready, not with --once. Under systemd with
                Type=notify it reports READY=1 once the database answers and its migrations are current.
                Calendar replies: mail.replies.imapURL (CIRCLES_REPLIES_IMAP_URL; off by default) names the
                mailbox calendars' Accept/Decline/Tentative replies arrive in; the worker reads it every
                mail.replies.pollInterval, and once with --once, and records the answers.

                Several workers may run at once, on one machine or many: reminders are claimed with
                leases, and a worker that dies mid-batch leaves its reminders to the others once the
                lease expires.

                Examples:
                  circles-worker run
                  circles-worker run --once      # one pass and one drain, e.g. from a systemd timer
                """)

        @Flag(help: "Run one scheduling pass and send what is due, then exit.") var once = false
        @Option(help: "Name of this worker in leases (default: host name and process id).") var name: String?
        @Option(help: ArgumentHelp("YAML configuration file (default: $CIRCLES_CONFIG, else /etc/circles/circles.yaml if present).", valueName: "path"))
        var config: String?
        @Option(
            name: .customLong("set"),
            help: ArgumentHelp("Override one configuration key, e.g. worker.batchSize=100 (repeatable).", valueName: "key=value"))
        var assignments: [String] = []

        func run() async throws {
            FreedMemory.limitArenas()
            var sources = SettingsSources(environment: [:])
            try sources.addAssignments(assignments)
            let (configuration, loaded) = try await WorkerConfiguration.load(flags: sources.flags, configPath: config)
            CirclesLogging.configure(configuration.settings.log.logging)
            var logger = Logger(label: "circles.worker")
            logger[metadataKey: "worker"] = "\(workerName)"
            logger.info("configuration", metadata: loaded.logMetadata)
            let database = try PostgresConfiguration(configuration.databaseURL, applicationName: "circles-worker")
            let pool = PostgresPool(database, maximumConnections: configuration.poolSize, logger: logger)
            var services = CirclesServices(pool: pool, horizonDays: configuration.horizonDays)
            services.defaultReminders = configuration.settings.reminders.offsets
            services.facilitatorReminders = configuration.settings.reminders.facilitatorOffsets
            let metrics = once ? nil : configuration.metricsAddress.map { _ in WorkerMetrics(poolSize: configuration.poolSize) }
            // Anything reporting through the swift-metrics API lands on the same /metrics.
            if let metrics { MetricsBootstrap.bootstrap(metrics.registry) }
            var transport = try configuration.makeTransport()
            if let metrics {
                let name = configuration.mailURL.hasPrefix("file://") ? "file" : "smtp"
                transport = InstrumentedTransport(base: transport, name: name, metrics: metrics)
                metrics.prepare(transport: name)
            }
            var dispatcher = ReminderDispatcher(
                pool: pool, transport: transport, holder: workerName,
                batchSize: configuration.batchSize, lease: configuration.lease, retry: configuration.retry, logger: logger,
                compose: try WorkerComposer.make(configuration))
            if let metrics {
                dispatcher.observer = { kind, outcome in metrics.record(kind, outcome) }
            }
            dispatcher.replyAddress = configuration.replies?.address
            let replies = configuration.replies.map { ReplyMailboxReader.make(pool, settings: $0, logger: logger) }
            if once {
                do {
                    let pass = try await services.schedulingPass()
                    let sent = try await dispatcher.drain()
                    print("pass: \(pass.map { "\($0.meetings) meetings, \($0.reminders) reminders enqueued" } ?? "skipped (another worker holds it)"); "
                        + "sent \(sent.sent), retrying \(sent.retried), failed \(sent.failed), skipped \(sent.skipped)")
                    let housekeeping = try await services.housekeeping(
                        notesRetentionDays: configuration.notesRetentionDays, outboxRetentionDays: configuration.outboxRetentionDays)
                    print("housekeeping: \(housekeeping.notesRemoved) notes removed, \(housekeeping.remindersPruned) reminders pruned")
                    if let replies {
                        let read = try await replies.poll()
                        print(read.map { "replies: \($0.handled) read, \($0.matched) matched, \($0.needsPerson) need a person, "
                            + "\($0.refused) refused, \($0.duplicates) duplicates, \($0.answers) answers recorded" }
                            ?? "replies: skipped (another worker is reading the mailbox)")
                    }
                    await pool.close()
                } catch {
                    await pool.close()
                    throw error
                }
                return
            }
            // Graceful shutdown runs in reverse order: systemd hears STOPPING=1 first, the dispatcher
            // finishes its batch, and the health endpoints answer until the very end.
            var group: [ServiceGroupConfiguration.ServiceConfiguration] = []
            if let metrics, let address = configuration.metricsAddress {
                group.append(.init(service: OperationsServer(
                    address: address, metrics: { await metrics.scrape(pool: pool) },
                    readiness: { await WorkerHealth.notReadyReason(pool: pool) }, logger: logger)))
            }
            group.append(.init(service: SchedulingPassService(
                services: services, interval: configuration.passInterval, logger: logger, metrics: metrics)))
            group.append(.init(service: DispatchService(
                dispatcher: dispatcher, database: database, pollInterval: configuration.pollInterval, logger: logger, metrics: metrics)))
            if let replies {
                group.append(.init(service: ReplyMailboxService(
                    reader: replies, interval: configuration.repliesPollInterval, logger: logger, metrics: metrics)))
            }
            group.append(.init(service: HousekeepingService(
                services: services, notesRetentionDays: configuration.notesRetentionDays,
                outboxRetentionDays: configuration.outboxRetentionDays, interval: configuration.housekeepingInterval, logger: logger)))
            group.append(.init(
                service: SystemdReadinessService(
                    notifier: SystemdNotifier(environment: ProcessInfo.processInfo.environment),
                    health: { await WorkerHealth.notReadyReason(pool: pool) }, logger: logger),
                successTerminationBehavior: .ignore))
            let serviceGroup = ServiceGroup(
                configuration: .init(services: group, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            logger.info("circles-worker started", metadata: ["batch.size": "\(configuration.batchSize)"])
            try await serviceGroup.run()
            await pool.close()
            logger.info("circles-worker stopped")
        }

        var workerName: String {
            name ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        }
    }

    /// Bootstraps logging once, then runs the command; configuration errors exit 1 with the message.
    static func start() async {
        // Until the settings are read (log.level, log.format), log at info as text.
        CirclesLogging.bootstrap(.init(level: .info, format: .text))
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(withError: ExitCode(1))
        }
    }
}
