/// A mailbox on an IMAP server, read and filed through libcurl: STATUS, UID SEARCH, UID FETCH,
/// UID MOVE (or COPY, \Deleted and UID EXPUNGE where the server has no MOVE), APPEND.
///
/// Every call blocks on the network, so the actor runs on a dispatch queue of its own and never
/// on Swift's cooperative pool. One connection serves every call until `close()`.
public actor IMAPMailbox {
    private let executor = TransportExecutor(label: "circles.imap")
    private let configuration: IMAPConfiguration
    private var session: IMAPSession?
    private var capabilities: Set<String>?

    /// The actor's queue, where libcurl blocks.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// A mailbox reader for `configuration`; nothing connects until the first call.
    public init(_ configuration: IMAPConfiguration) {
        self.configuration = configuration
    }

    /// What STATUS says of a folder.
    public struct Status: Sendable, Hashable {
        /// The folder's UIDVALIDITY: UIDs mean the same messages only while it stays the same.
        public var uidValidity: UInt32
        /// The UID the next message will get.
        public var uidNext: UInt32
        /// How many messages the folder holds.
        public var messages: Int
    }

    private func connected() throws(IMAPError) -> IMAPSession {
        if let session { return session }
        let made = try IMAPSession(configuration: configuration)
        session = made
        return made
    }

    /// STATUS of `folder` (default: the configured mailbox).
    public func status(_ folder: String? = nil) throws(IMAPError) -> Status {
        let name = folder ?? configuration.mailbox
        let answer = try connected().perform(
            "STATUS \(Self.quoted(name)) (MESSAGES UIDNEXT UIDVALIDITY)", label: "STATUS", mailbox: nil)
        let text = String(decoding: answer, as: UTF8.self)
        func number(_ key: String) -> UInt32? {
            guard let range = text.range(of: key + " ") else { return nil }
            return UInt32(text[range.upperBound...].prefix { $0.isNumber })
        }
        guard let validity = number("UIDVALIDITY"), let next = number("UIDNEXT"), let messages = number("MESSAGES") else {
            throw IMAPError(.refused, command: "STATUS", reason: "the server's answer named no UIDVALIDITY, UIDNEXT or MESSAGES")
        }
        return Status(uidValidity: validity, uidNext: next, messages: Int(messages))
    }

    /// The UIDs above `uid` and below `uidNext` in the configured mailbox, ascending; fails if
    /// UIDVALIDITY is no longer `uidValidity`.
    public func uids(after uid: UInt32, before uidNext: UInt32, uidValidity: UInt32) throws(IMAPError) -> [UInt32] {
        try search(configuration.mailbox, after: uid, before: uidNext, uidValidity: uidValidity)
    }

    /// UID SEARCH in windows of `searchWindow` UIDs, so that no answer line grows with the
    /// mailbox (libcurl silently cuts long lines).
    private func search(_ folder: String, after uid: UInt32, before uidNext: UInt32, uidValidity: UInt32) throws(IMAPError) -> [UInt32] {
        var result: [UInt32] = []
        var low = UInt64(uid) + 1
        while low < UInt64(uidNext) {
            let high = min(low + UInt64(Self.searchWindow) - 1, UInt64(uidNext) - 1)
            let answer = try connected().perform(
                "UID SEARCH UID \(low):\(high)", label: "UID SEARCH", mailbox: folder, uidValidity: uidValidity)
            for line in String(decoding: answer, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix("* SEARCH") {
                result += line.dropFirst("* SEARCH".count).split(separator: " ").compactMap { UInt32($0) }
            }
            low = high + 1
        }
        return result.filter { $0 > uid && $0 < uidNext }.sorted()
    }

    /// RFC822.SIZE of each of `uids` still in the mailbox.
    public func sizes(_ uids: [UInt32], uidValidity: UInt32) throws(IMAPError) -> [UInt32: Int] {
        var result: [UInt32: Int] = [:]
        for chunk in Self.chunks(uids) {
            let answer = try connected().perform(
                "UID FETCH \(Self.set(chunk)) (UID RFC822.SIZE)", label: "UID FETCH", mailbox: configuration.mailbox,
                uidValidity: uidValidity)
            for line in String(decoding: answer, as: UTF8.self).split(whereSeparator: \.isNewline) {
                guard let uid = Self.field("UID", in: line), let size = Self.field("RFC822.SIZE", in: line) else { continue }
                result[UInt32(uid)] = size
            }
        }
        return result
    }

    /// The whole message `uid` as sent (BODY[], which marks it \Seen); `.tooLarge` past `maximumBytes`.
    public func fetch(_ uid: UInt32, uidValidity: UInt32, maximumBytes: Int) throws(IMAPError) -> [UInt8] {
        try connected().perform(
            nil, label: "UID FETCH", mailbox: configuration.mailbox, uidValidity: uidValidity, uid: uid, limit: maximumBytes)
    }

    /// Moves `uids` to `folder`: UID MOVE where the server has it, else UID COPY, \Deleted and UID EXPUNGE.
    public func move(_ uids: [UInt32], to folder: String, uidValidity: UInt32) throws(IMAPError) {
        guard !uids.isEmpty else { return }
        let session = try connected()
        let canMove = try capabilitySet().contains("MOVE")
        let canExpungeUIDs = try capabilitySet().contains("UIDPLUS")
        for chunk in Self.chunks(uids) {
            let set = Self.set(chunk)
            if canMove {
                _ = try session.perform(
                    "UID MOVE \(set) \(Self.quoted(folder))", label: "UID MOVE", mailbox: configuration.mailbox, uidValidity: uidValidity)
            } else {
                _ = try session.perform(
                    "UID COPY \(set) \(Self.quoted(folder))", label: "UID COPY", mailbox: configuration.mailbox, uidValidity: uidValidity)
                _ = try session.perform(
                    "UID STORE \(set) +FLAGS.SILENT (\\Deleted)", label: "UID STORE", mailbox: configuration.mailbox,
                    uidValidity: uidValidity)
                _ = try session.perform(
                    canExpungeUIDs ? "UID EXPUNGE \(set)" : "EXPUNGE", label: "EXPUNGE", mailbox: configuration.mailbox,
                    uidValidity: uidValidity)
            }
        }
    }

    /// Creates `folder` unless it exists.
    public func ensureFolder(_ folder: String) throws(IMAPError) {
        do {
            _ = try status(folder)
        } catch where error.kind == .refused {
            _ = try connected().perform("CREATE \(Self.quoted(folder))", label: "CREATE", mailbox: nil)
        }
    }

    /// Appends `message` (RFC 5322 bytes, CRLF line ends) to `folder` (default: the configured mailbox).
    public func append(_ message: [UInt8], to folder: String? = nil) throws(IMAPError) {
        _ = try connected().perform(nil, label: "APPEND", mailbox: folder ?? configuration.mailbox, upload: message)
    }

    /// Every UID in `folder`, ascending (for checks and tests).
    public func allUIDs(in folder: String) throws(IMAPError) -> [UInt32] {
        let status = try status(folder)
        return try search(folder, after: 0, before: status.uidNext, uidValidity: status.uidValidity)
    }

    /// Logs out and frees the connection; the next call connects again.
    public func close() {
        session?.close()
        session = nil
        capabilities = nil
    }

    private func capabilitySet() throws(IMAPError) -> Set<String> {
        if let capabilities { return capabilities }
        let answer = try connected().perform("CAPABILITY", label: "CAPABILITY", mailbox: nil)
        let words = String(decoding: answer, as: UTF8.self).uppercased().split(whereSeparator: { $0 == " " || $0.isNewline })
        let set = Set(words.map(String.init))
        capabilities = set
        return set
    }

    /// An IMAP quoted string; folder names are checked (`IMAPConfiguration.folderProblem`) to need no escapes.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A UID set such as `3:7,9`, ascending runs collapsed.
    static func set(_ uids: [UInt32]) -> String {
        var parts: [String] = []
        var start: UInt32?
        var previous: UInt32 = 0
        for uid in uids.sorted() {
            if let first = start, uid == previous + 1 {
                previous = uid
                _ = first
                continue
            }
            if let first = start { parts.append(first == previous ? "\(first)" : "\(first):\(previous)") }
            start = uid
            previous = uid
        }
        if let first = start { parts.append(first == previous ? "\(first)" : "\(first):\(previous)") }
        return parts.joined(separator: ",")
    }

    /// The UIDs one search covers, so that its one answer line stays under 12 KB however large
    /// UIDs grow: libcurl 7.88 keeps only the last 16 KiB of a longer line and says nothing, so a
    /// search of 4,000 UIDs came back with the first 3,483 missing (and those messages unread).
    static let searchWindow: UInt32 = 1_000

    /// Sets of at most `chunkSize` UIDs, so no command or answer grows without bound.
    static func chunks(_ uids: [UInt32]) -> [[UInt32]] {
        stride(from: 0, to: uids.count, by: chunkSize).map { Array(uids[$0..<min($0 + chunkSize, uids.count)]) }
    }

    /// The UIDs one size listing or move names. Debian 12's libcurl (7.88.1 with the fix for
    /// CVE-2023-38039) counts, for every answer line, all the bytes it has buffered after it, and
    /// fails the transfer past 300 KiB ("Too large response headers"): an answer of n lines costs
    /// about n² / 2 line lengths. 150 size lines already fail; 50 count about 45 KB.
    static let chunkSize = 50

    /// The number after `name ` in a FETCH answer line.
    private static func field(_ name: String, in line: Substring) -> Int? {
        guard let range = line.range(of: name + " ") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
