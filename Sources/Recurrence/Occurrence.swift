import Foundation

/// One instance of a recurrence set: an instant, with the wall-clock time and UTC offset in force there.
public struct Occurrence: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// UTC offset in force at the instant, in seconds east of Greenwich (0 for UTC and floating times).
    public let utcOffset: Int
    /// Whether the rule's wall-clock time fell in a daylight-saving gap and was moved forward by the gap's length.
    public let wasShiftedByGap: Bool
    /// Whether the set is floating (no time zone); the instant is then computed as if in UTC.
    public let isFloating: Bool

    /// Builds an occurrence.
    public init(
        epochSeconds: Int64, utcOffset: Int, wasShiftedByGap: Bool = false, isFloating: Bool = false
    ) {
        self.epochSeconds = epochSeconds
        self.utcOffset = utcOffset
        self.wasShiftedByGap = wasShiftedByGap
        self.isFloating = isFloating
    }

    /// The instant as a Foundation `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }

    /// The wall-clock time at which it happens.
    public var local: LocalDateTime { LocalDateTime(localSeconds: epochSeconds + Int64(utcOffset)) }

    /// RFC 3339 local time with its offset, `2027-03-30T14:00:00+01:00` (no offset when floating).
    public var rfc3339: String {
        let local = local.description
        if isFloating { return local }
        let sign = utcOffset < 0 ? "-" : "+"
        let magnitude = abs(utcOffset)
        var text = "\(local)\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
        if magnitude % 60 != 0 { text += ":\(pad(magnitude % 60, 2))" }
        return text
    }

    /// The RFC 3339 form.
    public var description: String { rfc3339 }

    /// Chronological order.
    public static func < (lhs: Occurrence, rhs: Occurrence) -> Bool {
        lhs.epochSeconds < rhs.epochSeconds
    }
}
