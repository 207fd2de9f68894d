import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// Work a command may ask for is bounded: rules that would flood calendars are refused, edits
/// leave no holes, and an interrupted command stops on the server too.
@Suite("bounded work: runaway rules, edits beyond the horizon, interrupted commands")
struct BoundedWorkCommandTests {
    static let accepted = "meetings of one series may not overlap and at most 2 may fall on one day"

    /// The series id in `action schedule`'s table output: `… (series ID, RULE)`.
    func seriesID(in output: String) throws -> String {
        let after = try #require(output.range(of: "(series ")).upperBound
        return String(output[after...].prefix { $0 != "," })
    }

    /// The meetings of a series as `(id, date)` from `meeting list --series … --format csv`, in time order.
    func meetings(of series: String, days: Int, _ scenario: WorkerScenario) async throws -> [(id: String, date: String)] {
        try await scenario.circles(["meeting", "list", "--series", series, "--days", String(days), "--format", "csv"])
            .split(separator: "\r\n").dropFirst().map { row in
                let cells = row.split(separator: ",", omittingEmptySubsequences: false)
                return (String(cells[0]), String(cells[1]))
            }
    }

    @Test("a rule whose meetings would overlap or crowd a day is refused at schedule, edit and split, in seconds, saying why")
    func runawayRulesRefused() async throws {
        let scenario = try await WorkerScenario.make(prefix: "runaway", members: [("sw1@example.org", "Sam One")])
        let start = "\(WorkerScenario.day(inDays: 1))T14:00"
        func schedule(_ rule: String, duration: String) async throws -> CommandResult {
            try await Circles.run(
                ["action", "schedule", scenario.actionID, "--rule", rule, "--start", start, "--duration", duration, "--whole-team"],
                environment: scenario.environment)
        }
        let minutely = try await schedule("FREQ=MINUTELY", duration: "90m")
        // Before the rule was bounded this ran for minutes and created ~129,000 meetings.
        #expect(minutely.elapsed < .seconds(20))
        #expect(minutely.status == 1)
        #expect(minutely.standardError.contains("every 1 minute, so each meeting of 90 minutes would overlap the next"), "\(minutely.standardError)")
        #expect(minutely.standardError.contains(Self.accepted))
        let secondly = try await schedule("FREQ=SECONDLY", duration: "1m")
        #expect(secondly.status == 1)
        #expect(secondly.standardError.contains("every 1 second"), "\(secondly.standardError)")
        // No overlap, but 24 a day.
        let hourly = try await schedule("FREQ=HOURLY", duration: "30m")
        #expect(hourly.status == 1)
        #expect(hourly.standardError.contains("would put more than 2 meetings on \(WorkerScenario.day(inDays: 1))"), "\(hourly.standardError)")
        #expect(hourly.standardError.contains(Self.accepted))
        let touching = try await schedule("FREQ=DAILY", duration: "24h")
        #expect(touching.status == 1)
        #expect(touching.standardError.contains("every 1 day") || touching.standardError.contains("every 24 hours"), "\(touching.standardError)")
        #expect(try await scenario.circles(["meeting", "list", "--team", "North", "--format", "csv"]).split(separator: "\r\n").count == 1)

        // Twice a day is accepted; then an edit or a split may not make it run away.
        let twice = try await schedule("FREQ=DAILY;BYHOUR=9,14;BYMINUTE=0", duration: "1h")
        #expect(twice.status == 0, "\(twice.standardError)")
        let series = try seriesID(in: twice.standardOutput)
        let edit = try await Circles.run(["series", "edit", series, "--rule", "FREQ=MINUTELY;INTERVAL=30"], environment: scenario.environment)
        #expect(edit.status == 1)
        #expect(edit.standardError.contains("every 30 minutes, so each meeting of 1 hour would overlap the next"), "\(edit.standardError)")
        let longer = try await Circles.run(["series", "edit", series, "--duration", "6h"], environment: scenario.environment)
        #expect(longer.status == 1)
        #expect(longer.standardError.contains("would overlap the next"), "\(longer.standardError)")
        let meeting = try await #require(try meetings(of: series, days: 30, scenario).dropFirst(4).first).id
        let split = try await Circles.run(
            ["series", "split", "--from-meeting", meeting, "--rule", "FREQ=HOURLY;BYHOUR=9,12,15;BYMINUTE=0", "--time", "09:00"],
            environment: scenario.environment)
        #expect(split.status == 1)
        #expect(split.standardError.contains("would put more than 2 meetings on"), "\(split.standardError)")
        #expect(split.standardError.contains(Self.accepted))
        #expect(try await scenario.circles(["series", "show", series, "--format", "csv"]).contains("BYHOUR=9,14"))

        let extend = try await Circles.run(["series", "extend", "--days", "731"], environment: scenario.environment)
        #expect(extend.status == 64)
        #expect(extend.standardError.contains("--days must be between 1 and 730"), "\(extend.standardError)")
        try await scenario.database.drop()
    }

