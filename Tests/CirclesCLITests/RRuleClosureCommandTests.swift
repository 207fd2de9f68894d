import Foundation
import Testing

@Suite("circles rrule expand with closed days, without a database")
struct RRuleClosureCommandTests {
    /// England and Wales bank holidays that fall on a first Monday in 2026–2027.
    static let firstMondayHolidays = "2026-04-06,2026-05-04,2027-05-03"

    @Test("--on-closure next-working-day moves bank-holiday Mondays to Tuesday at the same local time")
    func nextWorkingDay() async throws {
        let result = try await Circles.run([
            "rrule", "expand", "FREQ=MONTHLY;BYDAY=1MO", "--start", "2026-01-05T10:00", "--timezone", "Europe/London",
            "--until", "2027-12-31T23:59", "--closed", Self.firstMondayHolidays, "--on-closure", "next-working-day",
            "--format", "json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let occurrences = try #require(object["occurrences"] as? [String])
        #expect(occurrences.count == 24)
        #expect(occurrences.contains("2026-04-07T10:00:00+01:00") && !occurrences.contains("2026-04-06T10:00:00+01:00"))
        #expect(occurrences.contains("2027-05-04T10:00:00+01:00"))
        #expect(object["moved"] as? [String] == [
            "2026-04-06T10:00:00+01:00 -> 2026-04-07T10:00:00+01:00",
            "2026-05-04T10:00:00+01:00 -> 2026-05-05T10:00:00+01:00",
            "2027-05-03T10:00:00+01:00 -> 2027-05-04T10:00:00+01:00",
        ])
    }

    @Test("skip, the default, leaves the closed Mondays out and the table says why")
    func skipTable() async throws {
        let result = try await Circles.run([
            "rrule", "expand", "FREQ=MONTHLY;BYDAY=1MO", "--start", "2026-03-02T10:00", "--timezone", "Europe/London",
            "--count", "3", "--closed", "2026-04-06",
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Mon 2026-04-06 skipped: the day is closed"))
        #expect(result.standardOutput.contains("Mon 2026-05-04 10:00:00 +01:00"))
    }

    @Test("a closed date that is not a date is a usage error naming it and the expected form")
    func badDate() async throws {
        let result = try await Circles.run([
            "rrule", "expand", "FREQ=WEEKLY", "--start", "2026-03-02T10:00", "--closed", "2026-04-31",
        ])
        #expect(result.status == 64)
        #expect(result.standardError.contains(#"--closed: "2026-04-31" is not a date; expected YYYY-MM-DD"#))
    }

    @Test("batch requests take closed, on_closure and within_month, and list moved and skipped meetings")
    func batch() async throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("closures-\(UUID().uuidString).jsonl")
        try """
            {"id":"prev","dtstart":"2026-05-18T09:30:00","tzid":"Europe/London","rrule":"FREQ=WEEKLY;BYDAY=MO","limit":3,"closed":["2026-05-25"],"on_closure":"previous-working-day"}
            {"id":"month","dtstart":"2026-04-30T10:00:00","tzid":"Europe/London","rrule":"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1","limit":1,"closed":["2026-04-30"],"on_closure":"next-working-day","within_month":true}
            {"id":"bad","dtstart":"2026-04-30T10:00:00","tzid":"Europe/London","rrule":"FREQ=DAILY","limit":1,"closed":["2026-04-30"],"on_closure":"sometime"}
            """.write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let result = try await Circles.run(["rrule", "expand", "--input", input.path])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == #"{"id":"prev","occurrences":["2026-05-18T09:30:00+01:00","2026-05-22T09:30:00+01:00","2026-06-01T09:30:00+01:00"],"moved":[{"from":"2026-05-25T09:30:00+01:00","to":"2026-05-22T09:30:00+01:00"}],"skipped":[]}"#)
        #expect(lines[1] == #"{"id":"month","occurrences":[],"moved":[],"skipped":[{"at":"2026-04-30T10:00:00+01:00","reason":"outside-month"}]}"#)
        #expect(lines[2].hasPrefix(#"{"id":"bad","error":"on_closure: expected one of skip, next-working-day, previous-working-day"#))
    }
}

@Suite("circles rrule expand --input, numbers and booleans")
struct RRuleBatchValueTests {
    @Test("a limit of 0 or 1 is a number, not a boolean; true as a limit and 1 as within_month are refused")
    func limitsAreNumbers() async throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString).jsonl")
        try """
            {"id":"one","dtstart":"2026-05-18T09:30:00","tzid":"UTC","rrule":"FREQ=DAILY","limit":1}
            {"id":"zero","dtstart":"2026-05-18T09:30:00","tzid":"UTC","rrule":"FREQ=DAILY","limit":0}
            {"id":"true","dtstart":"2026-05-18T09:30:00","tzid":"UTC","rrule":"FREQ=DAILY","limit":true}
            {"id":"flag","dtstart":"2026-05-18T09:30:00","tzid":"UTC","rrule":"FREQ=DAILY","limit":1,"closed":[],"within_month":1}
            """.write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let lines = try await Circles.run(["rrule", "expand", "--input", input.path]).standardOutput.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == #"{"id":"one","occurrences":["2026-05-18T09:30:00+00:00"]}"#)
        #expect(lines[1] == #"{"id":"zero","occurrences":[]}"#)
        #expect(lines[2].hasPrefix(#"{"id":"true","error":"limit: required"#))
        #expect(lines[3] == #"{"id":"flag","error":"within_month: expected true or false"}"#)
    }
}
