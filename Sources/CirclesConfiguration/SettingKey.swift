/// One documented configuration key: its dotted name in the file, its environment variable,
/// its default and what it accepts. `SettingKey.all` is the whole catalogue; the YAML example,
/// `circles config check` and every error message are written from it.
public struct SettingKey: Sendable, Hashable {
    /// The dotted key, e.g. `worker.batchSize` (in YAML: `worker:` then `batchSize:`).
    public let name: String
    /// The environment variable, e.g. `CIRCLES_BATCH_SIZE`.
    public let environment: String
    /// The built-in default as it would be written, or nil when there is none (or it is derived).
    public let defaultValue: String?
    /// What the key accepts, in words, for error messages.
    public let accepted: String
    /// Whether the value may hold a password: it is then never printed or logged as given.
    public let isSecret: Bool

    init(_ name: String, env: String, default defaultValue: String?, accepts accepted: String, secret: Bool = false) {
        self.name = name
        self.environment = env
        self.defaultValue = defaultValue
        self.accepted = accepted
        self.isSecret = secret
    }

    /// The key's first part, e.g. `worker`.
    public var section: String { String(name.split(separator: ".").first ?? "") }
}

extension SettingKey {
    static let databaseURL = SettingKey(
        "database.url", env: "CIRCLES_DATABASE_URL", default: nil,
        accepts: "a PostgreSQL URL such as postgres://user:password@host:5432/circles or a conninfo such as host=… dbname=…",
        secret: true)
    static let databasePoolSize = SettingKey(
        "database.poolSize", env: "CIRCLES_DATABASE_POOL_SIZE", default: "4", accepts: Accepted.wholeNumber(2...64))
    static let databaseSSLRootCert = SettingKey(
        "database.sslRootCert", env: "CIRCLES_DATABASE_SSL_ROOT_CERT", default: nil,
        accepts: "the absolute path of a readable PEM file of the CA certificates that signed the server's")
    static let mailSMTPURL = SettingKey(
        "mail.smtpURL", env: "CIRCLES_SMTP_URL", default: nil,
        accepts: "smtp://user:password@host:587, smtps://host:465, or file:///absolute/dir for a development sink",
        secret: true)
    static let mailFrom = SettingKey(
        "mail.from", env: "CIRCLES_MAIL_FROM", default: "Circles <circles@localhost.localdomain>",
        accepts: "a sender such as Circles <circles@council.example> or a bare address (then named Circles)")
    static let mailDomain = SettingKey(
        "mail.domain", env: "CIRCLES_MAIL_DOMAIN", default: nil,
        accepts: "a host name such as council.example (default: the sender's domain)")
    static let mailUnsubscribeURL = SettingKey(
        "mail.unsubscribeURL", env: "CIRCLES_UNSUBSCRIBE_URL", default: nil,
        accepts: "an http or https URL (default: https://DOMAIN/circles/unsubscribe)")
    static let repliesIMAPURL = SettingKey(
        "mail.replies.imapURL", env: "CIRCLES_REPLIES_IMAP_URL", default: "off",
        accepts: "off, or the mailbox calendar replies arrive in: imaps://user:password@host/INBOX or imap://user:password@host:143/INBOX",
        secret: true)
    static let repliesAddress = SettingKey(
        "mail.replies.address", env: "CIRCLES_REPLIES_ADDRESS", default: nil,
        accepts: "the address that mailbox receives, such as circles@council.example, whose plus addresses (circles+token@…) reach it too (default: mail.from's address)")
    static let repliesPollInterval = SettingKey(
        "mail.replies.pollInterval", env: "CIRCLES_REPLIES_POLL_INTERVAL", default: "1m",
        accepts: Accepted.duration(5...86_400))
    static let repliesProcessedFolder = SettingKey(
        "mail.replies.processedFolder", env: "CIRCLES_REPLIES_PROCESSED_FOLDER", default: "Circles/Processed",
        accepts: "an IMAP folder name (printable ASCII without \" \\ * %, at most 200 characters); created if missing")
    static let repliesNeedsPersonFolder = SettingKey(
        "mail.replies.needsPersonFolder", env: "CIRCLES_REPLIES_NEEDS_PERSON_FOLDER", default: "Circles/Needs a person",
        accepts: "an IMAP folder name (printable ASCII without \" \\ * %, at most 200 characters), different from the processed one; created if missing")
    static let repliesAuthentication = SettingKey(
        "mail.replies.authentication", env: "CIRCLES_REPLIES_AUTHENTICATION", default: "record",
        accepts: "one of record (keep the receiving server's Authentication-Results, believe every matched token), dkim, spf, dkim-or-spf, dmarc (that one must pass)")
    static let repliesAuthservID = SettingKey(
        "mail.replies.authservID", env: "CIRCLES_REPLIES_AUTHSERV_ID", default: "any",
        accepts: "any (the topmost Authentication-Results counts), or the authserv-id your receiving server writes, such as mx.council.example (only a header naming it counts, so one a sender forged with another name is ignored)")
    static let remindersOffsets = SettingKey(
        "reminders.offsets", env: "CIRCLES_REMINDER_OFFSETS", default: "2d,1h",
        accepts: "a list such as 2d,1h or 30m: up to ten offsets of days, hours or minutes before, each at most 30d")
    static let remindersFacilitatorOffsets = SettingKey(
        "reminders.facilitatorOffsets", env: "CIRCLES_FACILITATOR_REMINDER_OFFSETS", default: "3d",
        accepts: "a list such as 3d or 4d,2d: up to ten offsets of days, hours or minutes before, each at most 30d")
    static let workerHorizonDays = SettingKey(
        "worker.horizonDays", env: "CIRCLES_HORIZON_DAYS", default: "90", accepts: Accepted.wholeNumber(1...730))
    static let workerPassInterval = SettingKey(
        "worker.passInterval", env: "CIRCLES_PASS_INTERVAL_SECONDS", default: "60s",
        accepts: Accepted.duration(1...86_400))
    static let workerPollInterval = SettingKey(
        "worker.pollInterval", env: "CIRCLES_POLL_INTERVAL_SECONDS", default: "5s",
        accepts: Accepted.duration(1...3_600))
    static let workerBatchSize = SettingKey(
        "worker.batchSize", env: "CIRCLES_BATCH_SIZE", default: "50", accepts: Accepted.wholeNumber(1...1_000))
    static let workerLease = SettingKey(
        "worker.lease", env: "CIRCLES_LEASE_SECONDS", default: "5m", accepts: Accepted.duration(10...86_400))
    static let retryMaxAttempts = SettingKey(
        "worker.retry.maxAttempts", env: "CIRCLES_RETRY_MAX_ATTEMPTS", default: "8",
        accepts: Accepted.wholeNumber(1...100))
    static let retryBaseDelay = SettingKey(
        "worker.retry.baseDelay", env: "CIRCLES_RETRY_BASE_DELAY_SECONDS", default: "1m",
        accepts: Accepted.duration(1...86_400))
    static let retryMaxDelay = SettingKey(
        "worker.retry.maxDelay", env: "CIRCLES_RETRY_MAX_DELAY_SECONDS", default: "1h",
        accepts: Accepted.duration(1...604_800) + ", and at least worker.retry.baseDelay")
    static let retentionNotesDays = SettingKey(
        "retention.notesDays", env: "CIRCLES_NOTES_RETENTION_DAYS", default: "off",
        accepts: "off, or " + Accepted.wholeNumber(30...36_500))
    static let retentionOutboxDays = SettingKey(
        "retention.outboxDays", env: "CIRCLES_OUTBOX_RETENTION_DAYS", default: "30",
        accepts: Accepted.wholeNumber(1...3_650))
    static let cliStatementTimeout = SettingKey(
        "cli.statementTimeout", env: "CIRCLES_CLI_STATEMENT_TIMEOUT", default: "5m",
        accepts: "off, or " + Accepted.duration(1...86_400))
    static let cliIdleInTransactionTimeout = SettingKey(
        "cli.idleInTransactionTimeout", env: "CIRCLES_CLI_IDLE_IN_TRANSACTION_TIMEOUT", default: "1m",
        accepts: "off, or " + Accepted.duration(1...86_400))
    static let logLevel = SettingKey(
        "log.level", env: "CIRCLES_LOG_LEVEL", default: "info",
        accepts: "one of trace, debug, info, notice, warning, error, critical")
    static let logFormat = SettingKey(
        "log.format", env: "CIRCLES_LOG_FORMAT", default: "text", accepts: "one of text, json, logfmt")
    static let metricsAddress = SettingKey(
        "metrics.address", env: "CIRCLES_METRICS_ADDRESS", default: "off",
        accepts: "off, or host:port such as 127.0.0.1:9464 or [::1]:9464 (port 0 to 65535; 0 picks a free one)")

