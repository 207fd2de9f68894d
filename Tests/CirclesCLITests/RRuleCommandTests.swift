import Foundation
import Testing

@Suite("circles rrule, without a database")
struct RRuleCommandTests {
    @Test("expand prints occurrences in local time with the offset in force, as JSON")
    func expandJSON() async throws {
        let result = try await Circles.run([
            "rrule", "expand", "FREQ=WEEKLY;BYDAY=TU", "--start", "2027-03-23T14:00", "--timezone", "Europe/London",
            "--count", "2", "--format", "json",
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(#""occurrences":["2027-03-23T14:00:00+00:00","2027-03-30T14:00:00+01:00"]"#))
    }

    @Test("batch mode answers each JSON line in order, a bad line with its own error")
    func batch() async throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("rrule-\(UUID().uuidString).jsonl")
        try """
            {"id":"a","dtstart":"2026-12-08T14:00:00","tzid":"Europe/London","rrule":"FREQ=MONTHLY;BYDAY=2TU","limit":2}
            {"id":"b","dtstart":"2026-12-08T14:00:00","tzid":"Europe/London","rrule":"FREQ=MONTHLY;BYDAY=TUE","limit":2}
            {"id":"c","dtstart":"2026-12-08T14:00:00","tzid":"Mars/Olympus","rrule":"FREQ=DAILY","limit":1}
            """.write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let result = try await Circles.run(["rrule", "expand", "--input", input.path])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"id":"a","occurrences":["2026-12-08T14:00:00+00:00","2027-01-12T14:00:00+00:00"]}"#)
        #expect(lines[1].hasPrefix(#"{"id":"b","error":"#) && lines[1].contains("BYDAY=TUE"))
        #expect(lines[2].hasPrefix(#"{"id":"c","error":"#))
    }

    @Test("describe and parse turn rules and phrases into each other")
    func describeAndParse() async throws {
        #expect(try await Circles.run(["rrule", "describe", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"]).standardOutput == "monthly on the last weekday\n")
        #expect(try await Circles.run(["rrule", "parse", "2nd tuesday of the month"]).standardOutput == "FREQ=MONTHLY;BYDAY=2TU\n")
    }

    @Test("a malformed rule or phrase exits 1 naming the part and what is accepted")
    func errors() async throws {
        let rule = try await Circles.run(["rrule", "expand", "FREQ=MONTHLY;BYDAY=TUE", "--start", "2026-12-08T14:00", "--timezone", "Europe/London"])
        #expect(rule.status == 1)
        #expect(rule.standardError == "error: BYDAY=TUE: expected MO, TU, WE, TH, FR, SA or SU, optionally after a signed ordinal such as 2TU or -1FR\n")
        let phrase = try await Circles.run(["rrule", "parse", "whenever"])
        #expect(phrase.status == 1)
        #expect(phrase.standardError.contains("try phrases like \"every 2 weeks on tuesday\""))
    }
}