    @Test("an edit after a longer extension regenerates every meeting up to how far the series was created, leaving no hole")
    func editKeepsMeetingsUpToTheWatermark() async throws {
        let scenario = try await WorkerScenario.make(prefix: "watermark", members: [("sw1@example.org", "Sam One")])
        let scheduled = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY", "--start", "\(WorkerScenario.day(inDays: 1))T14:00",
            "--duration", "1h", "--whole-team",
        ])
        let series = try seriesID(in: scheduled)
        _ = try await scenario.circles(["series", "extend", "--days", "400"])
        let extended = try await meetings(of: series, days: 420, scenario)
        #expect(extended.count >= 57, "series extend --days 400 should create a year's weekly meetings")
        _ = try await scenario.circles(["series", "edit", series, "--time", "10:00"])
        let edited = try await meetings(of: series, days: 420, scenario)
        // The same weeks, none missing: every meeting a week after the one before, up to the last.
        // How far the series was created is a moment (400 days from the extension, to the second), so
        // moving the time from 14:00 to 10:00 can bring one more week inside it: run between 10:00 and
        // 14:00 UTC, the week after the last is created too, and nothing else changes.
        #expect(Set(extended.map(\.date)).isSubset(of: Set(edited.map(\.date))), "a week of the extension is missing")
        #expect((0...1).contains(edited.count - extended.count), "\(extended.count) meetings became \(edited.count)")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let days = edited.compactMap { formatter.date(from: $0.date) }
        for (earlier, later) in zip(days, days.dropFirst()) {
            #expect(later.timeIntervalSince(earlier) == 7 * 86_400, "a hole after \(earlier)")
        }
        try await scenario.database.drop()
    }

    /// The scenario's URL with its own application name, to find its sessions in `pg_stat_activity`.
    func url(_ scenario: WorkerScenario, application: String) -> String {
        scenario.url + "&application_name=" + application
    }

    /// How many sessions of `application` are running a statement now.
    func active(_ application: String, _ observer: PostgresConnection) async throws -> Int {
        try await observer.query("""
            SELECT count(*) FROM pg_stat_activity WHERE application_name = \(application) AND state = 'active'
            """)[0].decode(Int.self, at: 0)
    }

    @Test("Ctrl-C on a command whose statement waits on the server ends the command at once and the statement with it")
    func interruptCancelsTheStatement() async throws {
        let scenario = try await WorkerScenario.make(prefix: "sigint", members: [("sw1@example.org", "Sam One")])
        let application = "circles-sigint-\(UUID().uuidString.prefix(8))"
        // Another session holds the teams table, so the command's statement waits on the server.
        let holder = try await scenario.database.connect()
        try await holder.execute(unsafeSQL: "BEGIN; LOCK TABLE teams IN ACCESS EXCLUSIVE MODE")
        let observer = try await scenario.database.connect()

        let process = Process()
        process.executableURL = Circles.executable
        process.arguments = ["meeting", "list", "--team", "North"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["CIRCLES_DATABASE_URL": url(scenario, application: application), "CIRCLES_ACTOR": "admin@example.org"]) { $1 }
        let errorOutput = Pipe()
        process.standardError = errorOutput
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let waiting = ContinuousClock.now + .seconds(20)
        while try await active(application, observer) == 0, ContinuousClock.now < waiting { try await Task.sleep(for: .milliseconds(50)) }
        try #require(try await active(application, observer) == 1, "the command's statement never reached the server")

        let interrupted = ContinuousClock.now
        kill(process.processIdentifier, SIGINT)
        while process.isRunning, ContinuousClock.now - interrupted < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        // An interrupted command exits within 3 s regardless; what shows the statement was cancelled
        // is that it is gone from the server below (a waiting backend outlives its client).
        #expect(ContinuousClock.now - interrupted < .seconds(10), "the command did not stop promptly")
        process.waitUntilExit()
        let message = String(decoding: errorOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(message)")
        #expect(message.contains("interrupted by SIGINT"), "\(message)")
        #expect(try await active(application, observer) == 0, "the statement runs on in PostgreSQL after the command was interrupted")

        try await holder.execute(unsafeSQL: "ROLLBACK")
        await holder.close()
        await observer.close()
        try await scenario.database.drop()
    }

    @Test("cli.statementTimeout stops a command's statement that runs too long; by default 5m")
    func statementTimeoutFromConfiguration() async throws {
        let scenario = try await WorkerScenario.make(prefix: "stmttimeout", members: [("sw1@example.org", "Sam One")])
        #expect(try await scenario.circles(["config", "check"]).contains("cli.statementTimeout"))
        let check = try await scenario.circles(["config", "check", "--format", "json"])
        #expect(check.contains("\"key\" : \"cli.statementTimeout\""), "\(check)")
        let holder = try await scenario.database.connect()
        try await holder.execute(unsafeSQL: "BEGIN; LOCK TABLE teams IN ACCESS EXCLUSIVE MODE")
        var environment = scenario.environment
        environment["CIRCLES_CLI_STATEMENT_TIMEOUT"] = "1s"
        let result = try await Circles.run(["meeting", "list", "--team", "North"], environment: environment)
        #expect(result.elapsed < .seconds(15))
        #expect(result.status == 1)
        #expect(result.standardError.contains("57014"), "\(result.standardError)")
        try await holder.execute(unsafeSQL: "ROLLBACK")
        await holder.close()
        try await scenario.database.drop()
    }

    @Test("rrule expand refuses, at once, an expansion of more than 100,000 occurrences instead of running for hours")
    func expansionIsBounded() async throws {
        let until = try await Circles.run(["rrule", "expand", "FREQ=SECONDLY", "--start", "2026-01-01T00:00", "--until", "2100-01-01T00:00"])
        #expect(until.status == 64)
        #expect(until.standardError.contains("--until allows more than 100000 occurrences"), "\(until.standardError)")
        let counted = try await Circles.run(["rrule", "expand", "FREQ=SECONDLY;COUNT=999999999", "--start", "2026-01-01T00:00"])
        #expect(counted.status == 64)
        #expect(counted.standardError.contains("more than 100000 occurrences"), "\(counted.standardError)")
        let count = try await Circles.run(["rrule", "expand", "FREQ=SECONDLY", "--start", "2026-01-01T00:00", "--count", "100000000"])
        #expect(count.status == 64)
        #expect(count.standardError.contains("--count must be from 0 to 100000"), "\(count.standardError)")
        // Unbounded, the first would run for hours; three refusals take a second or two. Their
        // own run time is what counts: under make test a command may wait its turn to start.
        #expect(until.elapsed + counted.elapsed + count.elapsed < .seconds(30))
    }
}
