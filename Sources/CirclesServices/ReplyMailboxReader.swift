import CirclesDomain
import CirclesStore
import Foundation
import Logging
import Mail
import Postgres
import ReplyReading

/// Reads the reply mailbox: fetches each new message once, decides and records it with its
/// answers in one transaction, then files it (processed, or needs a person). Never deletes a
/// message and never answers one.
///
/// Each message is recorded by (mailbox, UIDVALIDITY, UID) before it is moved, in the
/// transaction that applied its answers, so a worker killed between the two applies nothing
/// twice after a restart: it finds the record and only moves the message. One worker reads at a
/// time (an advisory lock); correctness does not depend on it, as the record is the guard.
public struct ReplyMailboxReader: Sendable {
    /// What one poll did.
    public struct Summary: Sendable, Hashable {
        public var handled = 0
        public var matched = 0
        public var needsPerson = 0
        public var refused = 0
        public var duplicates = 0
        /// Messages recorded by an earlier, interrupted poll and only moved now.
        public var movedLate = 0
        /// Answers that changed.
        public var answers = 0
    }

    let pool: PostgresPool
    let settings: ReplyMailboxSettings
    let logger: Logger
    /// Called after a batch is recorded and before it is moved (tests stop the process there).
    public var beforeMove: (@Sendable () async -> Void)?

    /// A reader over `pool` for the mailbox in `settings`.
    public init(pool: PostgresPool, settings: ReplyMailboxSettings, logger: Logger = Logger(label: "circles.replies")) {
        self.pool = pool
        self.settings = settings
        self.logger = logger
    }

    /// Reads everything new once; nil when another worker is reading the mailbox.
    public func poll(now: @escaping @Sendable () -> Date = { Date() }) async throws -> Summary? {
        let (settings, key) = (self.settings, self.settings.mailboxKey)
        return try await pool.withConnection { connection in
            try await connection.withAdvisoryLockIfAvailable(key: "circles.replies." + key) { connection in
                let mailbox = IMAPMailbox(settings.imap)
                do {
                    let summary = try await read(mailbox, key: key, now: now, on: connection)
                    await mailbox.close()
                    return summary
                } catch {
                    await mailbox.close()
                    _ = try? ReplyStore.position(mailbox: key, on: connection)
                    try? ReplyStore.polled(
                        mailbox: key, uidValidity: nil, lastUID: nil, error: String(describing: error).prefix(500).description,
                        at: now(), on: connection)
                    throw error
                }
            }
        }
    }

    private func read(
        _ mailbox: IMAPMailbox, key: String, now: @escaping @Sendable () -> Date, on connection: isolated PostgresConnection
    ) async throws -> Summary {
        var summary = Summary()
        try await mailbox.ensureFolder(settings.processedFolder)
        try await mailbox.ensureFolder(settings.needsPersonFolder)
        let status = try await mailbox.status()
        let position = try ReplyStore.position(mailbox: key, on: connection)
        let validity = Int64(status.uidValidity)
        // A new UIDVALIDITY renumbers the mailbox: read it all again (what is left there was never filed away).
        let after = position.uidValidity == validity ? UInt32(clamping: position.lastUID) : 0
        let uids = try await mailbox.uids(after: after, before: status.uidNext, uidValidity: status.uidValidity)
        guard !uids.isEmpty else {
            // No message below UIDNEXT is new, and UIDs only grow: the next poll starts there, so a
            // mailbox of sparse UIDs (or one read afresh after a new UIDVALIDITY) is not searched again.
            let seen = max(Int64(after), Int64(status.uidNext) - 1)
            try ReplyStore.polled(mailbox: key, uidValidity: validity, lastUID: seen, error: nil, at: now(), on: connection)
            return summary
        }
        let sizes = try await mailbox.sizes(uids, uidValidity: status.uidValidity)
        for start in stride(from: 0, to: uids.count, by: settings.batchSize) {
            let batch = Array(uids[start..<min(start + settings.batchSize, uids.count)])
            let known = try ReplyStore.handled(mailbox: key, uidValidity: validity, uids: batch.map(Int64.init), on: connection)
            var moves: [String: [UInt32]] = [:]
            for uid in batch {
                if let earlier = known[Int64(uid)] {
                    moves[earlier.folder, default: []].append(uid)
                    summary.movedLate += 1
                }
            }
            let fresh = batch.filter { known[Int64($0)] == nil }
            for (uid, decision) in try await decide(fresh, sizes: sizes, mailbox: mailbox, validity: status.uidValidity, now: now) {
                moves[folder(decision.outcome), default: []].append(uid)
                summary.handled += 1
                summary.answers += decision.answers
                switch decision.outcome {
                case .matched: summary.matched += 1
                case .needsPerson: summary.needsPerson += 1
                case .refused: summary.refused += 1
                case .duplicate: summary.duplicates += 1
                }
            }
            if let beforeMove { await beforeMove() }
            for (folder, moving) in moves.sorted(by: { $0.key < $1.key }) {
                try await mailbox.move(moving, to: folder, uidValidity: status.uidValidity)
                try ReplyStore.moved(mailbox: key, uidValidity: validity, uids: moving.map(Int64.init), at: now(), on: connection)
            }
            try ReplyStore.polled(
                mailbox: key, uidValidity: validity, lastUID: Int64(batch.last ?? after), error: nil, at: now(), on: connection)
        }
        if summary.handled > 0 {
            logger.info(
                "replies read",
                metadata: [
                    "handled": "\(summary.handled)", "matched": "\(summary.matched)", "needs_person": "\(summary.needsPerson)",
                    "refused": "\(summary.refused)", "answers": "\(summary.answers)",
                ])
        }
        return summary
    }

