import Foundation

extension RecurrenceSet {
    /// All instances, in order, lazily (unbounded rules give an unbounded sequence; use `prefix` or bounds).
    public func occurrences() -> OccurrenceSequence {
        sequence(lowerBound: nil, upperBound: nil)
    }

    /// Instances with `start <= instant < end`, in order, lazily; periods before `start` are skipped
    /// without being generated unless the rule has a COUNT.
    public func occurrences(from start: Date, to end: Date) -> OccurrenceSequence {
        sequence(
            lowerBound: Self.seconds(start, roundingUp: true),
            upperBound: Self.seconds(end, roundingUp: true))
    }

    /// Instances at or after `start`, in order, lazily.
    public func occurrences(from start: Date) -> OccurrenceSequence {
        sequence(lowerBound: Self.seconds(start, roundingUp: true), upperBound: nil)
    }

    /// Instances with `start <= instant < end`, as an array.
    public func occurrences(between start: Date, and end: Date) -> [Occurrence] {
        Array(occurrences(from: start, to: end))
    }

    /// The first `count` instances.
    public func first(_ count: Int) -> [Occurrence] {
        Array(occurrences().prefix(max(0, count)))
    }

    /// Whether the rule yields nothing after DTSTART (e.g. `FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`), RDATE and
    /// EXDATE aside. Finishes quickly: a rule is searched for at most one 400-year calendar cycle.
    public var neverRecurs: Bool {
        guard let rule else { return true }
        // safe: this set was validated when it was made, so the same values validate again.
        guard let bare = try? RecurrenceSet(start: start, timeReference: timeReference, rule: rule)
        else { return true }
        var iterator = bare.occurrences().makeIterator()
        _ = iterator.next()
        return iterator.next() == nil
    }

    /// The expansion over the zone's transition table.
    private func sequence(lowerBound: Int64?, upperBound: Int64?) -> OccurrenceSequence {
        // safe: the initialiser already checked that the zone is known, so this lookup cannot fail.
        let zone = (try? timeReference.rules()) ?? ZoneRules.utc
        return OccurrenceSequence(
            set: self, zone: zone, lowerBound: lowerBound, upperBound: upperBound)
    }

    /// Whole seconds since the epoch.
    private static func seconds(_ date: Date, roundingUp: Bool) -> Int64 {
        let value = date.timeIntervalSince1970
        return Int64(roundingUp ? value.rounded(.up) : value.rounded(.down))
    }
}
