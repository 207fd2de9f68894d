import CirclesConfiguration
import CirclesServices
import Foundation
import Mail
import Observability
import Postgres
import ReplyReading

/// The worker's settings, taken from `CirclesSettings` (flags → `CIRCLES_…` environment →
/// YAML file → defaults; see config/circles.example.yaml).
struct WorkerConfiguration: Sendable {
    var databaseURL: String
    /// `smtp://…`, `smtps://…`, or `file:///path` for a development sink that writes `.eml` files.
    var mailURL: String
    /// The sender, e.g. `Circles <circles@council.example>`.
    var sender: Mailbox
    /// The domain for Message-IDs and calendar UIDs (default: the sender's).
    var mailDomain: String
    /// Where people stop reminders (an https page); used in List-Unsubscribe.
    var unsubscribeURL: String
    var passInterval: Duration = .seconds(60)
    var pollInterval: Duration = .seconds(5)
    var batchSize = 50
    var lease: Duration = .seconds(300)
    var horizonDays = 90
    var poolSize = 4
    /// Meeting and workshop notes older than this many days are removed; nil keeps them (the default).
    var notesRetentionDays: Int?
    /// Sent, failed and cancelled reminders older than this many days are deleted.
    var outboxRetentionDays = 30
    /// How often notes retention and outbox pruning run.
    var housekeepingInterval: Duration = .seconds(3_600)
    /// Where `/metrics` and `/health/…` are served (`CIRCLES_METRICS_ADDRESS`, host:port); nil: not served.
    var metricsAddress: ListenAddress?

    /// The reply mailbox, when calendar replies are read (`mail.replies.imapURL`); nil otherwise.
    var replies: ReplyMailboxSettings?
    /// How often the reply mailbox is read.
    var repliesPollInterval: Duration = .seconds(60)

    /// How temporarily failed mail is tried again.
    var retry: RetryPolicy = .default
    /// Everything else (reminder defaults, retention, log, metrics).
    var settings: CirclesSettings

    /// The worker's view of validated settings; fails when the database or mail URL is not set.
    init(settings: CirclesSettings) throws {
        // Report both missing URLs at once.
        var problems: [ConfigurationError.Problem] = []
        do throws(ConfigurationError) { _ = try settings.database.requiredURL() } catch { problems += error.problems }
        do throws(ConfigurationError) { _ = try settings.mail.requiredSMTPURL() } catch { problems += error.problems }
        guard problems.isEmpty else { throw ConfigurationError(problems) }
        self.databaseURL = try settings.database.requiredURL()
        self.mailURL = try settings.mail.requiredSMTPURL()
        self.sender = settings.mail.from
        self.mailDomain = settings.mail.domain
        self.unsubscribeURL = settings.mail.unsubscribeURL
        self.passInterval = settings.worker.passInterval
        self.pollInterval = settings.worker.pollInterval
        self.batchSize = settings.worker.batchSize
        self.lease = settings.worker.lease
        self.horizonDays = settings.worker.horizonDays
        self.poolSize = settings.database.poolSize
        self.retry = try settings.worker.retry.policy
        self.settings = settings
        self.notesRetentionDays = settings.retention.notesDays
        self.outboxRetentionDays = settings.retention.outboxDays
        self.metricsAddress = settings.metrics.address.map { ListenAddress(host: $0.host, port: $0.port) }
        self.repliesPollInterval = settings.replies.pollInterval
        if let imap = settings.replies.imap {
            guard let policy = AuthenticationPolicy(rawValue: settings.replies.authentication) else {
                throw WorkerConfigurationError("mail.replies.authentication: \(settings.replies.authentication) is not a policy")
            }
            self.replies = ReplyMailboxSettings(
                imap: imap, address: settings.replies.address, domain: settings.mail.domain,
                processedFolder: settings.replies.processedFolder, needsPersonFolder: settings.replies.needsPersonFolder,
                authentication: policy, authservID: settings.replies.authservID)
        }
    }

    /// Reads flags, the environment and the configuration file; every error names its key and what it accepts.
    static func load(
        flags: [String: String] = [:], configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> (WorkerConfiguration, LoadedSettings) {
        let loaded = try await CirclesSettings.load(
            SettingsSources(flags: flags, environment: environment, configPath: configPath))
        return (try WorkerConfiguration(settings: loaded.settings), loaded)
    }

    /// The transport the mail URL names.
    func makeTransport() throws -> any MailTransport {
        if mailURL.hasPrefix("file://") {
            let path = String(mailURL.dropFirst("file://".count))
            guard path.hasPrefix("/") else {
                throw WorkerConfigurationError("mail.smtpURL: a file sink needs an absolute path, e.g. file:///var/spool/circles")
            }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return FileSinkTransport(directory: path)
        }
        return SMTPTransport(configuration: try SMTPConfiguration(url: mailURL))
    }
}

/// A setting the worker cannot start with.
struct WorkerConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