    /// Fetches `uids` one after the other and decides and records each on a connection of its
    /// own, `lanes` at a time: a message's work is mostly waiting for PostgreSQL, and answers for
    /// the same meeting and person are still compared one after the other (`ResponseStore.lock`).
    /// Two messages that share a Message-ID, a reply token or an attendee are never decided at once,
    /// but one after the other in UID order: the second is seen as the duplicate it is, and an older
    /// answer that arrives after a newer one is superseded, never recorded first. Returns the
    /// decisions made here (not those another worker made first).
    private func decide(
        _ uids: [UInt32], sizes: [UInt32: Int], mailbox: IMAPMailbox, validity: UInt32, now: @escaping @Sendable () -> Date
    ) async throws -> [(UInt32, ReplyDecision)] {
        let lanes = max(1, min(Self.maximumLanes, pool.maximumConnections - 1))
        let (settings, pool) = (self.settings, self.pool)
        return try await withThrowingTaskGroup(of: (UInt32, ReplyDecision?).self) { group in
            var decided: [(UInt32, ReplyDecision)] = []
            var inFlight: [UInt32: Set<String>] = [:]
            func collect() async throws {
                guard let (uid, decision) = try await group.next() else { return }
                inFlight[uid] = nil
                if let decision { decided.append((uid, decision)) }
            }
            for uid in uids {
                let size = sizes[uid]
                let reply = try await fetchBounded(uid, size: size, mailbox: mailbox, validity: validity)
                    .map { IncomingReply(parsing: $0, base: settings.address, limits: settings.limits, authservID: settings.authservID) }
                let keys = Self.orderingKeys(reply)
                while inFlight.count >= lanes || inFlight.values.contains(where: { !$0.isDisjoint(with: keys) }) { try await collect() }
                inFlight[uid] = keys
                group.addTask {
                    let decision = try await pool.withConnection { connection in
                        try await self.handleOrSetAside(uid, reply: reply, size: size, validity: validity, now: now(), on: connection)
                    }
                    return (uid, decision)
                }
            }
            while !inFlight.isEmpty { try await collect() }
            // Filed in UID order, as before.
            return decided.sorted { $0.0 < $1.0 }
        }
    }

    /// What a message must not share with one being decided beside it: its Message-ID, its reply
    /// token and its attendees' addresses (lower-cased).
    static func orderingKeys(_ reply: IncomingReply?) -> Set<String> {
        guard let reply else { return [] }
        var keys: Set<String> = []
        if let messageID = reply.messageID { keys.insert("message:" + messageID) }
        if let token = reply.token { keys.insert("token:" + token.value) }
        for event in reply.calendar.replies {
            for attendee in event.attendees { keys.insert("attendee:" + attendee.email.lowercased()) }
        }
        return keys
    }

    /// At most this many messages are decided at once (and never more than the pool allows beside
    /// the reader's own connection).
    static let maximumLanes = 4

