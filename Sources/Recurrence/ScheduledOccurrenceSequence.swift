/// A recurrence set's instances with closed days applied, in order, lazily.
///
/// An instance on a closed day is skipped or moved by the rule's policy. A move goes to the nearest
/// open working day within `maximumShiftDays`, at the same local time, and never onto a day that
/// holds another meeting of the series or past one (meetings stay in order); instances from the same
/// original day move together. A move that cannot be made becomes a skip with its reason. Skipped
/// instances still count towards COUNT, as EXDATE-removed ones do not: the rule made them.
public struct ScheduledOccurrenceSequence: Sequence, Sendable {
    let base: OccurrenceSequence
    let closures: ClosureRule
    let zone: ZoneRules
    let isFloating: Bool
    let lowerBound: Int64
    let upperBound: Int64

    /// Starts an iteration.
    public func makeIterator() -> Iterator {
        Iterator(
            base: base.makeIterator(), closures: closures, zone: zone, isFloating: isFloating,
            lowerBound: lowerBound, upperBound: upperBound)
    }

    /// Walks the instances, looking ahead only as far as a move can reach.
    public struct Iterator: IteratorProtocol {
        private var base: OccurrenceSequence.Iterator
        private let closures: ClosureRule
        private let zone: ZoneRules
        private let isFloating: Bool
        private let lowerBound: Int64
        private let upperBound: Int64
        /// Instances read ahead of the one being decided, oldest first.
        private var pending: [Occurrence] = []
        private var pendingIndex = 0
        private var baseEnded = false
        /// The day of the last instance held, and the day the rule had put it on.
        private var lastHeld: (day: LocalDate, originalDay: LocalDate)?

        init(
            base: OccurrenceSequence.Iterator, closures: ClosureRule, zone: ZoneRules, isFloating: Bool,
            lowerBound: Int64, upperBound: Int64
        ) {
            self.base = base
            self.closures = closures
            self.zone = zone
            self.isFloating = isFloating
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }

        /// The next instance whose outcome falls inside the bounds.
        public mutating func next() -> ScheduledOccurrence? {
            while let decided = decideNext() {
                // The base reads a margin beyond the bounds, so filtering here is enough.
                let instant = decided.held?.epochSeconds ?? decided.original.epochSeconds
                if instant >= lowerBound && instant < upperBound { return decided }
            }
            return nil
        }

        private mutating func pull() -> Occurrence? {
            if pendingIndex < pending.count {
                defer {
                    pendingIndex += 1
                    if pendingIndex == pending.count {
                        pending.removeAll(keepingCapacity: true)
                        pendingIndex = 0
                    }
                }
                return pending[pendingIndex]
            }
            guard !baseEnded, let next = base.next() else {
                baseEnded = true
                return nil
            }
            return next
        }

        /// Reads ahead until an instance later than `day` is buffered or the set ends.
        private mutating func readAhead(through day: LocalDate) {
            while !baseEnded, pending.last.map({ $0.local.date <= day }) ?? true {
                guard let next = base.next() else {
                    baseEnded = true
                    return
                }
                pending.append(next)
            }
        }

        private mutating func decideNext() -> ScheduledOccurrence? {
            guard let occurrence = pull() else { return nil }
            let local = occurrence.local
            let day = local.date
            guard closures.closedDays.isClosed(day) else {
                lastHeld = (day, day)
                return ScheduledOccurrence(original: occurrence, outcome: .kept)
            }
            let step: Int
            switch closures.policy {
            case .skip: return ScheduledOccurrence(original: occurrence, outcome: .skipped(.closed))
            case .nextWorkingDay: step = 1
            case .previousWorkingDay: step = -1
            }
            guard let target = nearestOpenDay(from: day, step: step) else {
                return ScheduledOccurrence(original: occurrence, outcome: .skipped(.noOpenDayNearby))
            }
            if closures.keepWithinMonth && (target.year != day.year || target.month != day.month) {
                return ScheduledOccurrence(original: occurrence, outcome: .skipped(.outsideMonth))
            }
            if isTaken(target, movingFrom: day) {
                return ScheduledOccurrence(original: occurrence, outcome: .skipped(.dayTaken))
            }
            let seconds = Int64(local.hour * 3600 + local.minute * 60 + local.second)
            var cursor = -1
            let resolved = zone.resolve(local: Int64(target.dayNumber) * 86_400 + seconds, cursor: &cursor)
            let moved = Occurrence(
                epochSeconds: resolved.instant, utcOffset: Int(resolved.offset), wasShiftedByGap: resolved.shifted,
                isFloating: isFloating)
            lastHeld = (target, day)
            return ScheduledOccurrence(original: occurrence, outcome: .moved(to: moved))
        }

        private func nearestOpenDay(from day: LocalDate, step: Int) -> LocalDate? {
            for distance in 1...closures.maximumShiftDays {
                let candidate = day.adding(days: step * distance)
                if closures.closedDays.isOpenWorkingDay(candidate) { return candidate }
            }
            return nil
        }

        /// Whether moving a meeting from `day` to `target` would land on, or jump past, another
        /// meeting of the series (meetings from the same original day move together).
        private mutating func isTaken(_ target: LocalDate, movingFrom day: LocalDate) -> Bool {
            if let lastHeld, lastHeld.originalDay != day, lastHeld.day >= target { return true }
            guard target > day else { return false }
            readAhead(through: target)
            for index in pendingIndex..<pending.count {
                let later = pending[index].local.date
                if later > target { break }
                if later != day && !closures.closedDays.isClosed(later) { return true }
            }
            return false
        }
    }
}
