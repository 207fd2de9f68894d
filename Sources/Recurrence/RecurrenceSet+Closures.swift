import Foundation

extension RecurrenceSet {
    /// All instances with closed days applied, in order, lazily.
    public func scheduledOccurrences(closures: ClosureRule) -> ScheduledOccurrenceSequence {
        scheduled(closures: closures, base: occurrences(), lowerBound: .min, upperBound: .max)
    }

    /// Instances whose outcome falls in `start <= t < end` (the new time for a moved instance, the
    /// original one for a skipped instance), with closed days applied. Reads the rule a little
    /// wider than the bounds, so that a meeting moved into or out of the window is decided right.
    public func scheduledOccurrences(closures: ClosureRule, from start: Date, to end: Date) -> ScheduledOccurrenceSequence {
        let margin = TimeInterval(closures.maximumShiftDays + 2) * 86_400
        let lower = Int64(start.timeIntervalSince1970.rounded(.up))
        let upper = Int64(end.timeIntervalSince1970.rounded(.up))
        return scheduled(
            closures: closures,
            base: occurrences(from: start.addingTimeInterval(-margin), to: end.addingTimeInterval(margin)),
            lowerBound: lower, upperBound: upper)
    }

    private func scheduled(
        closures: ClosureRule, base: OccurrenceSequence, lowerBound: Int64, upperBound: Int64
    ) -> ScheduledOccurrenceSequence {
        ScheduledOccurrenceSequence(
            base: base, closures: closures, zone: base.zone, isFloating: timeReference == .floating,
            lowerBound: lowerBound, upperBound: upperBound)
    }
}