    /// `handle`, except that a message Circles cannot record (PostgreSQL refuses one of its values,
    /// or it breaks a rule nothing caught sooner) does not hold up the mailbox: it is recorded on
    /// its own, without answers, for a person, saying why, and reading goes on. Anything else (the
    /// connection, a deadlock, a schema problem) is thrown, so the poll is tried again later.
    private func handleOrSetAside(
        _ uid: UInt32, reply: IncomingReply?, size: Int?, validity: UInt32, now: Date, on connection: isolated PostgresConnection
    ) async throws -> ReplyDecision? {
        do {
            return try await handle(uid, reply: reply, size: size, validity: validity, now: now, on: connection)
        } catch where !Self.belongsToMessage(error) {
            throw error
        } catch {
            // Named by kind, never quoting the error's text, which may hold a value of the message (an address).
            let reason: String
            if let error = PostgresError.underlying(error) {
                let constraint = error.constraint.map { ", constraint \($0)" } ?? ""
                reason = "Circles could not record it: PostgreSQL refused a value (SQLSTATE \(error.sqlState?.code ?? "?")\(constraint))"
            } else if let error = error as? DomainError {
                reason = "Circles could not record it: a value of the reply broke a rule (\(error.field))"
            } else {
                reason = "Circles could not record it: \(String(describing: type(of: error)))"
            }
            logger.warning("reply set aside for a person", metadata: ["uid": "\(uid)", "reason": "\(reason)"])
            let settings = self.settings
            return try await connection.withTransaction { connection in
                let record = ReplyStore.Record(
                    mailbox: settings.mailboxKey, uidValidity: Int64(validity), uid: Int64(uid), messageID: nil,
                    outcome: ReplyDecision.Outcome.needsPerson.rawValue, folder: settings.needsPersonFolder, reason: reason, personID: nil,
                    authentication: nil, answers: 0)
                guard try ReplyStore.record(record, on: connection) else { return nil }
                let settling = try ReplyStore.settling(
                    mailbox: settings.mailboxKey, uidValidity: Int64(validity), uid: Int64(uid), outcome: record.outcome,
                    folder: record.folder, reason: reason, personID: nil, answers: 0)
                try connection.executeCommitting([settling.message, settling.count])
                return ReplyDecision(outcome: .needsPerson, reason: reason, personID: nil, answers: 0)
            }
        }
    }

    /// Whether `error` comes from the message itself (a value PostgreSQL refuses: SQLSTATE classes
    /// 22 and 23, also at the COMMIT; a rule of the domain or the services) rather than from the
    /// database, the connection or a passing conflict (which the next poll tries again).
    static func belongsToMessage(_ error: any Error) -> Bool {
        if let error = PostgresError.underlying(error) {
            guard error.code == .server, let state = error.sqlState else { return false }
            return state.class == "22" || state.class == "23"
        }
        return error is DomainError || error is ServiceError
    }

    /// Decides and records one message (nil reply: over the size limit); nil when it was recorded by someone else first.
    private func handle(
        _ uid: UInt32, reply: IncomingReply?, size: Int?, validity: UInt32, now: Date, on connection: isolated PostgresConnection
    ) async throws -> ReplyDecision? {
        let limit = settings.limits.maximumMessageBytes
        let settings = self.settings
        let key = settings.mailboxKey
        return try await connection.withTransaction { connection in
            var record = ReplyStore.Record(
                mailbox: key, uidValidity: Int64(validity), uid: Int64(uid), messageID: reply?.messageID, outcome: "", folder: "",
                reason: "", personID: nil, authentication: reply?.authentication.map(Self.summary), answers: 0)
            // Claim the message first: a second reader blocks here until the first commits, then skips it.
            record.outcome = ReplyDecision.Outcome.needsPerson.rawValue
            record.folder = settings.needsPersonFolder
            record.reason = "being handled"
            guard try ReplyStore.record(record, on: connection) else { return nil }
            let applied: ReplyMatcher.Applied
            if let reply {
                applied = try ReplyMatcher.apply(reply, settings: settings, now: now, on: connection)
            } else {
                applied = .init(decision: ReplyDecision(
                    outcome: .needsPerson, reason: "the message has \(size.map(String.init) ?? "more than \(limit)") bytes, over the limit of \(limit)",
                    personID: nil, answers: 0))
            }
            let decision = applied.decision
            let settling = try ReplyStore.settling(
                mailbox: key, uidValidity: Int64(validity), uid: Int64(uid), outcome: decision.outcome.rawValue,
                folder: folder(decision.outcome), reason: String(decision.reason.prefix(1_000)), personID: decision.personID,
                answers: decision.answers)
            // One round trip for the message's outcome, its answers, the mailbox's count and the
            // COMMIT: the audit chain's head and the count's row, which every message waits for,
            // are held no longer than the server takes to write them.
            try connection.executeCommitting(
                [settling.message] + ResponseStore.saving(applied.answers, action: "meeting.respond") + [settling.count])
            return decision
        }
    }

    /// The message, or nil when it is over the size limit (then it is not fetched at all, or not whole).
    private func fetchBounded(_ uid: UInt32, size: Int?, mailbox: IMAPMailbox, validity: UInt32) async throws -> [UInt8]? {
        let limit = settings.limits.maximumMessageBytes
        if let size, size > limit { return nil }
        do {
            return try await mailbox.fetch(uid, uidValidity: validity, maximumBytes: limit)
        } catch where error.kind == .tooLarge {
            return nil
        }
    }

    private func folder(_ outcome: ReplyDecision.Outcome) -> String {
        outcome == .matched || outcome == .duplicate ? settings.processedFolder : settings.needsPersonFolder
    }

    /// `mx.example: dkim=pass spf=pass dmarc=none`, no addresses.
    static func summary(_ results: AuthenticationResults) -> String {
        let methods = ["dkim", "spf", "dmarc"].map { "\($0)=\(results.results[$0] ?? "none")" }.joined(separator: " ")
        return String("\(results.server.prefix(200)): \(methods)")
    }
}
