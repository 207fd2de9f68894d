import CirclesDomain
import CirclesLogging
import Foundation
import Logging
import LinkTokens
import Mail
import Postgres

/// The raw value and source of every key, turned into typed settings with one problem per bad key.
struct SettingReadings {
    private var raw: [String: (value: String?, source: SettingSource)] = [:]
    private var shown: [String: (value: String?, source: SettingSource)] = [:]

    mutating func record(_ key: SettingKey, value: String?, source: SettingSource) {
        raw[key.name] = (value, source)
    }

    /// The typed settings, or nil with `problems` filled when any key is bad.
    mutating func settings(problems: inout [ConfigurationError.Problem]) -> CirclesSettings? {
        var check = Checker(raw: raw)
        let databaseURL = check.postgresURL(.databaseURL)
        let poolSize = check.wholeNumber(.databasePoolSize, 2...64)
        let sslRootCert = check.readableFile(.databaseSSLRootCert)
        let smtpURL = check.mailURL(.mailSMTPURL)
        let from = check.sender(.mailFrom)
        let domain = check.hostName(.mailDomain, derived: from.map { String($0.address.split(separator: "@").last ?? "") })
        let unsubscribe = check.webURL(.mailUnsubscribeURL, derived: domain.map { "https://\($0)/circles/unsubscribe" })
        let imap = check.imapURL(.repliesIMAPURL)
        let replyAddress = check.address(.repliesAddress, derived: from?.address)
        let repliesPoll = check.duration(.repliesPollInterval, 5...86_400)
        var processed = check.folder(.repliesProcessedFolder)
        var needsPerson = check.folder(.repliesNeedsPersonFolder)
        if let processed, let folder = needsPerson, folder == processed {
            check.problem(.repliesNeedsPersonFolder, "is the same folder as mail.replies.processedFolder; accepted: \(SettingKey.repliesNeedsPersonFolder.accepted)")
            needsPerson = nil
        }
        // Filing a message into the folder being read would read it again, for ever (INBOX is
        // the same folder in any case, RFC 3501 §5.1).
        if let read = imap?.configuration?.mailbox {
            func isRead(_ folder: String) -> Bool { folder == read || (folder.uppercased() == "INBOX" && read.uppercased() == "INBOX") }
            for (key, folder) in [(SettingKey.repliesProcessedFolder, processed), (.repliesNeedsPersonFolder, needsPerson)] {
                guard let folder, isRead(folder) else { continue }
                check.problem(key, "is the folder mail.replies.imapURL reads (\(read)); accepted: \(key.accepted)")
                if key == .repliesProcessedFolder { processed = nil } else { needsPerson = nil }
            }
        }
        let policy = check.choice(.repliesAuthentication, ["record", "dkim", "spf", "dkim-or-spf", "dmarc"])
        let authservID = check.anyOrHostName(.repliesAuthservID)
        let offsets = check.offsets(.remindersOffsets)
        let facilitatorOffsets = check.offsets(.remindersFacilitatorOffsets)
        let horizon = check.wholeNumber(.workerHorizonDays, 1...730)
        let pass = check.duration(.workerPassInterval, 1...86_400)
        let poll = check.duration(.workerPollInterval, 1...3_600)
        let batch = check.wholeNumber(.workerBatchSize, 1...1_000)
        let lease = check.duration(.workerLease, 10...86_400)
        let attempts = check.wholeNumber(.retryMaxAttempts, 1...100)
        let base = check.duration(.retryBaseDelay, 1...86_400)
        var maxDelay = check.duration(.retryMaxDelay, 1...604_800)
        if let base, let cap = maxDelay, cap < base {
            check.problem(
                .retryMaxDelay,
                "\(DurationText.format(cap)) is less than worker.retry.baseDelay (\(DurationText.format(base))); accepted: \(SettingKey.retryMaxDelay.accepted)"
            )
            maxDelay = nil
        }
        let notes = check.offOrWholeNumber(.retentionNotesDays, 30...36_500)
        let outbox = check.wholeNumber(.retentionOutboxDays, 1...3_650)
        let statementTimeout = check.offOrDuration(.cliStatementTimeout, 1...86_400)
        let idleTimeout = check.offOrDuration(.cliIdleInTransactionTimeout, 1...86_400)
        let level = check.choice(.logLevel, Logger.Level.allCases.map(\.rawValue)).flatMap(Logger.Level.init(rawValue:))
        let format = check.choice(.logFormat, LogFormat.allCases.map(\.rawValue)).flatMap(LogFormat.init(rawValue:))
        let metrics = check.listenAddress(.metricsAddress)
        let webListen = check.listenAddress(.webListen)
        let webPublicURL = check.webURL(.webPublicURL, derived: domain.map { "https://\($0)/circles" })
        let webKeys = check.linkKeys(.webSigningKeys)
        let webMetrics = check.listenAddress(.webMetricsAddress)
        let webRateLimits = check.choice(.webRateLimits, ["on", "off"])
        let webHeadTimeout = check.duration(.webRequestHeadTimeout, 1...300)
        problems += check.problems
        shown = check.shown
        guard check.problems.isEmpty, let imap, let replyAddress, let repliesPoll, let processed, let needsPerson, let policy, let authservID,
            let poolSize, let from, let domain, let unsubscribe, let offsets,
            let facilitatorOffsets, let horizon, let pass, let poll, let batch, let lease, let attempts, let base,
            let maxDelay, let notes, let outbox, let statementTimeout, let idleTimeout, let level, let format, let metrics,
            let webListen, let webListenAddress = webListen.address, let webPublicURL, let webKeys, let webMetrics, let webRateLimits,
            let webHeadTimeout
        else {
            if case .off? = webListen { problems.append(.init(key: SettingKey.webListen, "cannot be off; accepted: \(SettingKey.webListen.accepted)")) }
            return nil
        }
        return CirclesSettings(
            database: .init(url: databaseURL, poolSize: poolSize, sslRootCert: sslRootCert),
            mail: .init(smtpURL: smtpURL, from: from, domain: domain, unsubscribeURL: unsubscribe),
            replies: .init(
                imap: imap.configuration, address: replyAddress, pollInterval: .seconds(repliesPoll), processedFolder: processed,
                needsPersonFolder: needsPerson, authentication: policy, authservID: authservID),
            reminders: .init(offsets: offsets, facilitatorOffsets: facilitatorOffsets),
            worker: .init(
                horizonDays: horizon, passInterval: .seconds(pass), pollInterval: .seconds(poll), batchSize: batch,
                lease: .seconds(lease),
                retry: .init(maxAttempts: attempts, baseDelay: .seconds(base), maxDelay: .seconds(maxDelay))),
            retention: .init(notesDays: notes, outboxDays: outbox),
            cli: .init(
                statementTimeout: statementTimeout.map { .seconds($0) }, idleInTransactionTimeout: idleTimeout.map { .seconds($0) }),
            log: .init(level: level, format: format),
            metrics: .init(address: metrics.address),
            web: .init(
                listen: webListenAddress, publicURL: webPublicURL, signingKeys: webKeys.keyring, metricsAddress: webMetrics.address,
                rateLimits: webRateLimits == "on", requestHeadTimeout: .seconds(webHeadTimeout)))

    }

