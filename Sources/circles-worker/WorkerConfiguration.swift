import Foundation
import Mail
import Observability
import Postgres

/// The worker's settings, from the environment (`CIRCLES_…`), with documented defaults.
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

    /// Reads the environment; every error names the variable and what it accepts.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WorkerConfiguration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func positive(_ name: String, _ fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw WorkerConfigurationError("\(name)=\(text): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        guard let database = value("CIRCLES_DATABASE_URL") else {
            throw WorkerConfigurationError("CIRCLES_DATABASE_URL is not set: expected postgres://user@host:5432/circles")
        }
        guard let mail = value("CIRCLES_SMTP_URL") else {
            throw WorkerConfigurationError("CIRCLES_SMTP_URL is not set: expected smtp://user:pass@host:587, smtps://host:465 or file:///var/spool/circles")
        }
        let senderText = value("CIRCLES_MAIL_FROM") ?? "circles@localhost.localdomain"
        let sender = try parseSender(senderText)
        let domain = value("CIRCLES_MAIL_DOMAIN") ?? String(sender.address.split(separator: "@").last ?? "localhost.localdomain")
        var configuration = WorkerConfiguration(
            databaseURL: database, mailURL: mail, sender: sender, mailDomain: domain,
            unsubscribeURL: value("CIRCLES_UNSUBSCRIBE_URL") ?? "https://\(domain)/circles/unsubscribe")
        configuration.passInterval = .seconds(try positive("CIRCLES_PASS_INTERVAL_SECONDS", 60, range: 1...86_400))
        configuration.pollInterval = .seconds(try positive("CIRCLES_POLL_INTERVAL_SECONDS", 5, range: 1...3_600))
        configuration.batchSize = try positive("CIRCLES_BATCH_SIZE", 50, range: 1...1_000)
        configuration.lease = .seconds(try positive("CIRCLES_LEASE_SECONDS", 300, range: 10...86_400))
        configuration.horizonDays = try positive("CIRCLES_HORIZON_DAYS", 90, range: 1...730)
        configuration.poolSize = try positive("CIRCLES_DATABASE_POOL_SIZE", 4, range: 2...64)
        if let notes = value("CIRCLES_NOTES_RETENTION_DAYS"), notes.lowercased() != "off" {
            configuration.notesRetentionDays = try positive("CIRCLES_NOTES_RETENTION_DAYS", 0, range: 30...36_500)
        }
        configuration.outboxRetentionDays = try positive("CIRCLES_OUTBOX_RETENTION_DAYS", 30, range: 1...3_650)
        if let address = value("CIRCLES_METRICS_ADDRESS") {
            do {
                configuration.metricsAddress = try ListenAddress(parsing: address)
            } catch {
                throw WorkerConfigurationError("CIRCLES_METRICS_ADDRESS=\(error)")
            }
        }
        return configuration
    }

    /// `Name <address>` or a bare address.
    static func parseSender(_ text: String) throws -> Mailbox {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        do {
            if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
                let name = trimmed[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
                return try Mailbox(address, displayName: name.isEmpty ? nil : name)
            }
            return try Mailbox(trimmed, displayName: "Circles")
        } catch {
            throw WorkerConfigurationError("CIRCLES_MAIL_FROM=\(text): \(error); expected e.g. Circles <circles@council.example>")
        }
    }

    /// The transport the mail URL names.
    func makeTransport() throws -> any MailTransport {
        if mailURL.hasPrefix("file://") {
            let path = String(mailURL.dropFirst("file://".count))
            guard path.hasPrefix("/") else {
                throw WorkerConfigurationError("CIRCLES_SMTP_URL=\(mailURL): a file sink needs an absolute path, e.g. file:///var/spool/circles")
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
