import ArgumentParser
import CirclesConfiguration
import CirclesLogging
import CirclesServices
import CirclesWeb
import Foundation
import Hummingbird
import Logging
import Observability
import Postgres
import Prometheus
import ServiceLifecycle

/// `circles-web`: serves response and unsubscribe pages until SIGTERM or SIGINT.
struct WebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circles-web",
        abstract: "Serve the pages behind the signed links in Circles' mail: answers to meetings and unsubscribe.",
        discussion: """
            Configuration comes from flags (--set key=value), then CIRCLES_… environment variables, then
            the YAML file (--config PATH, else $CIRCLES_CONFIG, else /etc/circles/circles.yaml if present),
            then built-in defaults; config/circles.example.yaml documents every key. The essentials:
            CIRCLES_DATABASE_URL, CIRCLES_WEB_SIGNING_KEYS (the same keys circles-worker signs links with),
            CIRCLES_WEB_PUBLIC_URL (the https address people reach this at), CIRCLES_WEB_LISTEN (host:port,
            default 127.0.0.1:8080). web.metricsAddress (off, or e.g. 127.0.0.1:9465) serves /metrics,
            /health/live and /health/ready on a separate listener, as circles-worker does.

            Stateless: run as many as you like behind a reverse proxy that terminates TLS.

            Examples:
              circles-web
              circles-web --set web.listen=0.0.0.0:8080
            """)

    @Option(help: ArgumentHelp("YAML configuration file (default: $CIRCLES_CONFIG, else /etc/circles/circles.yaml if present).", valueName: "path"))
    var config: String?
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override one configuration key, e.g. web.listen=0.0.0.0:8080 (repeatable).", valueName: "key=value"))
    var assignments: [String] = []

    func run() async throws {
        var sources = SettingsSources(environment: [:])
        try sources.addAssignments(assignments)
        let loaded = try await CirclesSettings.load(
            SettingsSources(flags: sources.flags, environment: ProcessInfo.processInfo.environment, configPath: config))
        let configuration = try WebConfiguration(settings: loaded.settings)
        CirclesLogging.configure(configuration.settings.log.logging)
        let logger = Logger(label: "circles.web")
        logger.info("configuration", metadata: loaded.logMetadata)
        var database = try PostgresConfiguration(configuration.databaseURL, applicationName: "circles-web")
        // Every request is a few milliseconds of work: one stuck behind a lock or a stalled server
        // ends, and its connection comes back, rather than holding a person's page for ever
        // (a statement_timeout in the URL wins).
        if database.statementTimeout == nil { database.statementTimeout = "15s" }
        if database.idleInTransactionTimeout == nil { database.idleInTransactionTimeout = "30s" }
        let pool = PostgresPool(
            database, maximumConnections: configuration.poolSize, acquisitionTimeout: .seconds(10), logger: logger)
        let services = CirclesServices(pool: pool, horizonDays: configuration.settings.worker.horizonDays)
        // Feed revalidations from memory, kept true by the database's change notices.
        let feedCache = FeedValidatorCache()
        let web = WebApplication(configuration: configuration, services: services, feedCache: feedCache, logger: logger)
        let listen = configuration.listen
        var group: [ServiceGroupConfiguration.ServiceConfiguration] = [
            // Its own application name (with our process id), so an operator can tell it in pg_stat_activity.
            .init(service: FeedChangeListener(
                database: try PostgresConfiguration(
                    configuration.databaseURL, applicationName: "circles-web feeds \(ProcessInfo.processInfo.processIdentifier)"),
                cache: feedCache, logger: logger))
        ]
        if let address = configuration.metricsAddress {
            // The same operations listener as the worker's: /metrics, /health/live, /health/ready.
            let registry = PrometheusCollectorRegistry()
            MetricsBootstrap.bootstrap(registry)
            group.append(.init(service: OperationsServer(
                address: ListenAddress(host: address.host, port: address.port), metrics: { registry.emitToBuffer() },
                readiness: { await WebHealth.notReadyReason(pool: pool) }, logger: logger,
                onListening: { bound in
                    // Tests and scripts read this line to find a port picked with :0.
                    FileHandle.standardOutput.write(Data("circles-web health checks on \(bound)\n".utf8))
                })))
        }
        group.append(.init(service: web.application { channel in
            // Tests and scripts read this line to find a port picked with :0.
            let port = channel.localAddress?.port ?? listen.port
            logger.info("circles-web listening", metadata: ["address": "\(listen.host):\(port)"])
            FileHandle.standardOutput.write(Data("circles-web listening on \(listen.host):\(port)\n".utf8))
        }))
        let serviceGroup = ServiceGroup(configuration: .init(services: group, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
        await pool.close()
        logger.info("circles-web stopped")
    }

    /// Bootstraps logging once, then runs the command; configuration errors exit 1 with the message.
    static func start() async {
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