    /// Every key's effective value as it may be shown (secrets redacted) and its source.
    func entries() -> [SettingEntry] {
        SettingKey.all.map { key in
            let entry = shown[key.name] ?? (nil, .unset)
            return SettingEntry(key: key, value: entry.value, source: entry.source)
        }
    }
}

/// `metrics.address`: off, or where to listen.
private enum ListenChoice {
    case off
    case at(host: String, port: Int)

    var address: (host: String, port: Int)? {
        switch self {
        case .off: nil
        case .at(let host, let port): (host, port)
        }
    }
}

/// `mail.replies.imapURL`: off, or a parsed mailbox.
private struct IMAPChoice {
    var configuration: IMAPConfiguration?
}

/// `web.signingKeys`: off, or a keyring.
enum LinkKeysChoice {
    case off
    case keys(LinkKeyring)

    var keyring: LinkKeyring? {
        switch self {
        case .off: nil
        case .keys(let keyring): keyring
        }
    }
}

/// Validates raw values one key at a time, collecting problems and the values to show.
private struct Checker {
    let raw: [String: (value: String?, source: SettingSource)]
    var problems: [ConfigurationError.Problem] = []
    var shown: [String: (value: String?, source: SettingSource)] = [:]

    init(raw: [String: (value: String?, source: SettingSource)]) { self.raw = raw }

