import Foundation
import Recurrence
import Testing

@Suite("RFC 5545 §3.8.5.3 examples")
struct RFCExampleTests {
    @Test("the shared example corpus is present and complete")
    func corpusIsPresent() throws {
        let corpus = try #require(Corpus.shared, "missing \(Corpus.url.path)")
        #expect(corpus.examples.count == 40)
        #expect(corpus.examples.reduce(0) { $0 + $1.expected.count } == 639)
    }

    @Test("each example yields exactly the occurrences the RFC lists", arguments: Corpus.exampleIDs)
    func example(id: String) throws {
        let example = try #require(Corpus.shared?.examples.first { $0.id == id })
        for rule in [example.rrule] + (example.rruleEquivalents ?? []) {
            let set = try RecurrenceSet(
                start: #require(LocalDateTime(iso: example.dtstart.local)),
                timeReference: .zone(example.dtstart.tzid),
                rule: RecurrenceRule(parsing: rule),
                exceptionDates: (example.exdate ?? []).map {
                    try #require(LocalDateTime(iso: $0.local))
                },
                extraDates: (example.rdate ?? []).map { try #require(LocalDateTime(iso: $0.local)) }
            )
            let actual: [Occurrence]
            if let window = example.expansionWindow {
                actual = set.occurrences(
                    between: testInstant(window.startLocal, zone: example.dtstart.tzid),
                    and: testInstant(window.endLocalExclusive, zone: example.dtstart.tzid))
            } else {
                #expect(example.bounded)
                actual = Array(set.occurrences().prefix(10_000))
            }
            #expect(actual.count == example.expectedCount, "\(rule)")
            #expect(actual.map(\.epochSeconds) == example.expected.map(\.epochSeconds), "\(rule)")
            #expect(
                actual.map(\.local.description) == example.expected.map(\.actualLocal), "\(rule)")
            #expect(
                actual.map { $0.utcOffset / 60 } == example.expected.map(\.utcOffsetMinutes),
                "\(rule)")
        }
    }
}
