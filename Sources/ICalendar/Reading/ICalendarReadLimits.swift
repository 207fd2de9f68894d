/// Bounds on what the reader accepts: calendar files and replies arrive from outside.
public struct ICalendarReadLimits: Sendable, Hashable {
    /// The whole input, in bytes.
    public var maximumBytes: Int
    /// One logical (unfolded) content line, in bytes.
    public var maximumLineOctets: Int
    /// Components in the whole input, nested ones included.
    public var maximumComponents: Int
    /// How deeply components may nest (VCALENDAR › VTIMEZONE › STANDARD is 3).
    public var maximumDepth: Int
    /// Properties in one component.
    public var maximumPropertiesPerComponent: Int

    /// Limits generous for real calendars (a council's closure file, a client's reply) and small
    /// enough that a hostile file costs little.
    public init(
        maximumBytes: Int = 4 << 20, maximumLineOctets: Int = 64 << 10, maximumComponents: Int = 10_000,
        maximumDepth: Int = 8, maximumPropertiesPerComponent: Int = 1_000
    ) {
        self.maximumBytes = maximumBytes
        self.maximumLineOctets = maximumLineOctets
        self.maximumComponents = maximumComponents
        self.maximumDepth = maximumDepth
        self.maximumPropertiesPerComponent = maximumPropertiesPerComponent
    }
}