    private func value(_ key: SettingKey) -> (text: String, source: SettingSource)? {
        guard let entry = raw[key.name], let text = entry.value else { return nil }
        return (text.trimmingWhitespace, entry.source)
    }

    mutating func problem(_ key: SettingKey, _ message: String) {
        problems.append(.init(key: key, source: raw[key.name].map { Self.origin($0.source) } ?? nil, message))
    }

    /// A library's message without its own "expected …"/"Accepted: …" tail (ours follows).
    static func firstClause(_ message: String) -> String {
        var result = Substring(message)
        for marker in [". Accepted:", "; expected", ". Expected"] {
            if let range = result.range(of: marker) { result = result[..<range.lowerBound] }
        }
        return String(result)
    }

    private static func origin(_ source: SettingSource) -> String? {
        switch source {
        case .flag: "a flag"
        case .environment(let name): name
        case .file(let path, let line): path + (line.map { " line \($0)" } ?? "")
        case .builtIn, .derived, .unset: nil
        }
    }

    private mutating func show(_ key: SettingKey, _ value: String?, _ source: SettingSource? = nil) {
        shown[key.name] = (value, source ?? raw[key.name]?.source ?? .unset)
    }

    /// `"abc"` for plain values; secrets are never quoted back.
    private func quoted(_ key: SettingKey, _ text: String) -> String {
        key.isSecret ? "the value" : "\"\(text)\""
    }

    /// `off` (read as `.some(nil)`) or a whole number in `range`; nil when the value is bad.
    mutating func offOrWholeNumber(_ key: SettingKey, _ range: ClosedRange<Int>) -> Int?? {
        guard let (text, _) = value(key) else { return nil }
        if text.lowercased() == "off" {
            show(key, "off")
            return .some(nil)
        }
        return wholeNumber(key, range).map { .some($0) }
    }

    /// `off` (read as `.some(nil)`) or a duration in seconds within `range`; nil when the value is bad.
    mutating func offOrDuration(_ key: SettingKey, _ range: ClosedRange<Int>) -> Int?? {
        guard let (text, _) = value(key) else { return nil }
        if text.lowercased() == "off" {
            show(key, "off")
            return .some(nil)
        }
        return duration(key, range).map { .some($0) }
    }

    mutating func wholeNumber(_ key: SettingKey, _ range: ClosedRange<Int>) -> Int? {
        guard let (text, _) = value(key) else { return nil }
        guard let number = Int(text) else {
            problem(key, "\(quoted(key, text)) is not a whole number; accepted: \(key.accepted)")
            return nil
        }
        guard range.contains(number) else {
            problem(key, "\(number) is out of range; accepted: \(key.accepted)")
            return nil
        }
        show(key, String(number))
        return number
    }

