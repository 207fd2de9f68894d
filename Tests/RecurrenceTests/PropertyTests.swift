import Foundation
import Recurrence
import SeededRandom
import Testing

@Suite("Properties of generated rules")
struct PropertyTests {
    static let cases = 3000

    /// Runs `check` on `cases` generated rules from a fixed seed.
    func forEachCase(seed: UInt64, _ check: (GeneratedCase, RecurrenceSet) throws -> Void) throws {
        var generator = RuleGenerator(seed: seed)
        for _ in 0..<Self.cases {
            let item = generator.next()
            let set = try RecurrenceSet(
                start: item.start, timeReference: .zone(item.zone), rule: item.rule)
            try check(item, set)
        }
    }

    @Test("occurrences strictly increase, none is before DTSTART, and DTSTART comes first")
    func orderedAndAfterStart() throws {
        try forEachCase(seed: 1) { item, set in
            let list = Array(set.occurrences().prefix(300))
            let start = try #require(set.occurrences().first(where: { _ in true }))
            #expect(list.first == start, "\(item)")
            for (a, b) in zip(list, list.dropFirst()) where a.epochSeconds >= b.epochSeconds {
                Issue.record("not increasing: \(a) then \(b) for \(item)")
                break
            }
            #expect(list.allSatisfy { $0.epochSeconds >= start.epochSeconds }, "\(item)")
            #expect(start.local == item.start || start.wasShiftedByGap, "\(item)")
        }
    }

    @Test("COUNT=n gives the first n occurrences of the same rule without COUNT")
    func countIsHonoured() throws {
        try forEachCase(seed: 2) { item, set in
            guard let n = item.rule.count else { return }
            var unbounded = item.rule
            unbounded.end = .never
            let withCount = Array(set.occurrences().prefix(n + 5))
            let reference = try RecurrenceSet(
                start: item.start, timeReference: .zone(item.zone), rule: unbounded)
            let expected = Array(reference.occurrences().prefix(n))
            #expect(withCount.count <= n, "\(item)")
            // Equal unless an instance moved out of a daylight-saving gap merged with another (then fewer).
            if !withCount.contains(where: \.wasShiftedByGap) {
                #expect(withCount == expected, "\(item)")
            } else {
                #expect(
                    withCount == Array(expected.prefix(withCount.count)) || withCount.count < n,
                    "\(item)")
            }
        }
    }

    @Test("every occurrence after DTSTART satisfies each BYxxx part")
    func filtersHold() throws {
        try forEachCase(seed: 3) { item, set in
            for occurrence in set.occurrences().prefix(200).dropFirst()
            where !occurrence.wasShiftedByGap {
                if let part = failedFilter(occurrence.local, item.rule) {
                    Issue.record("\(occurrence) fails \(part) for \(item)")
                    return
                }
            }
        }
    }

    @Test(
        "expanding window by window gives the same as expanding all at once, and as walking from DTSTART"
    )
    func windowsTile() throws {
        var random = SplitMix64(seed: 99)
        try forEachCase(seed: 4) { item, set in
            guard item.rule.count == nil, let first = set.first(1).first else { return }
            let span = item.windowSeconds
            let a = first.epochSeconds + Int64.random(in: 0...span, using: &random)
            let b = a + span
            let date = { (s: Int64) in Date(timeIntervalSince1970: TimeInterval(s)) }
            let whole = set.occurrences(between: date(a), and: date(b))
            let walked = set.occurrences().prefix(while: { $0.epochSeconds < b }).filter {
                $0.epochSeconds >= a
            }
            #expect(whole == walked, "\(item) window \(a)..<\(b)")
            var cuts = (0..<Int.random(in: 1...4, using: &random)).map { _ in
                Int64.random(in: a...b, using: &random)
            }
            cuts = [a] + cuts.sorted() + [b]
            var pieces: [Occurrence] = []
            for (lo, hi) in zip(cuts, cuts.dropFirst()) {
                pieces += set.occurrences(between: date(lo), and: date(hi))
            }
            #expect(pieces == whole, "\(item) cuts \(cuts)")
        }
    }

    @Test("serialising then parsing a rule, or a whole set, gives the same value")
    func roundTrip() throws {
        try forEachCase(seed: 5) { item, set in
            let text = item.rule.description
            let parsed = try RecurrenceRule(parsing: text)
            #expect(parsed == item.rule, "\(text)")
            let later = set.occurrences().prefix(3).map(\.local)
            let full = try RecurrenceSet(
                start: item.start, timeReference: .zone(item.zone), rule: item.rule,
                exceptionDates: Array(later.dropFirst()),
                extraDates: [item.start])
            #expect(try RecurrenceSet(icalendar: full.icalendar) == full, "\(full.icalendar)")
        }
    }
}