    static let webListen = SettingKey(
        "web.listen", env: "CIRCLES_WEB_LISTEN", default: "127.0.0.1:8080",
        accepts: "host:port such as 127.0.0.1:8080 or [::]:8080 (port 0 to 65535; 0 picks a free one)")
    static let webPublicURL = SettingKey(
        "web.publicURL", env: "CIRCLES_WEB_PUBLIC_URL", default: nil,
        accepts: "the https URL people reach circles-web at, such as https://council.example/circles (default: https://DOMAIN/circles)")
    static let webSigningKeys = SettingKey(
        "web.signingKeys", env: "CIRCLES_WEB_SIGNING_KEYS", default: nil,
        accepts: "off, or keys as ID:BASE64SECRET[,ID:BASE64SECRET…], ID 0 to 255 and each secret at least 32 bytes (openssl rand -base64 32); the first signs, all verify",
        secret: true)
    static let webMetricsAddress = SettingKey(
        "web.metricsAddress", env: "CIRCLES_WEB_METRICS_ADDRESS", default: "off",
        accepts: "off, or host:port such as 127.0.0.1:9465 for circles-web's /health/live, /health/ready and /metrics (port 0 to 65535)")
    static let webRateLimits = SettingKey(
        "web.rateLimits", env: "CIRCLES_WEB_RATE_LIMITS", default: "on",
        accepts: "on, or off (only for a load test, or behind a proxy that limits requests itself)")
    static let webRequestHeadTimeout = SettingKey(
        "web.requestHeadTimeout", env: "CIRCLES_WEB_REQUEST_HEAD_TIMEOUT", default: "10s",
        accepts: Accepted.duration(1...300))

