import CirclesServices
import Foundation
import Postgres

/// The scheduling benchmark's national deployment (5,000 teams, 10,000 active series) generating
/// the 90-day horizon with each team following its own 20-date closure calendar, against the same
/// horizon without closures (issue 16: goal within 1.2×). Runs alternate, and medians are shown.
enum ClosureBenchmark {
    static let schema = "bench_closures"
    static let datesPerTeam = 20
    static let rounds = 3

    static func run() async {
        do {
            try await measure()
        } catch {
            FileHandle.standardError.write(Data("closures benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func measure() async throws {
        let database = try await BenchSchema.fresh(schema)
        let pool = database.pool
        Bench.say("")
        Bench.say(
            "closures: \(SchedulingBenchmark.teams) teams, \(SchedulingBenchmark.teams * SchedulingBenchmark.seriesPerTeam) active series, "
                + "\(datesPerTeam) closed dates per team in the 90 days")
        try await SchedulingBenchmark.load(pool)
        try await loadClosures(pool)
        // Half the series move a meeting off a closed day, half skip it.
        try await pool.execute("UPDATE series SET on_closure = CASE WHEN title LIKE '%0' THEN 'next-working-day' ELSE 'skip' END")
        try await pool.execute("ANALYZE")

        let services = CirclesServices(pool: pool)
        var plain: [Double] = [], closed: [Double] = []
        var plainMeetings = 0, closedMeetings = 0, skipped = 0, moved = 0
        for _ in 0..<rounds {
            try await reset(pool, following: false)
            plain.append(try await Bench.time { plainMeetings = try await services.extendHorizon() })
            try await reset(pool, following: true)
            closed.append(try await Bench.time { closedMeetings = try await services.extendHorizon() })
            skipped = try await pool.query("SELECT count(*)::int8 FROM skipped_meetings").decode(Int.self).first ?? 0
            moved = try await pool.query("SELECT count(*)::int8 FROM occurrences WHERE closure_reason IS NOT NULL").decode(Int.self).first ?? 0
        }
        let plainMedian = plain.sorted()[rounds / 2], closedMedian = closed.sorted()[rounds / 2]
        Bench.say("  90-day horizon (extendHorizon), median of \(rounds)          seconds")
        Bench.say("    without closures, \(plainMeetings) meetings           \(Bench.format(plainMedian, decimals: 2))")
        Bench.say(
            "    with closures, \(closedMeetings) meetings (\(moved) moved, \(skipped) skipped)   \(Bench.format(closedMedian, decimals: 2))   ratio \(Bench.format(closedMedian / plainMedian, decimals: 2)) (goal <= 1.20)")
        await pool.close()
    }

    /// No meetings yet; the teams following their calendars or not.
    private static func reset(_ pool: PostgresPool, following: Bool) async throws {
        try await pool.withConnection { connection in
            try connection.execute("SET session_replication_role = replica")
            try connection.execute("TRUNCATE occurrences, skipped_meetings CASCADE")
            try connection.execute("UPDATE series SET materialised_until = NULL")
            try connection.execute("TRUNCATE team_closure_calendars")
            if following {
                try connection.execute("INSERT INTO team_closure_calendars (team_id, calendar_id) SELECT team_id, id FROM closure_calendars")
            }
            try connection.execute("SET session_replication_role = origin")
            try connection.execute("VACUUM ANALYZE occurrences")
        }
    }

    /// One calendar per team with 20 weekdays in the next 90 days (a different mix per team).
    private static func loadClosures(_ pool: PostgresPool) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        let weekdays = (1...90).map { Date().addingTimeInterval(Double($0) * 86_400) }
            .filter { !calendar.isDateInWeekend($0) }.map { formatter.string(from: $0) }
        try await pool.withConnection { connection in
            try connection.execute("SET session_replication_role = replica")
            let teams = try connection.query("SELECT id::text FROM teams ORDER BY name").decode(String.self)
            var calendars: [(String, String)] = []
            try connection.copyFrom("COPY closure_calendars (id, name, team_id) FROM STDIN") { writer in
                for (index, team) in teams.enumerated() {
                    let id = UUID().uuidString
                    calendars.append((id, team))
                    try writer.append(fields: [id, "Closures \(index)", team])
                }
            }
            try connection.copyFrom("COPY closures (calendar_id, first_day, last_day, reason) FROM STDIN") { writer in
                for (index, (id, _)) in calendars.enumerated() {
                    for number in 0..<datesPerTeam {
                        let day = weekdays[(index + number * 3) % weekdays.count]
                        try writer.append(fields: [id, day, day, "Closed day \(number)"])
                    }
                }
            }
            try connection.execute("SET session_replication_role = origin")
        }
    }
}
