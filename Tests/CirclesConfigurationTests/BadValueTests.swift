import CirclesConfiguration
import Foundation
import Testing

/// One bad value for a key, and a word of what the message must say was wrong.
struct BadValue: Sendable, CustomTestStringConvertible {
    let key: String
    let value: String
    let complaint: String

    var testDescription: String { "\(key)=\(value)" }

    static let all: [BadValue] = [
        .init(key: "database.url", value: "nonsense", complaint: "not a PostgreSQL URL"),
        .init(key: "database.poolSize", value: "1", complaint: "out of range"),
        .init(key: "database.sslRootCert", value: "relative/ca.pem", complaint: "not an absolute path"),
        .init(key: "mail.smtpURL", value: "http://mail.example", complaint: "scheme"),
        .init(key: "mail.from", value: "not an address", complaint: "not a sender"),
        .init(key: "mail.domain", value: "bad domain!", complaint: "not a host name"),
        .init(key: "mail.unsubscribeURL", value: "ftp://x.example/u", complaint: "not an http or https URL"),
        .init(key: "mail.replies.imapURL", value: "http://x.example/INBOX", complaint: "scheme"),
        .init(key: "mail.replies.address", value: "circles+x@example.org", complaint: "not a plain address"),
        .init(key: "mail.replies.pollInterval", value: "1s", complaint: "out of range"),
        .init(key: "mail.replies.processedFolder", value: "Done*", complaint: "printable ASCII only"),
        .init(key: "mail.replies.needsPersonFolder", value: "Look%", complaint: "printable ASCII only"),
        .init(key: "mail.replies.authentication", value: "always", complaint: "not recognised"),
        .init(key: "mail.replies.authservID", value: "mx example", complaint: "not a host name"),
        .init(key: "reminders.offsets", value: "2w", complaint: "not a list of reminder offsets"),
        .init(key: "reminders.facilitatorOffsets", value: "31d", complaint: "at most 30 days"),
        .init(key: "worker.horizonDays", value: "0", complaint: "out of range"),
        .init(key: "worker.passInterval", value: "soon", complaint: "not a duration"),
        .init(key: "worker.pollInterval", value: "2h", complaint: "out of range"),
        .init(key: "worker.batchSize", value: "0", complaint: "out of range"),
        .init(key: "worker.lease", value: "5s", complaint: "out of range"),
        .init(key: "worker.retry.maxAttempts", value: "many", complaint: "not a whole number"),
        .init(key: "worker.retry.baseDelay", value: "0s", complaint: "out of range"),
        .init(key: "worker.retry.maxDelay", value: "8d", complaint: "out of range"),
        .init(key: "retention.notesDays", value: "7", complaint: "out of range"),
        .init(key: "retention.outboxDays", value: "99999", complaint: "out of range"),
        .init(key: "cli.statementTimeout", value: "never", complaint: "not a duration"),
        .init(key: "cli.idleInTransactionTimeout", value: "2d", complaint: "out of range"),
        .init(key: "log.level", value: "verbose", complaint: "not recognised"),
        .init(key: "log.format", value: "xml", complaint: "not recognised"),
        .init(key: "metrics.address", value: "localhost", complaint: "no port"),
        .init(key: "web.listen", value: "localhost", complaint: "no port"),
        .init(key: "web.publicURL", value: "ftp://x.example/circles", complaint: "not an http or https URL"),
        .init(key: "web.signingKeys", value: "1:c2hvcnQgc2VjcmV0", complaint: "at least 32 are needed"),
        .init(key: "web.metricsAddress", value: "localhost", complaint: "no port"),
        .init(key: "web.rateLimits", value: "sometimes", complaint: "not recognised"),
        .init(key: "web.requestHeadTimeout", value: "10m", complaint: "out of range"),
    ]
}

@Suite("bad values: each message names the key, the value and what is accepted")
struct BadValueTests {
    @Test("the table covers every key of the catalogue")
    func coversEveryKey() {
        #expect(Set(BadValue.all.map(\.key)) == Set(SettingKey.all.map(\.name)))
    }

