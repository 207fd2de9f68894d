/// Why a calendar file could not be read: the line it happened on and what would be accepted.
public struct ICalendarReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The physical line (1-based) where the problem starts; 0 when it concerns the whole input.
    public let line: Int
    /// A sentence saying what was wrong and what would be accepted.
    public let reason: String

    /// Creates an error.
    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    /// "line 12: …", or the reason alone for the whole input.
    public var description: String {
        line > 0 ? "line \(line): \(reason)" : reason
    }
}
