import Foundation

extension TimeReference {
    /// The instant of a wall-clock time here: a time in a daylight-saving gap moves forward by the gap's
    /// length, an ambiguous time takes its first instance (as expansion does).
    ///
    /// - Throws: `RecurrenceError` for an unknown time zone.
    public func occurrence(at local: LocalDateTime) throws(RecurrenceError) -> Occurrence {
        var cursor = -1
        let resolved = try rules().resolve(local: local.localSeconds, cursor: &cursor)
        return Occurrence(
            epochSeconds: resolved.instant, utcOffset: Int(resolved.offset),
            wasShiftedByGap: resolved.shifted,
            isFloating: self == .floating)
    }

    /// The UTC offset in force here at an instant, in seconds.
    ///
    /// - Throws: `RecurrenceError` for an unknown time zone.
    public func utcOffset(at instant: Date) throws(RecurrenceError) -> Int {
        Int(try rules().offset(atInstant: Int64(instant.timeIntervalSince1970.rounded(.down))))
    }
}