    mutating func duration(_ key: SettingKey, _ range: ClosedRange<Int>) -> Int? {
        guard let (text, _) = value(key) else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            problem(key, "\(quoted(key, text)) is not a duration; accepted: \(key.accepted)")
            return nil
        }
        guard range.contains(seconds) else {
            problem(key, "\(quoted(key, text)) is out of range; accepted: \(key.accepted)")
            return nil
        }
        show(key, DurationText.format(seconds))
        return seconds
    }

    mutating func choice(_ key: SettingKey, _ choices: [String]) -> String? {
        guard let (text, _) = value(key) else { return nil }
        let lowered = text.lowercased()
        guard choices.contains(lowered) else {
            problem(key, "\(quoted(key, text)) is not recognised; accepted: \(key.accepted)")
            return nil
        }
        show(key, lowered)
        return lowered
    }

    mutating func offsets(_ key: SettingKey) -> ReminderOffsets? {
        guard let (text, _) = value(key) else { return nil }
        do {
            let offsets = try ReminderOffsets(parsing: text)
            show(key, offsets.description)
            return offsets
        } catch {
            problem(key, "\(quoted(key, text)) is not a list of reminder offsets (\(Self.firstClause(error.message))); accepted: \(key.accepted)")
            return nil
        }
    }

    mutating func postgresURL(_ key: SettingKey) -> String? {
        guard let (text, _) = value(key) else {
            show(key, nil, .unset)
            return nil
        }
        guard (try? PostgresConfiguration(text)) != nil else {
            problem(key, "the value is not a PostgreSQL URL or conninfo; accepted: \(key.accepted)")
            return nil
        }
        show(key, ConnectionText.redacted(text))
        return text
    }

    mutating func mailURL(_ key: SettingKey) -> String? {
        guard let (text, _) = value(key) else {
            show(key, nil, .unset)
            return nil
        }
        if text.hasPrefix("file://") {
            guard text.dropFirst("file://".count).hasPrefix("/") else {
                problem(key, "a file sink needs an absolute path; accepted: \(key.accepted)")
                return nil
            }
        } else {
            do {
                _ = try SMTPConfiguration(url: text)
            } catch {
                // The transport's messages never repeat a password.
                problem(key, "\(Self.firstClause(error.message)) (the URL's \(error.part)); accepted: \(key.accepted)")
                return nil
            }
        }
        show(key, ConnectionText.redacted(text))
        return text
    }

    mutating func imapURL(_ key: SettingKey) -> IMAPChoice? {
        guard let (text, _) = value(key) else { return nil }
        if text.lowercased() == "off" {
            show(key, "off")
            return IMAPChoice(configuration: nil)
        }
        do {
            let configuration = try IMAPConfiguration(url: text)
            show(key, ConnectionText.redacted(text))
            return IMAPChoice(configuration: configuration)
        } catch {
            // The transport's messages never repeat a password.
            problem(key, "\(Self.firstClause(error.message)) (the URL's \(error.part)); accepted: \(key.accepted)")
            return nil
        }
    }

    mutating func address(_ key: SettingKey, derived: String?) -> String? {
        guard let (text, _) = value(key) else {
            show(key, derived, .derived(from: SettingKey.mailFrom.name))
            return derived
        }
        guard (try? Mailbox(text)) != nil, !text.contains("+") else {
            problem(key, "\(quoted(key, text)) is not a plain address without a + part; accepted: \(key.accepted)")
            return nil
        }
        show(key, text.lowercased())
        return text.lowercased()
    }

    mutating func folder(_ key: SettingKey) -> String? {
        guard let (text, _) = value(key) else { return nil }
        if let problem = IMAPConfiguration.folderProblem(text) {
            self.problem(key, "\(problem); accepted: \(key.accepted)")
            return nil
        }
        show(key, text)
        return text
    }

    mutating func sender(_ key: SettingKey) -> Mailbox? {
        guard let (text, _) = value(key) else { return nil }
        do {
            let mailbox: Mailbox
            if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
                let name = text[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
                let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
                mailbox = try Mailbox(address, displayName: name.isEmpty ? nil : name)
            } else {
                mailbox = try Mailbox(text, displayName: "Circles")
            }
            show(key, mailbox.displayName.isEmpty ? mailbox.address : "\(mailbox.displayName) <\(mailbox.address)>")
            return mailbox
        } catch {
            problem(key, "\(quoted(key, text)) is not a sender (\(Self.firstClause(error.message))); accepted: \(key.accepted)")
            return nil
        }
    }

    /// `any` (read as `.some(nil)`) or a host name, lowercased; nil when the value is bad.
    mutating func anyOrHostName(_ key: SettingKey) -> String?? {
        guard let (text, _) = value(key) else { return nil }
        if text.lowercased() == "any" {
            show(key, "any")
            return .some(nil)
        }
        guard Self.isHostName(text) else {
            problem(key, "\(quoted(key, text)) is not a host name; accepted: \(key.accepted)")
            return nil
        }
        show(key, text.lowercased())
        return .some(text.lowercased())
    }

    static func isHostName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && text.count <= 253
            && labels.allSatisfy { label in
                (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
    }

    mutating func hostName(_ key: SettingKey, derived: String?) -> String? {
        guard let (text, _) = value(key) else {
            show(key, derived, .derived(from: SettingKey.mailFrom.name))
            return derived
        }
        guard Self.isHostName(text) else {
            problem(key, "\(quoted(key, text)) is not a host name; accepted: \(key.accepted)")
            return nil
        }
        show(key, text.lowercased())
        return text.lowercased()
    }

    mutating func webURL(_ key: SettingKey, derived: String?) -> String? {
        guard let (text, _) = value(key) else {
            show(key, derived, .derived(from: SettingKey.mailDomain.name))
            return derived
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            problem(key, "\(quoted(key, text)) is not an http or https URL; accepted: \(key.accepted)")
            return nil
        }
        show(key, text)
        return text
    }

    mutating func readableFile(_ key: SettingKey) -> String? {
        guard let (text, _) = value(key) else {
            show(key, nil, .unset)
            return nil
        }
        guard text.hasPrefix("/"), FileManager.default.isReadableFile(atPath: text) else {
            problem(key, "\(quoted(key, text)) is not an absolute path of a readable file; accepted: \(key.accepted)")
            return nil
        }
        show(key, text)
        return text
    }

    /// `off` or unset (no keyring), or a keyring; the value is never shown or quoted back.
    mutating func linkKeys(_ key: SettingKey) -> LinkKeysChoice? {
        guard let (text, _) = value(key), text.lowercased() != "off" else {
            show(key, nil, .unset)
            return .off
        }
        do throws(LinkKeyError) {
            let keyring = try LinkKeyring(parsing: text)
            show(key, "[redacted] (\(keyring.count) key\(keyring.count == 1 ? "" : "s"), signing with key \(keyring.signing.id))")
            return .keys(keyring)
        } catch {
            problem(key, "\(error.description); accepted: \(key.accepted)")
            return nil
        }
    }

    mutating func listenAddress(_ key: SettingKey) -> ListenChoice? {
        guard let (text, _) = value(key) else { return nil }
        if text.lowercased() == "off" {
            show(key, "off")
            return .off
        }
        guard let colon = text.lastIndex(of: ":") else {
            problem(key, "\(quoted(key, text)) has no port; accepted: \(key.accepted)")
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let portText = text[text.index(after: colon)...]
        guard !host.isEmpty, !host.contains(" "), let port = Int(portText), (0...65_535).contains(port) else {
            problem(key, "\(quoted(key, text)) is not host:port; accepted: \(key.accepted)")
            return nil
        }
        show(key, text)
        return .at(host: host, port: port)
    }
}

/// One key of the effective configuration, ready to print: secrets already redacted.
public struct SettingEntry: Sendable {
    /// The key, with its environment variable and what it accepts.
    public let key: SettingKey
    /// The value as it may be shown, or nil when not set.
    public let value: String?
    /// Where it came from.
    public let source: SettingSource
}

/// Settings with what `config check` shows about them.
public struct LoadedSettings: Sendable {
    /// The typed settings.
    public let settings: CirclesSettings
    /// Every key with its shown value and source, in catalogue order.
    public let entries: [SettingEntry]
    /// The configuration file read, if any.
    public let file: String?
}
