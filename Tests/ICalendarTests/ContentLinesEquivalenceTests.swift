import Testing

@testable import ICalendar

/// Escaping, folding and date writing done on bytes give exactly what the scalar-by-scalar
/// references (Reference/ReferenceContentLines.swift) give, on thousands of random inputs.
@Suite("fast content lines match their references")
struct ContentLinesEquivalenceTests {
    static let rounds = 3_000

    @Test("TEXT, parameter and URI values are escaped as the reference escapes them")
    func escaping() {
        var random = RandomCalendarText(seed: 11)
        for _ in 0..<Self.rounds {
            let raw = random.text()
            let results = [
                (ICalText.text(raw), ReferenceContentLines.text(raw)),
                (ICalText.parameter(raw), ReferenceContentLines.parameter(raw)),
                (ICalText.uri(raw), ReferenceContentLines.uri(raw)),
            ]
            guard results.allSatisfy({ $0.0 == $0.1 }) else {
                Issue.record("differs for \(raw.debugDescription): \(results)")
                return
            }
        }
    }

    @Test("lines are folded at 75 octets exactly where the reference folds them")
    func folding() {
        var random = RandomCalendarText(seed: 12)
        for _ in 0..<Self.rounds / 10 {
            var lines = ContentLines()
            var expected = ""
            for _ in 0..<random.below(12) {
                let name = ["SUMMARY", "X-" + String(repeating: "N", count: random.below(80)), "ATTENDEE"][random.below(3)]
                let value = random.text(maximum: 12)
                switch random.below(3) {
                case 0:
                    lines.add(name, value)
                    expected += ReferenceContentLines.fold(name + ":" + value) + "\r\n"
                case 1:
                    let parameters = (0..<random.below(4)).map { _ in ("CN", random.text(maximum: 4)) }
                    lines.add(name, parameters, value)
                    let written = parameters.map { ";\($0.0)=\($0.1)" }.joined()
                    expected += ReferenceContentLines.fold(name + written + ":" + value) + "\r\n"
                default:
                    lines.text(name, value)
                    expected += ReferenceContentLines.fold(name + ":" + ReferenceContentLines.text(value)) + "\r\n"
                }
            }
            var whole = ContentLines()
            whole.add("BEGIN", "VCALENDAR")
            whole.append(lines)
            guard whole.rendered == ReferenceContentLines.fold("BEGIN:VCALENDAR") + "\r\n" + expected else {
                Issue.record("differs: \(lines.rendered.debugDescription) expected \(expected.debugDescription)")
                return
            }
        }
    }

    @Test("local date-times are written as the reference writes them, 1900 to 9999")
    func localDateTimes() {
        var random = RandomCalendarText(seed: 13)
        let low = ICalDateTime.earliest - 14 * 3600
        let high = ICalDateTime.latest + 14 * 3600
        var samples: [Int64] = [low, high, 0, -1, 86_399, 86_400, ICalDateTime.earliest, ICalDateTime.latest]
        for _ in 0..<Self.rounds {
            samples.append(low + Int64(random.next() % UInt64(high - low + 1)))
        }
        for seconds in samples {
            #expect(ICalDateTime.local(seconds) == ReferenceContentLines.local(seconds), "\(seconds)")
        }
    }
}
