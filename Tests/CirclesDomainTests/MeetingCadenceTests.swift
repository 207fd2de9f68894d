import CirclesDomain
import Foundation
import Testing

@Suite("how often one series may meet")
struct MeetingCadenceTests {
    /// Starts every `minutes` from 2026-12-08 09:00 UTC, with their UTC days, lazily and without end.
    func every(_ minutes: Int, counting reads: Counter? = nil) -> some Sequence<MeetingCadence.Start> {
        let first = Date(timeIntervalSince1970: 1_796_720_400)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return (0...).lazy.map { index in
            reads?.count += 1
            let instant = first.addingTimeInterval(TimeInterval(index * minutes * 60))
            return MeetingCadence.Start(instant: instant, localDay: formatter.string(from: instant))
        }
    }

    final class Counter { var count = 0 }

    @Test("meetings that would overlap the next are refused after reading two starts, saying why and what is accepted")
    func overlapRefusedAtOnce() {
        let reads = Counter()
        let error = #expect(throws: DomainError.self) {
            try MeetingCadence.check(every(1, counting: reads), lengthMinutes: 90, until: .distantFuture, rule: "FREQ=MINUTELY")
        }
        #expect(error?.field == "rule")
        #expect(error?.message.contains("every 1 minute, so each meeting of 90 minutes would overlap the next") == true)
        #expect(error?.message.contains("meetings of one series may not overlap and at most 2 may fall on one day") == true)
        #expect(reads.count == 2)
    }

    @Test("a meeting as long as the gap to the next counts as overlapping; a shorter one does not")
    func backToBack() {
        #expect(throws: DomainError.self) {
            try MeetingCadence.check(every(1440, counting: nil), lengthMinutes: 1440, until: .distantFuture, rule: "FREQ=DAILY")
        }
        #expect(throws: Never.self) {
            try MeetingCadence.check(every(1440, counting: nil), lengthMinutes: 1439, until: Date(timeIntervalSince1970: 1_796_720_400 + 90 * 86_400), rule: "FREQ=DAILY")
        }
    }

    @Test("a third meeting on one day is refused; two a day are accepted through the window")
    func perDay() {
        let error = #expect(throws: DomainError.self) {
            try MeetingCadence.check(every(60, counting: nil), lengthMinutes: 30, until: .distantFuture, rule: "FREQ=HOURLY")
        }
        #expect(error?.message.contains("would put more than 2 meetings on 2026-12-08") == true)
        let reads = Counter()
        let window = Date(timeIntervalSince1970: 1_796_720_400 + 90 * 86_400)
        #expect(throws: Never.self) {
            try MeetingCadence.check(every(720, counting: reads), lengthMinutes: 60, until: window, rule: "FREQ=HOURLY;INTERVAL=12")
        }
        // Reading stops at the window's end: 2 a day for 90 days, and the first beyond it.
        #expect(reads.count == 182)
    }
}
