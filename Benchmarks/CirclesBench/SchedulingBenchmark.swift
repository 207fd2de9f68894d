import CirclesServices
import CirclesStore
import Foundation
import Postgres

/// A national deployment — 5,000 teams, 50,000 people, 10,000 active series — generating the
/// 90-day horizon of meetings, against COPYing the same rows; and `circles meeting list` for
/// one team, end to end.
enum SchedulingBenchmark {
    static let teams = 5_000
    static let peoplePerTeam = 10
    static let seriesPerTeam = 2
    static let schema = "bench_scheduling"

    static func run() async {
        do {
            try await measure()
        } catch {
            FileHandle.standardError.write(Data("scheduling benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func measure() async throws {
        let database = try await BenchSchema.fresh(schema)
        let pool = database.pool
        Bench.say("")
        Bench.say("scheduling: \(teams) teams, \(teams * peoplePerTeam) people, \(teams * seriesPerTeam) active series")
        let setup = try await Bench.time { try await load(pool) }
        Bench.say("  test data loaded in \(Bench.format(setup, decimals: 1)) s (COPY, triggers off)")

        let services = CirclesServices(pool: pool)
        var created = 0
        let generate = try await Bench.time { created = try await services.extendHorizon() }
        let rows = try await pool.query("""
            SELECT series_id::text, original_start::text, local_start::text, starts_at::text, ends_at::text, facilitator_id::text
            FROM occurrences
            """).decode((String, String, String, String, String, String?).self)
        try await pool.execute("TRUNCATE occurrences CASCADE")
        let copy = try await Bench.time {
            _ = try await pool.withConnection { connection in
                try connection.copyFrom(
                    "COPY occurrences (series_id, original_start, local_start, starts_at, ends_at, facilitator_id) FROM STDIN"
                ) { writer in
                    for row in rows { try writer.append(fields: [row.0, row.1, row.2, row.3, row.4, row.5]) }
                }
            }
        }
        Bench.say("  90-day horizon, \(created) meetings                seconds")
        Bench.say("    COPY of the same rows                        \(Bench.format(copy, decimals: 2))")
        Bench.say("    extendHorizon (expand + insert)              \(Bench.format(generate, decimals: 2))   ratio \(Bench.format(generate / copy, decimals: 2)) (goal <= 2.00)")

        // Their reminders: enqueued by the pass against COPYing the same outbox rows.
        try await pool.execute("TRUNCATE occurrences CASCADE")
        try await pool.execute("UPDATE series SET materialised_until = NULL")
        _ = try await services.extendHorizon()
        var enqueued = 0
        let enqueue = try await Bench.time { enqueued = try await services.enqueueMeetingReminders() }
        let outbox = try await pool.query("""
            SELECT idempotency_key, kind, recipient_id::text, occurrence_id::text, due_at::text FROM reminder_outbox
            """).decode((String, String, String, String?, String).self)
        try await pool.execute("TRUNCATE reminder_outbox")
        let copyOutbox = try await Bench.time {
            _ = try await pool.withConnection { connection in
                try connection.copyFrom("COPY reminder_outbox (idempotency_key, kind, recipient_id, occurrence_id, due_at) FROM STDIN") { writer in
                    for row in outbox { try writer.append(fields: [row.0, row.1, row.2, row.3, row.4]) }
                }
            }
        }
        Bench.say("  their reminders, \(enqueued) rows                     seconds")
        Bench.say("    COPY of the same rows                        \(Bench.format(copyOutbox, decimals: 2))")
        Bench.say("    enqueueMeetingReminders (plan + insert)      \(Bench.format(enqueue, decimals: 2))   ratio \(Bench.format(enqueue / copyOutbox, decimals: 2)) (goal <= 2.00)")

        // One team's meetings through the real binary, as an operator would run it, once the
        // bulk loads above are vacuumed and analysed (as autovacuum would soon do).
        try await pool.execute("VACUUM ANALYZE")
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("circles").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) is missing: build it with `swift build -c release --product circles`")
        }
        let listURL = database.binaryURL
        var timings: [Double] = []
        var lines = 0
        for _ in 0..<21 {
            let seconds = try await Bench.time {
                let output = try Bench.run(binary, [
                    "meeting", "list", "--team", "Team 2500", "--format", "json", "--as", "admin@bench.example",
                    "--database-url", listURL,
                ])
                lines = output.split(separator: "\n").count
            }
            timings.append(seconds)
        }
        timings.sort()
        Bench.say("  circles meeting list --team T --format json (\(lines) lines), median of 21: \(Bench.format(timings[10] * 1000, decimals: 1)) ms (goal < 50 ms)")
        await pool.close()
    }

    /// Teams, people, memberships, series and rotations by COPY, with triggers off (test data only).
    static func load(_ pool: PostgresPool) async throws {
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Europe/London") ?? .gmt, formatOptions: [.withFullDate])
        try await pool.withConnection { connection in
            try connection.execute("SET session_replication_role = replica")
            let adminID = UUID().uuidString
            try connection.execute("INSERT INTO people (id, email, display_name) VALUES (\(adminID)::uuid, 'admin@bench.example', 'Bench Admin')")
            try connection.execute("INSERT INTO administrators (person_id) VALUES (\(adminID)::uuid)")
            var teamIDs: [String] = []
            var personIDs: [String] = []
            try connection.copyFrom("COPY teams (id, name, time_zone) FROM STDIN") { writer in
                for team in 0..<teams {
                    let id = UUID().uuidString
                    teamIDs.append(id)
                    try writer.append(fields: [id, "Team \(team)", "Europe/London"])
                }
            }
            try connection.copyFrom("COPY people (id, email, display_name) FROM STDIN") { writer in
                for person in 0..<(teams * peoplePerTeam) {
                    let id = UUID().uuidString
                    personIDs.append(id)
                    try writer.append(fields: [id, "person\(person)@bench.example", "Person \(person)"])
                }
            }
            try connection.copyFrom("COPY team_memberships (team_id, person_id, role) FROM STDIN") { writer in
                for (index, person) in personIDs.enumerated() {
                    try writer.append(fields: [teamIDs[index / peoplePerTeam], person, index % peoplePerTeam == 0 ? "lead" : "member"])
                }
            }
            let rules = ["FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=WEEKLY;BYDAY=TH"]
            var series: [(id: String, team: Int)] = []
            try connection.copyFrom("""
                COPY series (id, team_id, title, rrule, first_local_start, tzid, duration_minutes, owner_id, include_whole_team) FROM STDIN
                """) { writer in
                for team in 0..<teams {
                    for number in 0..<seriesPerTeam {
                        let id = UUID().uuidString
                        series.append((id, team))
                        try writer.append(fields: [
                            id, teamIDs[team], "Peer support \(number)", rules[(team * seriesPerTeam + number) % rules.count],
                            "\(today) \(10 + number * 3):00", "Europe/London", "90", personIDs[team * peoplePerTeam], "t",
                        ])
                    }
                }
            }
            try connection.copyFrom("COPY series_facilitators (series_id, position, person_id) FROM STDIN") { writer in
                for (id, team) in series {
                    for turn in 0..<3 {
                        try writer.append(fields: [id, String(turn), personIDs[team * peoplePerTeam + 1 + turn]])
                    }
                }
            }
            try connection.execute("SET session_replication_role = origin")
            try connection.execute("ANALYZE")
        }
    }
}

extension ISO8601DateFormatter {
    static func string(from date: Date, timeZone: TimeZone, formatOptions: ISO8601DateFormatter.Options) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = formatOptions
        return formatter.string(from: date)
    }
}
