import CirclesServices
import CirclesStore
import Foundation
import Mail
import Postgres

/// The reminder queue against pgqueuer (issue 5): claim-and-mark throughput with 1, 2 and 4
/// dispatchers, each job handed to a no-op handler as pgqueuer's are (and without, the queue
/// alone), beside pgqueuer draining the same number of no-op jobs on the same server (with one
/// QueueManager per process, and with five as its own benchmark runs them), interleaved round
/// by round (best of the rounds); `circles-worker` daemons sending over SMTP
/// to the local sink beside the sink's own rate; the worker's resident memory; and the claim
/// query's plan with a million rows in the outbox.
///
/// Settings (environment): CIRCLES_BENCH_QUEUE_TEAMS (600: 73 reminders each, the claim runs' jobs),
/// CIRCLES_BENCH_QUEUE_E2E (5000: reminders each end-to-end run sends),
/// CIRCLES_BENCH_QUEUE_ROUNDS (3), CIRCLES_BENCH_QUEUE_PARTS (all of `claim,e2e,plan`),
/// CIRCLES_BENCH_QUEUE_BATCHES (50,500) and CIRCLES_BENCH_PGQUEUER_BATCHES (10,50,100,500),
/// CIRCLES_BENCH_QUEUE_ONLY (run only the claim contenders whose name contains this text),
/// CIRCLES_PGQUEUER_PYTHON (a Python with pgqueuer and asyncpg; without it pgqueuer is skipped),
/// CIRCLES_BENCH_PYTHON (a Python for the SMTP blaster; default python3).
enum QueueBenchmark {
    static let schema = "bench_queue"
    static let pgqueuerDatabase = "pgqueuer_bench"

    static func run() async {
        do {
            try await measure()
        } catch {
            FileHandle.standardError.write(Data("queue benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    private static func setting(_ name: String, _ fallback: Int) -> Int {
        environment[name].flatMap(Int.init) ?? fallback
    }

    private static func measure() async throws {
        guard let url = environment["CIRCLES_DATABASE_URL"] else {
            throw BenchError("CIRCLES_DATABASE_URL is not set; run `make bench`")
        }
        let parts = Set((environment["CIRCLES_BENCH_QUEUE_PARTS"] ?? "claim,e2e,plan").split(separator: ",").map(String.init))
        let admin = try await PostgresConnection.connect(try PostgresConfiguration(url))
        try await admin.execute(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE; CREATE SCHEMA \(schema)")
        let hasPgqueuerDatabase = try await admin.query("SELECT 1 FROM pg_database WHERE datname = \(pgqueuerDatabase)").count == 1
        if !hasPgqueuerDatabase { try await admin.execute(unsafeSQL: "CREATE DATABASE \(pgqueuerDatabase)") }
        let server = try await admin.query("SHOW server_version")[0].decode(String.self, at: 0)
        await admin.close()

        var configuration = try PostgresConfiguration(url, applicationName: "circles-bench")
        configuration.searchPath = [schema]
        let pool = PostgresPool(configuration, maximumConnections: 2)
        try await Migrator().migrate(pool)
        let fixture = try await QueueFixture.load(pool: pool, teams: setting("CIRCLES_BENCH_QUEUE_TEAMS", 600))
        Bench.say("")
        Bench.say("queue: \(fixture.reminders) meeting reminders (\(fixture.meetings) meetings of \(fixture.teams) teams), PostgreSQL \(server)")

        let rounds = setting("CIRCLES_BENCH_QUEUE_ROUNDS", 3)
        let schemaURL = url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        if parts.contains("claim") {
            try await ClaimRace(pool: pool, configuration: configuration, fixture: fixture, rounds: rounds).run()
        }
        if parts.contains("e2e") {
            let count = min(fixture.reminders, setting("CIRCLES_BENCH_QUEUE_E2E", 5_000))
            try await EndToEnd(pool: pool, fixture: fixture, databaseURL: schemaURL, rounds: rounds, count: count).run()
        }
        if parts.contains("plan") {
            try await ClaimPlan(pool: pool).run()
        }
        await pool.close()
    }
}

/// Teams, people and weekly series by COPY; their meetings and reminders through the services.
struct QueueFixture: Sendable {
    let teams: Int
    let meetings: Int
    let reminders: Int

    static func load(pool: PostgresPool, teams: Int) async throws -> QueueFixture {
        let peoplePerTeam = 10
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "Europe/London") ?? .gmt, formatOptions: [.withFullDate])
        try await pool.withConnection { connection in
            try connection.execute("SET session_replication_role = replica")
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
            var series: [(id: String, team: Int)] = []
            try connection.copyFrom("""
                COPY series (id, team_id, title, rrule, first_local_start, tzid, duration_minutes, owner_id, include_whole_team, location)
                FROM STDIN
                """) { writer in
                for team in 0..<teams {
                    let id = UUID().uuidString
                    series.append((id, team))
                    try writer.append(fields: [
                        id, teamIDs[team], "Peer support \(team)", "FREQ=WEEKLY;BYDAY=TU", "\(today) 10:00", "Europe/London", "90",
                        personIDs[team * peoplePerTeam], "t", "Room \(team % 7 + 1), Civic Centre",
                    ])
                }
            }
            try connection.copyFrom("COPY series_facilitators (series_id, position, person_id) FROM STDIN") { writer in
                for (id, team) in series {
                    for turn in 0..<3 { try writer.append(fields: [id, String(turn), personIDs[team * peoplePerTeam + 1 + turn]]) }
                }
            }
            try connection.execute("SET session_replication_role = origin")
            try connection.execute("ANALYZE")
        }
        let services = CirclesServices(pool: pool, horizonDays: 21)
        let meetings = try await services.extendHorizon()
        let reminders = try await services.enqueueMeetingReminders()
        try await pool.execute("VACUUM ANALYZE")
        return QueueFixture(teams: teams, meetings: meetings, reminders: reminders)
    }

    /// Makes every reminder due again, as if none had been sent; vacuumed, so each round starts alike.
    static func reset(_ pool: PostgresPool, due: Bool) async throws {
        let sentAt: Date? = due ? nil : Date()
        try await pool.execute("""
            UPDATE reminder_outbox SET state = \(due ? "pending" : "sent"), attempts = 0, next_attempt_at = CASE WHEN \(due) THEN now() - interval '1 minute' END,
                sent_at = \(sentAt), lease_holder = NULL, lease_expires_at = NULL, last_error = NULL
            """)
        _ = try await pool.withConnection { connection in try connection.execute("VACUUM ANALYZE reminder_outbox") }
    }

    /// How many reminders are in each state.
    static func states(_ pool: PostgresPool) async throws -> [String: Int] {
        // Meeting reminders only: the workers' own scheduling pass also sends invitations.
        let rows = try await pool.query(
            "SELECT state, count(*) FROM reminder_outbox WHERE kind = 'meeting_reminder' GROUP BY state").decode((String, Int).self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1) })
    }
}
