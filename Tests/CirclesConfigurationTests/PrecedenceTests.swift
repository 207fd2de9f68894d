import CirclesConfiguration
import Foundation
import Testing

/// Three distinct valid values per key, written as `config check` shows them.
struct KeyValues: Sendable, CustomTestStringConvertible {
    let key: String
    let flag: String
    let environment: String
    let file: String

    var testDescription: String { key }

    static let all: [KeyValues] = [
        .init(key: "database.url", flag: "postgres://a@h1/db", environment: "postgres://b@h2/db", file: "postgres://c@h3/db"),
        .init(key: "database.poolSize", flag: "5", environment: "6", file: "7"),
        .init(key: "database.sslRootCert", flag: "@scratch/a.pem", environment: "@scratch/b.pem", file: "@scratch/c.pem"),
        .init(key: "mail.smtpURL", flag: "smtp://h1.example:25", environment: "smtps://h2.example:465", file: "file:///var/spool/c"),
        .init(key: "mail.from", flag: "Circles <a@x.example>", environment: "Team B <b@x.example>", file: "Team C <c@x.example>"),
        .init(key: "mail.domain", flag: "a.example", environment: "b.example", file: "c.example"),
        .init(
            key: "mail.unsubscribeURL", flag: "https://a.example/u", environment: "https://b.example/u",
            file: "http://c.example/u"),
        .init(
            key: "mail.replies.imapURL", flag: "imaps://a:***@h1.example/INBOX", environment: "imap://b:***@127.0.0.1:1143/INBOX",
            file: "imaps://c:***@h3.example:994/Replies"),
        .init(key: "mail.replies.address", flag: "a@x.example", environment: "b@x.example", file: "c@x.example"),
        .init(key: "mail.replies.pollInterval", flag: "10s", environment: "20s", file: "30s"),
        .init(key: "mail.replies.processedFolder", flag: "Done/A", environment: "Done/B", file: "Done/C"),
        .init(key: "mail.replies.needsPersonFolder", flag: "Look/A", environment: "Look/B", file: "Look/C"),
        .init(key: "mail.replies.authentication", flag: "dkim", environment: "spf", file: "dmarc"),
        .init(key: "mail.replies.authservID", flag: "mx1.example", environment: "mx2.example", file: "mx3.example"),
        .init(key: "reminders.offsets", flag: "1d", environment: "2d,30m", file: "3d,1h"),
        .init(key: "reminders.facilitatorOffsets", flag: "4d", environment: "5d", file: "6d"),
        .init(key: "worker.horizonDays", flag: "10", environment: "20", file: "30"),
        .init(key: "worker.passInterval", flag: "10s", environment: "20s", file: "30s"),
        .init(key: "worker.pollInterval", flag: "1s", environment: "2s", file: "3s"),
        .init(key: "worker.batchSize", flag: "10", environment: "20", file: "30"),
        .init(key: "worker.lease", flag: "11s", environment: "12s", file: "13s"),
        .init(key: "worker.retry.maxAttempts", flag: "2", environment: "3", file: "4"),
        .init(key: "worker.retry.baseDelay", flag: "2s", environment: "3s", file: "4s"),
        .init(key: "worker.retry.maxDelay", flag: "2h", environment: "3h", file: "4h"),
        .init(key: "retention.notesDays", flag: "31", environment: "32", file: "33"),
        .init(key: "retention.outboxDays", flag: "4", environment: "5", file: "6"),
        .init(key: "cli.statementTimeout", flag: "1m", environment: "2m", file: "off"),
        .init(key: "cli.idleInTransactionTimeout", flag: "10s", environment: "20s", file: "30s"),
        .init(key: "log.level", flag: "debug", environment: "notice", file: "error"),
        .init(key: "log.format", flag: "json", environment: "logfmt", file: "text"),
        .init(key: "metrics.address", flag: "127.0.0.1:9001", environment: "[::1]:9002", file: "0.0.0.0:9003"),
        .init(key: "web.listen", flag: "127.0.0.1:8001", environment: "[::1]:8002", file: "0.0.0.0:8003"),
        .init(
            key: "web.publicURL", flag: "https://a.example/circles", environment: "https://b.example/c",
            file: "http://c.example/"),
        .init(key: "web.signingKeys", flag: "1:" + String(repeating: "B", count: 44), environment: "2:" + String(repeating: "C", count: 44), file: "3:" + String(repeating: "D", count: 44)),
        .init(key: "web.metricsAddress", flag: "127.0.0.1:9101", environment: "[::1]:9102", file: "off"),
        .init(key: "web.rateLimits", flag: "off", environment: "on", file: "off"),
        .init(key: "web.requestHeadTimeout", flag: "5s", environment: "20s", file: "30s"),
    ]

    /// The value as `config check` shows it: signing keys redacted, with their count and signing key.
    static func shown(_ key: String, _ value: String) -> String {
        guard key == "web.signingKeys" else { return value }
        return "[redacted] (1 key, signing with key \(value.prefix(while: { $0 != ":" })))"
    }
}

@Suite("configuration precedence: flag, then environment, then file, then default")
struct PrecedenceTests {
    @Test("the table covers every key of the catalogue")
    func coversEveryKey() {
        #expect(KeyValues.all.map(\.key) == SettingKey.all.map(\.name))
    }