    @Test("a bad value in the environment is refused with the key, the variable and the accepted values", arguments: BadValue.all)
    func fromEnvironment(_ bad: BadValue) async throws {
        let key = try #require(SettingKey.named(bad.key))
        let error = try #require(try await loadError(environment: [key.environment: bad.value], in: Scratch()))
        #expect(error.problems.count == 1)
        let message = error.description
        #expect(message.contains("\(bad.key): "))
        #expect(message.contains(bad.complaint))
        #expect(message.contains("accepted: \(key.accepted)"))
        #expect(message.contains("(from \(key.environment))"))
        #expect(message.contains(bad.value) != key.isSecret, "secrets are never repeated; other values are")
    }

    @Test("a bad value in the file is refused naming the file and the line", arguments: BadValue.all)
    func fromFile(_ bad: BadValue) async throws {
        let scratch = try Scratch()
        let error = try #require(try await loadError(file: yaml([bad.key: bad.value]), in: scratch))
        let message = error.description
        #expect(message.contains("\(bad.key): "))
        #expect(message.contains(bad.complaint))
        #expect(message.contains("circles.yaml line "))
    }

    @Test("a maximum retry delay below the base delay is refused naming both keys")
    func retryDelaysInOrder() async throws {
        let error = try #require(
            try await loadError(
                environment: ["CIRCLES_RETRY_BASE_DELAY_SECONDS": "2h", "CIRCLES_RETRY_MAX_DELAY_SECONDS": "1h"], in: Scratch()))
        #expect(error.description.contains("worker.retry.maxDelay: 1h is less than worker.retry.baseDelay (2h)"))
    }

    @Test("a filing folder that is the folder being read is refused (INBOX in any case), naming the key and the folder")
    func filingIntoTheReadFolder() async throws {
        let error = try #require(
            try await loadError(
                environment: ["CIRCLES_REPLIES_IMAP_URL": "imaps://circles:secret@imap.example/INBOX", "CIRCLES_REPLIES_PROCESSED_FOLDER": "inbox"],
                in: Scratch()))
        #expect(error.description.contains("mail.replies.processedFolder"), "\(error)")
        #expect(error.description.contains("is the folder mail.replies.imapURL reads (INBOX)"), "\(error)")
        let other = try #require(
            try await loadError(
                environment: ["CIRCLES_REPLIES_IMAP_URL": "imaps://circles:secret@imap.example/Replies", "CIRCLES_REPLIES_NEEDS_PERSON_FOLDER": "Replies"],
                in: Scratch()))
        #expect(other.description.contains("mail.replies.needsPersonFolder"), "\(other)")
        #expect(try await loadError(
            environment: ["CIRCLES_REPLIES_IMAP_URL": "imaps://circles:secret@imap.example/Replies", "CIRCLES_REPLIES_PROCESSED_FOLDER": "replies"],
            in: Scratch()) == nil, "only INBOX is the same in any case")
    }

    @Test("every problem is reported at once, not only the first")
    func allProblemsAtOnce() async throws {
        let error = try #require(
            try await loadError(
                flags: ["worker.batchsize": "3"],
                environment: ["CIRCLES_BATCH_SIZE": "0", "CIRCLES_LOG_FORMAT": "xml"],
                file: "worker:\n  horizonDays: 0\n", in: Scratch()))
        #expect(error.problems.map(\.key) == ["worker.batchsize", "worker.horizonDays", "worker.batchSize", "log.format"])
        #expect(error.description.hasPrefix("invalid configuration (4 problems):"))
    }

    @Test("an unknown --set key suggests the key that was probably meant")
    func unknownFlag() async throws {
        let error = try #require(try await loadError(flags: ["worker.batchsize": "3"], in: Scratch()))
        #expect(error.description.contains("worker.batchsize: unknown key; did you mean worker.batchSize? (from --set)"))
    }

    @Test("--set without = is refused with an example")
    func assignmentWithoutEquals() throws {
        var sources = SettingsSources(environment: [:])
        #expect(throws: ConfigurationError.self) { try sources.addAssignments(["worker.batchSize"]) }
        try sources.addAssignments(["log.level=debug", "database.url=postgres://u@h/db?x=1"])
        #expect(sources.flags == ["log.level": "debug", "database.url": "postgres://u@h/db?x=1"])
    }
}

