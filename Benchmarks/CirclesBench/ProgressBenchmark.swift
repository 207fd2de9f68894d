import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Postgres
import ProgressRendering

/// `circles audit progress` at national scale: 5,000 teams with a year of history — about
/// 150,000 meetings, 500,000 attendance rows and 50,000 follow-ups — for every team (`--all`,
/// goal < 2 s) and for one team (goal < 100 ms), through the service and through the binary
/// in every output format.
enum ProgressBenchmark {
    static let teams = 5_000
    static let schema = "bench_progress"

    static func run() async {
        do {
            try await measure()
        } catch {
            FileHandle.standardError.write(Data("progress benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    private static func measure() async throws {
        let database = try await BenchSchema.fresh(schema)
        let pool = database.pool
        Bench.say("")
        Bench.say("progress report: \(teams) teams with a year of history")
        let setup = try await Bench.time { try await load(pool) }
        let counts = try await pool.query("""
            SELECT (SELECT count(*) FROM occurrences), (SELECT count(*) FROM attendance), (SELECT count(*) FROM follow_ups),
                   (SELECT count(*) FROM action_items)
            """)[0].decode((Int, Int, Int, Int).self)
        Bench.say("  test data: \(counts.0) meetings, \(counts.1) attendance rows, \(counts.2) follow-ups, \(counts.3) actions")
        Bench.say("  loaded in \(Bench.format(setup, decimals: 1)) s (set-based INSERT … SELECT, triggers off), then VACUUM ANALYZE")

        let services = CirclesServices(pool: pool)
        let actor = "admin@bench.example"
        var report = try await services.progressReport(.all, asOf: nil, as: actor)  // warm the pool and caches
        var allTimings: [Double] = []
        for _ in 0..<5 {
            allTimings.append(try await Bench.time { report = try await services.progressReport(.all, asOf: nil, as: actor) })
        }
        allTimings.sort()
        let actions = report.teams.reduce(0) { $0 + $1.workshops.reduce(0) { $0 + $1.actions.count } }
        Bench.say("  --all (fetch + figures), \(report.teams.count) teams, \(actions) actions: median of 5 \(ms(allTimings[2])) ms, best \(ms(allTimings[0])) ms (goal < 2000 ms)")
        var fetches: [Double] = []
        var sequentialFetches: [Double] = []
        var builds: [Double] = []
        let helper = try await PostgresConnection.connect(pool.configuration)
        for _ in 0..<3 {
            var facts = ProgressFacts(teams: [])
            fetches.append(try await Bench.time {
                facts = try await pool.withConnection { connection in
                    try await connection.withReadOnlySnapshot { connection in
                        try await ProgressStore.facts(.init(teamID: nil, workshopID: nil), cutoff: .instant(Date()), on: connection, alongside: helper)
                    }
                }
            })
            sequentialFetches.append(try await Bench.time {
                _ = try await pool.withTransaction { connection in
                    try ProgressStore.facts(.init(teamID: nil, workshopID: nil), cutoff: .instant(Date()), on: connection)
                }
            })
            let snapshot = facts
            builds.append(await Bench.time { _ = ProgressReport.build(from: snapshot, coverageWeeks: 8) })
        }
        await helper.close()
        Bench.say("    of which reading the facts on two sessions \(ms(fetches.sorted()[1])) ms (on one: \(ms(sequentialFetches.sorted()[1])) ms), computing the figures on one core \(ms(builds.sorted()[1])) ms (medians of 3; the service builds in one part per core)")
        for (name, render) in renderers {
            var size = 0
            let seconds = try await Bench.time {
                var output = ReportWriter { size += $0.count }  // what the CLI does, minus the write(2) calls
                try render(report, &output)
                try output.finish()
            }
            Bench.say("    rendering --all as \(name) (streamed in 64 KiB chunks): \(ms(seconds)) ms, \(size / 1024) KiB")
        }

        var teamTimings: [Double] = []
        for _ in 0..<21 {
            teamTimings.append(try await Bench.time { _ = try await services.progressReport(.team("Team 2500"), asOf: nil, as: actor) })
        }
        teamTimings.sort()
        Bench.say("  --team (fetch + figures): median of 21 \(ms(teamTimings[10])) ms (goal < 100 ms)")

        // Through the real binary, as an operator would run it (process start and connect included).
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("circles").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) is missing: build it with `swift build -c release --product circles`")
        }
        let cliURL = database.binaryURL
        // Standard output goes to /dev/null: the figures are the command's own work (start,
        // connect, read, compute, render, write(2)), not a terminal's or a pipe reader's.
        func cli(_ arguments: [String], runs: Int) throws -> (median: Double, best: Double) {
            var timings: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                try Bench.run(binary, ["audit", "progress"] + arguments + ["--as", actor, "--database-url", cliURL], outputTo: "/dev/null")
                let elapsed = ContinuousClock.now - start
                timings.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            timings.sort()
            return (timings[runs / 2], timings[0])
        }
        Bench.say("  circles audit progress, the release binary, standard output to /dev/null:")
        for format in ["table", "json", "csv", "html"] {
            let (median, best) = try cli(["--team", "Team 2500", "--format", format], runs: 11)
            Bench.say("    --team T --format \(format): median of 11 \(ms(median)) ms, best \(ms(best)) ms (goal < 100 ms)")
        }
        for format in ["table", "json", "csv", "html"] {
            let (median, best) = try cli(["--all", "--format", format], runs: 5)
            Bench.say("    --all --format \(format): median of 5 \(ms(median)) ms, best \(ms(best)) ms (goal < 2000 ms)")
        }
        await pool.close()
    }

    static let renderers: [(String, @Sendable (ProgressReport, inout ReportWriter) throws -> Void)] = [
        ("table", ProgressTableRenderer.render(_:to:)), ("json", ProgressJSONRenderer.render(_:to:)),
        ("csv", ProgressCSVRenderer.render(_:to:)), ("html", ProgressHTMLRenderer.render(_:to:)),
    ]

    static func ms(_ seconds: Double) -> String { Bench.format(seconds * 1000, decimals: 1) }

    /// A year of history per team, generated set-based in the database with triggers off (test data only).
    ///
    /// Each team: 8 people (a lead and 7 members), one workshop with 4 actions, two series — every
    /// three weeks for 4 named people and monthly for 3 — over the past 365 days; about 1 in 20
    /// meetings cancelled and 1 in 20 unrecorded; attendance 70% attended, 10% apologies, 20%
    /// absent; 10 follow-ups from the first held meetings of the three-weekly series, a third open.
    private static func load(_ pool: PostgresPool) async throws {
        try await pool.withConnection { connection in
            try connection.execute("SET session_replication_role = replica")
            try connection.execute(unsafeSQL: """
                INSERT INTO people (email, display_name) VALUES ('admin@bench.example', 'Bench Admin');
                INSERT INTO administrators (person_id) SELECT id FROM people WHERE email = 'admin@bench.example';
                CREATE TEMP TABLE bench_teams AS SELECT g AS n, gen_random_uuid() AS id FROM generate_series(0, \(teams - 1)) g;
                INSERT INTO teams (id, name, time_zone) SELECT id, 'Team ' || n, 'Europe/London' FROM bench_teams;
                CREATE TEMP TABLE bench_people AS
                    SELECT g AS n, g / 8 AS team, g % 8 AS k, gen_random_uuid() AS id FROM generate_series(0, \(teams * 8 - 1)) g;
                INSERT INTO people (id, email, display_name)
                    SELECT id, 'person' || n || '@bench.example', 'Person ' || n FROM bench_people;
                INSERT INTO team_memberships (team_id, person_id, role, joined_at)
                    SELECT t.id, p.id, CASE WHEN p.k = 0 THEN 'lead' ELSE 'member' END, now() - interval '400 days'
                    FROM bench_people p JOIN bench_teams t ON t.n = p.team;
                CREATE TEMP TABLE bench_workshops AS SELECT n AS team, id AS team_id, gen_random_uuid() AS id FROM bench_teams;
                INSERT INTO workshops (id, team_id, title, held_on)
                    SELECT id, team_id, 'Whose Shoes?', current_date - 380 FROM bench_workshops;
                CREATE TEMP TABLE bench_actions AS
                    SELECT w.team, w.team_id, k, w.id AS workshop_id, gen_random_uuid() AS id
                    FROM bench_workshops w, generate_series(0, 3) k;
                INSERT INTO action_items (id, workshop_id, title, perspective, owner_id, status)
                    SELECT a.id, a.workshop_id, 'Action ' || a.k,
                           (ARRAY['service_user','carer','practitioner','manager','organisation'])[1 + (a.team + a.k) % 5],
                           p.id, CASE WHEN a.k = 3 AND a.team % 4 = 0 THEN 'done' ELSE 'open' END
                    FROM bench_actions a JOIN bench_people p ON p.team = a.team AND p.k = a.k + 1;
                INSERT INTO action_item_status_history (action_item_id, from_status, to_status, changed_at)
                    SELECT id, NULL, 'open', now() - interval '380 days' FROM bench_actions;
                CREATE TEMP TABLE bench_series AS
                    SELECT a.team, a.team_id, a.k, a.id AS action_id, gen_random_uuid() AS id FROM bench_actions a WHERE a.k < 2;
                INSERT INTO series (id, team_id, action_item_id, title, rrule, first_local_start, tzid, duration_minutes, owner_id)
                    SELECT s.id, s.team_id, s.action_id, 'Peer support ' || s.k,
                           CASE s.k WHEN 0 THEN 'FREQ=WEEKLY;INTERVAL=3;BYDAY=TU' ELSE 'FREQ=MONTHLY;BYDAY=2WE' END,
                           (current_date - 365)::timestamp + interval '14 hours', 'Europe/London', 90, p.id
                    FROM bench_series s JOIN bench_people p ON p.team = s.team AND p.k = 0;
                INSERT INTO series_attendees (series_id, person_id)
                    SELECT s.id, p.id FROM bench_series s
                    JOIN bench_people p ON p.team = s.team AND ((s.k = 0 AND p.k BETWEEN 1 AND 4) OR (s.k = 1 AND p.k BETWEEN 5 AND 7));
                INSERT INTO occurrences (series_id, original_start, local_start, starts_at, ends_at, status, cancel_reason, cancelled_at)
                    SELECT s.id, t, t AT TIME ZONE 'Europe/London', t, t + interval '90 minutes',
                           CASE (s.team + i) % 20 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'scheduled' ELSE 'held' END,
                           CASE (s.team + i) % 20 WHEN 0 THEN 'Room unavailable' END,
                           CASE (s.team + i) % 20 WHEN 0 THEN t - interval '2 days' END
                    FROM bench_series s
                    CROSS JOIN LATERAL generate_series(0, CASE s.k WHEN 0 THEN 17 ELSE 12 END) i
                    CROSS JOIN LATERAL (SELECT date_trunc('day', now() - interval '365 days') + interval '14 hours'
                                               + i * CASE s.k WHEN 0 THEN interval '21 days' ELSE interval '28 days' END AS t) x
                    WHERE t < now();
                INSERT INTO attendance (occurrence_id, person_id, status)
                    SELECT o.id, a.person_id,
                           CASE WHEN abs(hashtext(o.id::text || a.person_id::text)) % 10 < 7 THEN 'attended'
                                WHEN abs(hashtext(o.id::text || a.person_id::text)) % 10 = 7 THEN 'apologies'
                                ELSE 'absent' END
                    FROM occurrences o JOIN series_attendees a ON a.series_id = o.series_id WHERE o.status = 'held';
                INSERT INTO follow_ups (title, owner_id, due_on, status, origin_occurrence_id, origin_action_item_id, completed_at, created_at)
                    SELECT 'Follow-up ' || r.number, p.id, (r.starts_at + interval '14 days')::date,
                           CASE WHEN r.number % 3 = 0 THEN 'open' ELSE 'done' END, r.id, s.action_id,
                           CASE WHEN r.number % 3 = 0 THEN NULL ELSE r.starts_at + interval '7 days' END, r.starts_at
                    FROM (SELECT o.id, o.series_id, o.starts_at,
                                 row_number() OVER (PARTITION BY o.series_id ORDER BY o.starts_at) AS number
                          FROM occurrences o WHERE o.status = 'held') r
                    JOIN bench_series s ON s.id = r.series_id AND s.k = 0
                    JOIN bench_people p ON p.team = s.team AND p.k = 1 + r.number % 4
                    WHERE r.number <= 10;
                """)
            try connection.execute("SET session_replication_role = origin")
        }
        try await pool.execute("VACUUM ANALYZE")
    }
}
