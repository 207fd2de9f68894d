/// Bounds on what one incoming message may cost to read: replies are untrusted input.
public struct MIMELimits: Sendable, Hashable {
    /// The largest message read at all, in bytes (larger ones are not fetched).
    public var maximumMessageBytes: Int
    /// The largest part kept after decoding; a larger part is skipped and noted.
    public var maximumPartBytes: Int
    /// The most leaf parts looked at in one message.
    public var maximumParts: Int
    /// How deep multiparts (and attached messages) may nest.
    public var maximumDepth: Int
    /// The most header bytes of one entity.
    public var maximumHeaderBytes: Int

    /// The defaults: 10 MiB a message, 1 MiB a part, 100 parts, 8 levels, 256 KiB of header.
    public init(
        maximumMessageBytes: Int = 10 << 20, maximumPartBytes: Int = 1 << 20, maximumParts: Int = 100,
        maximumDepth: Int = 8, maximumHeaderBytes: Int = 256 << 10
    ) {
        self.maximumMessageBytes = maximumMessageBytes
        self.maximumPartBytes = maximumPartBytes
        self.maximumParts = maximumParts
        self.maximumDepth = maximumDepth
        self.maximumHeaderBytes = maximumHeaderBytes
    }
}