@Suite("configuration files: unknown keys, syntax errors and missing files")
struct FileTests {
    @Test("an unknown key is an error naming it, its line and the key probably meant")
    func unknownKeyWithSuggestion() async throws {
        let error = try #require(try await loadError(file: "worker:\n  batchSise: 10\n", in: Scratch()))
        #expect(error.problems.count == 1)
        #expect(error.description.contains("worker.batchSise: unknown key; did you mean worker.batchSize?"))
        #expect(error.description.contains("circles.yaml line 2"))
    }

    @Test("an unknown key far from any other lists the accepted keys of its section")
    func unknownKeyListsSection() async throws {
        let error = try #require(try await loadError(file: "log:\n  destination: syslog\n", in: Scratch()))
        #expect(error.description.contains("log.destination: unknown key; accepted keys in log: log.level, log.format"))
    }

    @Test("an unknown section lists the accepted sections")
    func unknownSection() async throws {
        let error = try #require(try await loadError(file: "http:\n  port: 8080\n", in: Scratch()))
        #expect(error.description.contains("http: unknown key; accepted sections: database, mail, reminders, worker, retention, cli, log, metrics"))
    }

    @Test("dotted keys at the top level are read like nested ones")
    func dottedKeys() async throws {
        let loaded = try await load(file: "worker.batchSize: 99\n", in: Scratch())
        #expect(loaded.settings.worker.batchSize == 99)
    }

    @Test("a missing file given with --config is an error naming the path")
    func missingFile() async throws {
        let scratch = try Scratch()
        let error = try #require(try await loadError(configPath: scratch.missing, in: scratch))
        #expect(error.description.contains("\(scratch.missing): no such configuration file"))
    }

    @Test("a YAML syntax error names the line and does not echo the file")
    func syntaxError() async throws {
        let text = "database:\n  url: postgres://u:hunter2@db/circles\nworker:\n  batchSize: [1, 2\n"
        let error = try #require(try await loadError(file: text, in: Scratch()))
        #expect(error.description.contains("line 5") || error.description.contains("line 4"))
        #expect(error.description.contains("YAML syntax error"))
        #expect(!error.description.contains("hunter2"))
    }

    @Test("a list, an empty value or a section where a value belongs are errors naming the key")
    func wrongShapes() async throws {
        let text = "reminders:\n  offsets: [2d, 1h]\nworker:\n  batchSize:\nlog:\n  level:\n    name: info\n"
        let error = try #require(try await loadError(file: text, in: Scratch()))
        #expect(error.problems.map(\.key) == ["reminders.offsets", "worker.batchSize", "log.level"])
        #expect(error.problems[0].message.contains("is a list"))
        #expect(error.problems[1].message.contains("has no value"))
        #expect(error.problems[2].message.contains("is a single value, not a section"))
    }

    @Test("an empty file means all defaults")
    func emptyFile() async throws {
        let loaded = try await load(file: "", in: Scratch())
        #expect(loaded.settings.worker.batchSize == 50)
    }

    @Test("the example file documents every key and validates")
    func exampleFile() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("config/circles.example.yaml").path
        let loaded = try await CirclesSettings.load(SettingsSources(environment: [:], configPath: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in SettingKey.all {
            #expect(text.contains(key.environment), "the example names \(key.environment)")
            let leaf = String(key.name.split(separator: ".").last ?? "")
            #expect(text.contains("\(leaf):"), "the example has \(key.name)")
            if key.defaultValue != nil {
                #expect(loaded.source(of: key.name).kind == "file", "the example sets \(key.name)")
            }
        }
    }
}
