import Foundation
import Recurrence

/// Measures recurrence expansion speed; `Benchmarks/dateutil_bench.py` measures python-dateutil the same way.
enum RecurrenceBenchmark {
    /// The rules compared with python-dateutil, each expanded from 2026-12-08T14:00 Europe/London.
    static let rules = [
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    ]
    /// Occurrences per expansion (the rule's COUNT), the same in the Python script.
    static let count = 1000
    /// Series in the "one year of a weekly rule" figure.
    static let seriesCount = 100_000

    /// Runs every measurement and prints a table.
    static func run() {
        print(
            "Recurrence engine (Swift), Europe/London, DTSTART 2026-12-08T14:00, COUNT=\(count) per expansion"
        )
        print(row("rule", "occurrences", "seconds", "occurrences/s"))
        for rule in rules {
            let (occurrences, seconds) = measureRule(rule)
            print(
                row(
                    rule, "\(occurrences)", format(seconds, 3),
                    format(Double(occurrences) / seconds, 0)))
        }
        let (series, occurrences, seconds) = measureWeeklyYear()
        print("")
        print("One year (2027) of a weekly rule for \(series) series, one core:")
        print(
            row(
                "weekly year", "\(occurrences)", format(seconds, 3),
                format(Double(occurrences) / seconds, 0)))
        print("  \(format(seconds, 3)) s for \(series) series (goal: under 1 s)")

        print("")
        print("Sub-daily rules that never occur again, from 9999-06-01 UTC: time to give up at the end of year 9999")
        for rule in endOfTimeRules {
            let (found, seconds) = measureEndOfTime(rule)
            print(
                row(rule, "\(found)", format(seconds, 3), seconds < 0.2 ? "goal met" : "over 200 ms goal"))
        }
    }

    /// Rules that occur only at DTSTART: expanding them walks to the end of year 9999 and must stop there.
    static let endOfTimeRules = [
        "FREQ=MINUTELY;INTERVAL=999983;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=SECONDLY;INTERVAL=999983;BYMONTH=2;BYMONTHDAY=29",
    ]

    /// Occurrences found when asking for two, and seconds taken (the goal is under 0.2 s each).
    static func measureEndOfTime(_ rule: String) -> (Int, Double) {
        guard let set = try? RecurrenceSet(rule: rule, start: "9999-06-01T00:00", timeZone: "UTC") else {
            print("could not build \(rule)")
            return (0, 0)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let found = set.first(2).count
        return (found, seconds(clock.now - start))
    }

    /// Expands `rule` with COUNT repeatedly for at least half a second; returns occurrences and seconds.
    static func measureRule(_ rule: String) -> (Int, Double) {
        guard
            let set = try? RecurrenceSet(
                rule: rule + ";COUNT=\(count)", start: "2026-12-08T14:00", timeZone: "Europe/London"
            )
        else {
            print("could not build \(rule)")
            return (0, 1)
        }
        var total = 0
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        let start = clock.now
        var elapsed = 0.0
        repeat {
            for _ in 0..<50 {
                for occurrence in set.occurrences() {
                    checksum &+= occurrence.epochSeconds
                    total += 1
                }
            }
            elapsed = seconds(clock.now - start)
        } while elapsed < 0.5
        if checksum == 42 { print("") }  // keeps the loop from being optimised away
        return (total, elapsed)
    }

    /// Expands one year of 100,000 weekly series with varied weekdays, times and zones-local starts.
    static func measureWeeklyYear() -> (Int, Int, Double) {
        let weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        var sets: [RecurrenceSet] = []
        sets.reserveCapacity(seriesCount)
        for i in 0..<seriesCount {
            let day = 1 + i % 28
            let hour = 8 + i % 12
            let rule = "FREQ=WEEKLY;BYDAY=\(weekdays[i % 7])" + (i % 5 == 0 ? ";INTERVAL=2" : "")
            let start =
                "2026-\(i % 12 + 1 < 10 ? "0" : "")\(i % 12 + 1)-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):30"
            guard let set = try? RecurrenceSet(rule: rule, start: start, timeZone: "Europe/London")
            else { continue }
            sets.append(set)
        }
        let from = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01T00:00:00Z
        let to = Date(timeIntervalSince1970: 1_830_297_600)  // 2028-01-01T00:00:00Z
        var total = 0
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        let start = clock.now
        for set in sets {
            for occurrence in set.occurrences(from: from, to: to) {
                checksum &+= occurrence.epochSeconds
                total += 1
            }
        }
        let elapsed = seconds(clock.now - start)
        if checksum == 42 { print("") }
        return (sets.count, total, elapsed)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    static func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        a.padding(toLength: 48, withPad: " ", startingAt: 0) + b.leftPadded(12) + c.leftPadded(10)
            + d.leftPadded(16)
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