    /// Every key, in the order the example file and `config check` list them.
    public static let all: [SettingKey] = [
        databaseURL, databasePoolSize, databaseSSLRootCert,
        mailSMTPURL, mailFrom, mailDomain, mailUnsubscribeURL,
        repliesIMAPURL, repliesAddress, repliesPollInterval, repliesProcessedFolder, repliesNeedsPersonFolder, repliesAuthentication,
        repliesAuthservID,
        remindersOffsets, remindersFacilitatorOffsets,
        workerHorizonDays, workerPassInterval, workerPollInterval, workerBatchSize, workerLease,
        retryMaxAttempts, retryBaseDelay, retryMaxDelay,
        retentionNotesDays, retentionOutboxDays,
        cliStatementTimeout, cliIdleInTransactionTimeout,
        logLevel, logFormat, metricsAddress,
        webListen, webPublicURL, webSigningKeys, webMetricsAddress, webRateLimits, webRequestHeadTimeout,
    ]

    /// The key named `name`, if there is one.
    public static func named(_ name: String) -> SettingKey? { all.first { $0.name == name } }
}

/// Phrases for what a key accepts.
enum Accepted {
    static func wholeNumber(_ range: ClosedRange<Int>) -> String {
        "a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    static func duration(_ seconds: ClosedRange<Int>) -> String {
        "a duration such as 90s, 5m, 2h or 1d (a bare number is seconds) from "
            + "\(DurationText.format(seconds.lowerBound)) to \(DurationText.format(seconds.upperBound))"
    }
}
