import CirclesDomain
import CirclesLogging
import Logging
import LinkTokens
import Mail

/// Every setting of `circles` and `circles-worker`, typed and validated.
///
/// Read with `CirclesSettings.load(_:)` from, in order of precedence: command-line flags, the
/// environment (`CIRCLES_…`), a YAML file (`--config PATH`, else `/etc/circles/circles.yaml` if
/// present) and the built-in defaults. `config/circles.example.yaml` documents every key.
public struct CirclesSettings: Sendable {
    /// Where the data lives.
    public struct Database: Sendable {
        /// A PostgreSQL URL or conninfo; holds a password, so never printed as given. Nil when not configured.
        public var url: String?
        /// Connections the worker keeps open (the CLI uses two).
        public var poolSize: Int
        /// CA certificates for `sslmode=verify-full`, added to the URL as `sslrootcert`.
        public var sslRootCert: String?

        /// The URL with `sslRootCert` applied, or an error saying how to configure one.
        public func requiredURL() throws(ConfigurationError) -> String {
            guard let url else {
                throw ConfigurationError([
                    .init(key: SettingKey.databaseURL, "is not set; set CIRCLES_DATABASE_URL, pass --database-url, or give database.url in the configuration file")
                ])
            }
            guard let sslRootCert else { return url }
            return ConnectionText.adding(parameter: "sslrootcert", value: sslRootCert, to: url)
        }
    }

    /// How reminder mail leaves.
    public struct Mail: Sendable {
        /// `smtp://…`, `smtps://…` or `file:///dir`; may hold a password. Nil when not configured.
        public var smtpURL: String?
        /// The sender, with its display name.
        public var from: Mailbox
        /// The domain of Message-IDs and calendar UIDs.
        public var domain: String
        /// Where people stop reminders (List-Unsubscribe).
        public var unsubscribeURL: String

        /// The mail URL, or an error saying how to configure one.
        public func requiredSMTPURL() throws(ConfigurationError) -> String {
            guard let smtpURL else {
                throw ConfigurationError([
                    .init(key: SettingKey.mailSMTPURL, "is not set; set CIRCLES_SMTP_URL or give mail.smtpURL in the configuration file")
                ])
            }
            return smtpURL
        }
    }

    /// Reading calendar replies (`mail.replies.*`); off unless an IMAP URL is set.
    public struct Replies: Sendable {
        /// The mailbox replies arrive in; nil when replies are not read (the default).
        public var imap: IMAPConfiguration?
        /// The address that mailbox receives (`circles@…`); invitations name `circles+<token>@…`.
        public var address: String
        /// How often the worker reads it.
        public var pollInterval: Duration
        /// Where handled replies are filed.
        public var processedFolder: String
        /// Where everything else goes, for a person.
        public var needsPersonFolder: String
        /// What Authentication-Results must say: record, dkim, spf, dkim-or-spf or dmarc.
        public var authentication: String
        /// The receiving server's authserv-id: only Authentication-Results naming it count; nil: the topmost.
        public var authservID: String?
    }

    /// The reminders a new series gets unless its request says otherwise.
    public struct Reminders: Sendable {
        /// Everyone's reminders (`reminders.offsets`, default 2d,1h).
        public var offsets: ReminderOffsets
        /// The facilitator's extra, earlier reminders (`reminders.facilitatorOffsets`, default 3d).
        public var facilitatorOffsets: ReminderOffsets
    }

    /// The worker's rhythm.
    public struct Worker: Sendable {
        /// How often a failed mail is tried again.
        public struct Retry: Sendable {
            /// Attempts in all, the first included.
            public var maxAttempts: Int
            /// The ceiling of the first wait.
            public var baseDelay: Duration
            /// The largest ceiling (at least `baseDelay`).
            public var maxDelay: Duration

            /// The dispatcher's policy.
            public var policy: RetryPolicy {
                get throws { try RetryPolicy(base: baseDelay, cap: maxDelay, maxAttempts: maxAttempts) }
            }
        }

        /// How far ahead meetings are materialised.
        public var horizonDays: Int
        /// How often the scheduling pass runs.
        public var passInterval: Duration
        /// How often the dispatcher polls when no notification wakes it.
        public var pollInterval: Duration
        /// Reminders claimed per batch.
        public var batchSize: Int
        /// How long a claim holds before other workers may take it over.
        public var lease: Duration
        /// Back-off for temporarily failed mail.
        public var retry: Retry
    }

    /// How long data is kept before the housekeeping removes it.
    public struct Retention: Sendable {
        /// Meeting and workshop notes (personal data) are removed this many days after; nil keeps them.
        public var notesDays: Int?
        /// Sent, failed and cancelled outbox rows are deleted this many days after they settled.
        public var outboxDays: Int
    }

    /// Limits on the database sessions of `circles` commands, so that abandoned work stops.
    public struct CLI: Sendable {
        /// The longest one statement may run (`statement_timeout`); nil means no limit.
        public var statementTimeout: Duration?
        /// The longest a session may sit idle inside a transaction (`idle_in_transaction_session_timeout`),
        /// e.g. a stopped process holding locks; nil means no limit.
        public var idleInTransactionTimeout: Duration?
    }

    /// Log level and line format.
    public struct Log: Sendable {
        /// The lowest level written.
        public var level: Logger.Level
        /// text, json or logfmt.
        public var format: LogFormat

        /// As `CirclesLogging` takes them.
        public var logging: CirclesLogging.Settings { .init(level: level, format: format) }
    }

    /// The Prometheus endpoint.
    public struct Metrics: Sendable {
        /// Host and port to listen on, or nil when metrics are off (the default).
        public var address: (host: String, port: Int)?
    }

    /// circles-web: where it listens, the address people reach it at, and the link keys it shares
    /// with the worker (which signs the links it mails).
    public struct Web: Sendable {
        /// Host and port of the public listener (behind a reverse proxy).
        public var listen: (host: String, port: Int)
        /// The https URL people reach circles-web at; links in mail start with it.
        public var publicURL: String
        /// The link keys (the first signs); nil when links are off, and mail carries no response links.
        public var signingKeys: LinkKeyring?
        /// Host and port of the separate health and metrics listener, or nil when off.
        public var metricsAddress: (host: String, port: Int)?
        /// Whether the per-address and per-token rate limits apply (off only for load tests).
        public var rateLimits = true
        /// Time for a request head on the public listener, from its first byte, and then for its body.
        public var requestHeadTimeout: Duration = .seconds(10)
    }

    /// `database.*`
    public var database: Database
    /// `mail.*`
    public var mail: Mail
    /// `mail.replies.*`
    public var replies: Replies
    /// `reminders.*`
    public var reminders: Reminders
    /// `worker.*`
    public var worker: Worker
    /// `retention.*`
    public var retention: Retention
    /// `cli.*`
    public var cli: CLI
    /// `log.*`
    public var log: Log
    /// `metrics.*`
    public var metrics: Metrics
    /// `web.*`
    public var web: Web
}
