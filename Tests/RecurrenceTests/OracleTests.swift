import Foundation
import Recurrence
import TestRequirements
import Testing

/// Compares the engine with python-dateutil (an independent implementation) on generated rules.
///
/// Only rules where RFC 5545 and dateutil agree by construction are compared: DTSTART is left out (dateutil
/// emits it only when it matches the rule; RFC 5545 always counts it), there is no COUNT (for the same
/// reason), BYWEEKNO is not combined with INTERVAL>1 or BYSETPOS (dateutil's periods are calendar years), and
/// BYDAY does not mix plain weekdays with ordinals (dateutil 2.9 wrongly intersects `MO,4TU` instead of taking
/// the union; `ExpansionDetailTests` checks that case by hand). Rules dateutil cannot finish within 0.3 s (those that
/// never occur: it searches to year 9999) are skipped.
@Suite("Agreement with python-dateutil")
struct OracleTests {
    static let script = #"""
        import json, signal, sys
        from datetime import datetime, timezone
        from zoneinfo import ZoneInfo
        from dateutil.rrule import rrulestr

        class Timeout(BaseException):  # not an Exception, so that no library code swallows it
            pass

        def on_alarm(signum, frame):
            raise Timeout()

        signal.signal(signal.SIGVTALRM, on_alarm)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGVTALRM})  # a parent may start us with it blocked
        for line in sys.stdin:
            case = json.loads(line)
            tz = ZoneInfo(case["tzid"])
            start = datetime.fromisoformat(case["dtstart"]).replace(tzinfo=tz)
            first, end = start.timestamp(), case["end"]
            # 0.3 s of this process's own CPU time, not of the clock: a busy machine must not cut rules short.
            signal.setitimer(signal.ITIMER_VIRTUAL, 0.3)
            try:
                seen = set()
                for dt in rrulestr(case["rrule"], dtstart=start):
                    t = int(dt.timestamp())
                    if t >= end:
                        break
                    if t > first:
                        seen.add(t)
                signal.setitimer(signal.ITIMER_VIRTUAL, 0)
                print(json.dumps({"instants": sorted(seen)}), flush=True)
            except Timeout:
                print(json.dumps({"timeout": True}), flush=True)
            except ValueError as error:
                signal.setitimer(signal.ITIMER_VIRTUAL, 0)
                # dateutil refuses rules whose interval can never reach a BYHOUR/BYMINUTE/BYSECOND value;
                # such a rule has no instances after DTSTART.
                if "empty set" not in str(error):
                    raise
                print(json.dumps({"instants": []}), flush=True)
        """#

    /// python3 with dateutil, the oracle.
    static let oracle = Requirement(
        isMet: pythonAvailable,
        missing: "python3 with python-dateutil is not installed; install it with: apt-get install -y python3 python3-dateutil")

    /// Whether python3 with dateutil can be run here.
    static let pythonAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import dateutil, zoneinfo"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    struct Answer: Decodable {
        let instants: [Int64]?
        let timeout: Bool?
    }

    @Test(
        "instants agree with python-dateutil on 400 generated rules",
        .enabled(if: oracle.shouldRun, "python3 with python-dateutil is not installed; skipping the oracle comparison"))
    func agreesWithDateutil() throws {
        try Self.oracle.check()
        var generator = RuleGenerator(seed: 2026)
        generator.allowCount = false
        generator.allowUntil = false
        generator.allowWeekNoWithSetPosOrInterval = false
        generator.allowMixedByDay = false
        var cases: [(GeneratedCase, RecurrenceSet, Int64)] = []
        var input = ""
        while cases.count < 400 {
            let item = generator.next()
            // zoneinfo needs a real zone name; UTC is covered elsewhere.
            guard item.zone != "UTC" else { continue }
            let set = try RecurrenceSet(
                start: item.start, timeReference: .zone(item.zone), rule: item.rule)
            let start = try #require(set.first(1).first)
            let end = start.epochSeconds + item.windowSeconds
            cases.append((item, set, end))
            let line: [String: Any] = [
                "tzid": item.zone, "dtstart": item.start.description,
                "rrule": item.rule.description, "end": end,
            ]
            input +=
                String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self)
                + "\n"
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardError = stderr
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let payload = Data(input.utf8)
        let writer = Thread {
            stdin.fileHandleForWriting.write(payload)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let answers = try String(decoding: output, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Answer.self, from: Data($0.utf8))
        }
        let problem = String(
            decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(answers.count == cases.count, "python3 stopped: \(problem)")

        var compared = 0
        var mismatches = 0
        for ((item, set, end), answer) in zip(cases, answers) {
            // Skip rules dateutil ran out of time on.
            guard let expected = answer.instants else { continue }
            compared += 1
            let start = set.first(1)[0].epochSeconds
            let actual = set.occurrences(
                between: Date(timeIntervalSince1970: TimeInterval(start + 1)),
                and: Date(timeIntervalSince1970: TimeInterval(end))
            ).map(\.epochSeconds)
            if actual != expected {
                mismatches += 1
                let missing = Set(expected).subtracting(actual).sorted().prefix(3)
                let extra = Set(actual).subtracting(expected).sorted().prefix(3)
                Issue.record(
                    "\(item): dateutil has \(expected.count), we have \(actual.count); missing \(Array(missing)), extra \(Array(extra))"
                )
            }
        }
        #expect(compared >= 360, "dateutil timed out on \(cases.count - compared) rules")
        #expect(mismatches == 0)
    }
}
