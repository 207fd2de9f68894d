import CirclesServices
import Foundation
import Postgres

/// Scheduling a runaway rule (`FREQ=MINUTELY`, `FREQ=SECONDLY`, `FREQ=HOURLY`) is refused, and
/// quickly: the cadence check stops at the first meetings that overlap or crowd a day instead of
/// materialising the ~129,000 meetings `FREQ=MINUTELY` once created. Goal: under 100 ms.
enum RunawayRuleBenchmark {
    static let schema = "bench_runaway"
    static let rounds = 21

    static func run() async {
        do {
            try await measure()
        } catch {
            FileHandle.standardError.write(Data("runaway benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func measure() async throws {
        let database = try await BenchSchema.fresh(schema)
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("circles").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) is missing: build it with `swift build -c release --product circles`")
        }
        let url = database.binaryURL
        func circles(_ arguments: [String]) throws -> String {
            try Bench.run(binary, arguments + ["--database-url", url])
        }
        _ = try circles(["admin", "add", "--email", "admin@bench.example", "--name", "Bench Admin"])
        _ = try circles(["team", "create", "--name", "North", "--as", "admin@bench.example"])
        _ = try circles(["workshop", "record", "--team", "North", "--title", "Whose Shoes?", "--date", "2026-11-03", "--as", "admin@bench.example"])
        let added = try circles([
            "action", "add", "--workshop", "Whose Shoes?", "--title", "Peer support", "--perspective", "practitioner", "--as", "admin@bench.example",
        ])
        let actionID = String(added.split(separator: "(id ").last?.prefix(36) ?? "")

        let services = CirclesServices(pool: database.pool)
        let start = ISO8601DateFormatter.string(
            from: Date().addingTimeInterval(86_400), timeZone: TimeZone(identifier: "Europe/London") ?? .gmt, formatOptions: [.withFullDate])
        Bench.say("")
        Bench.say("runaway rules: action schedule refused (median of \(rounds))        ms")
        for (rule, duration) in [("FREQ=MINUTELY", "90m"), ("FREQ=SECONDLY", "90m"), ("FREQ=HOURLY", "30m")] {
            let request = CirclesServices.ScheduleRequest(
                actionID: actionID, rule: rule, start: "\(start)T14:00", duration: duration, wholeTeam: true)
            var timings: [Double] = []
            for _ in 0..<rounds {
                var refusal = ""
                timings.append(await Bench.time {
                    do { _ = try await services.scheduleAction(request, as: "admin@bench.example") } catch { refusal = "\(error)" }
                })
                // Timed only if refused for the right reason (not, say, an unknown actor).
                guard refusal.contains("may not overlap") else { throw BenchError("\(rule) was not refused by the cadence rule: \(refusal)") }
            }
            timings.sort()
            Bench.say("    \(rule.padding(toLength: 14, withPad: " ", startingAt: 0)) \(duration), service call     \(Bench.format(timings[rounds / 2] * 1000, decimals: 2))   (goal < 100 ms)")
        }
        var timings: [Double] = []
        for _ in 0..<rounds {
            timings.append(try await Bench.time {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = [
                    "action", "schedule", actionID, "--rule", "FREQ=MINUTELY", "--start", "\(start)T14:00", "--duration", "90m", "--whole-team",
                    "--as", "admin@bench.example", "--database-url", url,
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                process.waitUntilExit()
                guard process.terminationStatus == 1 else { throw BenchError("circles action schedule FREQ=MINUTELY was not refused") }
            })
        }
        timings.sort()
        Bench.say("    FREQ=MINUTELY  90m, circles binary     \(Bench.format(timings[rounds / 2] * 1000, decimals: 2))   (goal < 100 ms)")
        await database.pool.close()
    }
}