    @Test("for every key, a flag beats the environment, which beats the file, which beats the default", arguments: KeyValues.all)
    func precedence(_ values: KeyValues) async throws {
        let scratch = try Scratch()
        func resolve(_ text: String) throws -> String {
            guard text.hasPrefix("@scratch/") else { return text }
            return try scratch.write(String(text.dropFirst("@scratch/".count)), "-----BEGIN CERTIFICATE-----\n")
        }
        let flag = try resolve(values.flag)
        let environment = try resolve(values.environment)
        let file = try resolve(values.file)
        let key = try #require(SettingKey.named(values.key))
        let fileText = yaml([values.key: file])

        let all = try await load(
            flags: [values.key: flag], environment: [key.environment: environment], file: fileText, in: scratch)
        #expect(all.entry(values.key)?.value == KeyValues.shown(values.key, flag))
        #expect(all.entry(values.key)?.source == .flag)

        let environmentAndFile = try await load(environment: [key.environment: environment], file: fileText, in: scratch)
        #expect(environmentAndFile.entry(values.key)?.value == KeyValues.shown(values.key, environment))
        #expect(environmentAndFile.entry(values.key)?.source == .environment(key.environment))

        let fileOnly = try await load(file: fileText, in: scratch)
        #expect(fileOnly.entry(values.key)?.value == KeyValues.shown(values.key, file))
        #expect(fileOnly.entry(values.key)?.source.kind == "file")

        let none = try await load(in: scratch)
        let expected: Set<String> = key.defaultValue == nil ? ["unset", "derived"] : ["default"]
        #expect(expected.contains(none.entry(values.key)?.source.kind ?? "?"))
    }

    @Test("an empty environment variable counts as unset, so the file's value is used")
    func emptyEnvironmentIsUnset() async throws {
        let scratch = try Scratch()
        let loaded = try await load(
            environment: ["CIRCLES_BATCH_SIZE": ""], file: yaml(["worker.batchSize": "70"]), in: scratch)
        #expect(loaded.settings.worker.batchSize == 70)
    }

    @Test("the built-in defaults are those of the worker until now")
    func defaults() async throws {
        let loaded = try await load(in: Scratch())
        let settings = loaded.settings
        #expect(settings.database.url == nil)
        #expect(settings.database.poolSize == 4)
        #expect(settings.mail.from.address == "circles@localhost.localdomain")
        #expect(settings.mail.domain == "localhost.localdomain")
        #expect(settings.mail.unsubscribeURL == "https://localhost.localdomain/circles/unsubscribe")
        #expect(settings.reminders.offsets.minutes == [2880, 60])
        #expect(settings.reminders.facilitatorOffsets.minutes == [4320])
        #expect(settings.worker.passInterval == .seconds(60))
        #expect(settings.worker.pollInterval == .seconds(5))
        #expect(settings.worker.batchSize == 50)
        #expect(settings.worker.lease == .seconds(300))
        #expect(settings.worker.horizonDays == 90)
        #expect(settings.worker.retry.maxAttempts == 8)
        #expect(settings.worker.retry.baseDelay == .seconds(60))
        #expect(settings.worker.retry.maxDelay == .seconds(3600))
        #expect(settings.log.level == .info)
        #expect(settings.log.format == .text)
        #expect(settings.metrics.address == nil)
    }

    @Test("the mail domain and unsubscribe URL follow the sender unless set")
    func derivedMailSettings() async throws {
        let loaded = try await load(environment: ["CIRCLES_MAIL_FROM": "Care Team <care@council.example>"], in: Scratch())
        #expect(loaded.settings.mail.from.displayName == "Care Team")
        #expect(loaded.settings.mail.domain == "council.example")
        #expect(loaded.settings.mail.unsubscribeURL == "https://council.example/circles/unsubscribe")
        #expect(loaded.entry("mail.domain")?.source == .derived(from: "mail.from"))
    }

    @Test("a bare number is seconds for the existing *_SECONDS variables")
    func bareSeconds() async throws {
        let loaded = try await load(
            environment: ["CIRCLES_PASS_INTERVAL_SECONDS": "1", "CIRCLES_POLL_INTERVAL_SECONDS": "2", "CIRCLES_LEASE_SECONDS": "30"],
            in: Scratch())
        #expect(loaded.settings.worker.passInterval == .seconds(1))
        #expect(loaded.settings.worker.pollInterval == .seconds(2))
        #expect(loaded.settings.worker.lease == .seconds(30))
    }

    @Test("CIRCLES_CONFIG names the file when --config does not; the default path is read when it exists")
    func fileLocation() async throws {
        let scratch = try Scratch()
        let named = try scratch.write("named.yaml", yaml(["worker.batchSize": "11"]))
        let viaEnvironment = try await CirclesSettings.load(
            SettingsSources(environment: ["CIRCLES_CONFIG": named], defaultPath: scratch.missing))
        #expect(viaEnvironment.settings.worker.batchSize == 11)
        #expect(viaEnvironment.file == named)

        let fallback = try scratch.write("default.yaml", yaml(["worker.batchSize": "12"]))
        let viaDefault = try await CirclesSettings.load(SettingsSources(environment: [:], defaultPath: fallback))
        #expect(viaDefault.settings.worker.batchSize == 12)

        let absent = try await CirclesSettings.load(SettingsSources(environment: [:], defaultPath: scratch.missing))
        #expect(absent.file == nil)
        #expect(absent.settings.worker.batchSize == 50)
    }

    @Test("database.sslRootCert is added to the URL as sslrootcert")
    func sslRootCert() async throws {
        let scratch = try Scratch()
        let pem = try scratch.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let loaded = try await load(
            environment: ["CIRCLES_DATABASE_URL": "postgres://u@db/circles?sslmode=verify-full", "CIRCLES_DATABASE_SSL_ROOT_CERT": pem],
            in: scratch)
        #expect(try loaded.settings.database.requiredURL() == "postgres://u@db/circles?sslmode=verify-full&sslrootcert=\(pem)")
    }
}
