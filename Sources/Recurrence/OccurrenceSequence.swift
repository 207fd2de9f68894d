/// The instances of a recurrence set in increasing order of instant, computed lazily.
///
/// Each instant appears once. Bounds, when given, are half-open: `lowerBound <= instant < upperBound`.
public struct OccurrenceSequence: Sequence, Sendable {
    let set: RecurrenceSet
    let zone: ZoneRules
    let lowerBound: Int64?
    let upperBound: Int64?

    /// Starts an iteration.
    public func makeIterator() -> Iterator {
        Iterator(set: set, zone: zone, lowerBound: lowerBound, upperBound: upperBound)
    }

    /// Walks the set, merging the rule's instances with RDATEs, removing EXDATEs and duplicates.
    public struct Iterator: IteratorProtocol {
        private var rule: RuleIterator
        /// Instances moved forward out of a gap, waiting for their place; sorted by instant.
        private var held: [RawOccurrence] = []
        private var lookahead: RawOccurrence?
        private let extra: [RawOccurrence]
        private var extraIndex = 0
        private let excluded: [Int64]
        private var excludedIndex = 0
        private var last = Int64.min
        private let lowerBound: Int64
        private let upperBound: Int64
        private let isFloating: Bool

        init(set: RecurrenceSet, zone: ZoneRules, lowerBound: Int64?, upperBound: Int64?) {
            self.lowerBound = lowerBound ?? Int64.min
            self.upperBound = upperBound ?? Int64.max
            isFloating = set.timeReference == .floating
            var cursor = -1
            let resolve: (LocalDateTime) -> RawOccurrence = { local in
                let r = zone.resolve(local: local.localSeconds, cursor: &cursor)
                return RawOccurrence(instant: r.instant, offset: r.offset, shifted: r.shifted)
            }
            extra = set.extraDates.map(resolve).sorted { $0.instant < $1.instant }
            excluded = set.exceptionDates.map { resolve($0).instant }.sorted()
            // Without an RRULE the set's only rule-made instance is DTSTART, which COUNT=1 gives.
            let ruleValue = set.rule ?? RecurrenceRule(frequency: .daily, end: .count(1))
            var skip: Int64?
            if let lowerBound {
                // Start a little early: a gap can move an instance forward by up to a day.
                skip = lowerBound + Int64(zone.offset(atInstant: lowerBound)) - 2 * 86400
            }
            rule = RuleIterator(
                rule: ruleValue, start: set.start, zone: zone,
                untilInstant: ruleValue.until.map { Self.instant(of: $0, zone: zone) },
                skipBefore: skip)
        }

        /// UNTIL as an instant: UTC as given, local in DTSTART's zone, a date at the end of that local day.
        static func instant(of until: Until, zone: ZoneRules) -> Int64 {
            var cursor = -1
            switch until {
            case .utc(let value): return value.localSeconds
            case .local(let value):
                return zone.resolve(local: value.localSeconds, cursor: &cursor).instant
            case .date(let value):
                let endOfDay = Int64(value.dayNumber) * 86400 + 86399
                return zone.resolve(local: endOfDay, cursor: &cursor).instant
            }
        }

        /// The rule's next instance in order of instant.
        private mutating func nextFromRule() -> RawOccurrence? {
            if held.isEmpty && lookahead == nil {
                // The common case: nothing moved out of a gap is waiting.
                guard let candidate = rule.next() else { return nil }
                if !candidate.shifted { return candidate }
                lookahead = candidate
            }
            while true {
                if lookahead == nil { lookahead = rule.next() }
                if let candidate = lookahead, candidate.shifted {
                    // A moved instance: hold it until the ordinary instances catch up with it.
                    let at = held.firstIndex { $0.instant > candidate.instant } ?? held.count
                    held.insert(candidate, at: at)
                    lookahead = nil
                    continue
                }
                if let first = held.first, lookahead.map({ first.instant <= $0.instant }) ?? true {
                    held.removeFirst()
                    return first
                }
                defer { lookahead = nil }
                return lookahead
            }
        }

        /// Peeks at the rule's next instance without consuming it.
        private var peekedRule: RawOccurrence?

        /// The next instance.
        public mutating func next() -> Occurrence? {
            while true {
                let item: RawOccurrence
                if extraIndex == extra.count && peekedRule == nil {
                    // No extra dates left to merge.
                    guard let r = nextFromRule() else { return nil }
                    item = r
                } else {
                    if peekedRule == nil { peekedRule = nextFromRule() }
                    let fromExtra = extraIndex < extra.count ? extra[extraIndex] : nil
                    switch (peekedRule, fromExtra) {
                    case (nil, nil):
                        return nil
                    case (let r?, nil):
                        item = r
                        peekedRule = nil
                    case (nil, let e?):
                        item = e
                        extraIndex += 1
                    case (let r?, let e?):
                        if e.instant < r.instant {
                            item = e
                            extraIndex += 1
                        } else {
                            item = r
                            peekedRule = nil
                        }
                    }
                }
                if item.instant >= upperBound { return nil }
                if item.instant <= last { continue }
                last = item.instant
                if excludedIndex < excluded.count {
                    while excludedIndex < excluded.count && excluded[excludedIndex] < item.instant {
                        excludedIndex += 1
                    }
                    if excludedIndex < excluded.count && excluded[excludedIndex] == item.instant {
                        continue
                    }
                }
                if item.instant < lowerBound { continue }
                return Occurrence(
                    epochSeconds: item.instant, utcOffset: Int(item.offset),
                    wasShiftedByGap: item.shifted,
                    isFloating: isFloating)
            }
        }
    }
}
