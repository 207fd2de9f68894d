/// Collects the head of one request as its bytes arrive, in time linear in the bytes.
///
/// Every byte counts toward the limit, the empty lines RFC 9112 §2.2 lets a client send before
/// the request line included, and no more than `limit + 1` bytes are ever kept: past that the
/// answer is 431 whatever follows. Each byte is looked at a bounded number of times when
/// searching for the blank line that ends the head; the head is parsed once, when complete.
public struct HTTPHeadReader: Sendable {
    /// The largest head accepted, in bytes.
    public let limit: Int
    private var bytes: [UInt8] = []
    /// Index of the request line's first byte, once a byte other than CR or LF has arrived.
    private var start: Int?
    /// Bytes before this index were searched for the end of the head already (less the two a
    /// terminator split between reads may still need).
    private var searched = 0
    /// The verdict, once there is one; later bytes do not change it.
    private var verdict: HTTPRequestParser.Result = .incomplete

    /// A reader for a head of at most `limit` bytes.
    public init(limit: Int) {
        self.limit = limit
    }

    /// Whether no byte has arrived yet.
    public var isEmpty: Bool { bytes.isEmpty }

    /// How many more bytes are worth reading: one past the limit settles it.
    public var room: Int { verdict == .incomplete ? max(0, limit + 1 - bytes.count) : 0 }

    /// Adds the bytes that arrived (beyond `room` they are ignored) and says what the head amounts to so far.
    @discardableResult
    public mutating func append(_ chunk: some Collection<UInt8>) -> HTTPRequestParser.Result {
        guard verdict == .incomplete else { return verdict }
        bytes.append(contentsOf: chunk.prefix(room))
        if start == nil {
            while searched < bytes.count, bytes[searched] == 13 || bytes[searched] == 10 { searched += 1 }
            if searched < bytes.count { start = searched }
        }
        if let start {
            if let end = HTTPRequestParser.headEnd(bytes, from: max(start, searched - 2)) {
                verdict = end <= limit ? HTTPRequestParser.parseHead(bytes[start..<end]) : tooLarge
                return verdict
            }
            searched = bytes.count
        }
        if bytes.count > limit { verdict = tooLarge }
        return verdict
    }

    private var tooLarge: HTTPRequestParser.Result {
        .invalid(status: 431, reason: "the request head is larger than \(limit) bytes")
    }
}
