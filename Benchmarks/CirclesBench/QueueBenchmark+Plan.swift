import CirclesStore
import Foundation
import Postgres

/// The due-reminder claim's plan with 1,000,000 rows in the outbox, mostly sent: it must read
/// the small partial index of open (pending or leased) rows, never the table.
struct ClaimPlan {
    let pool: PostgresPool
    static let total = 1_000_000

    func run() async throws {
        let existing = try await pool.query("SELECT count(*) FROM reminder_outbox")[0].decode(Int.self, at: 0)
        // Per 1,000 rows: 960 sent over the past year, 10 cancelled, 5 failed, 20 pending within
        // the next 30 days, 4 pending and due within the last hour, 1 leased (half of them expired).
        let seconds = try await Bench.time {
            try await pool.execute("""
                WITH recipients AS (SELECT array_agg(id) AS ids, count(*) AS n FROM people),
                rows AS (
                    SELECT g, g % 1000 AS slot, r.ids[1 + g % r.n] AS recipient FROM recipients r, generate_series(1, \(ClaimPlan.total - existing)) g
                ),
                shaped AS (
                    SELECT g, recipient,
                           CASE WHEN slot < 960 THEN 'sent' WHEN slot < 970 THEN 'cancelled' WHEN slot < 975 THEN 'failed'
                                WHEN slot < 999 THEN 'pending' ELSE 'leased' END AS state,
                           CASE WHEN slot < 975 THEN now() - make_interval(days => g % 365, mins => g % 1440)
                                WHEN slot < 995 THEN now() + make_interval(days => g % 30, mins => g % 1440)
                                ELSE now() - make_interval(mins => g % 60) END AS due
                    FROM rows
                )
                INSERT INTO reminder_outbox (idempotency_key, kind, recipient_id, due_at, next_attempt_at, state, attempts, sent_at,
                                             lease_holder, lease_expires_at, last_error, created_at)
                SELECT 'plan-' || g, 'meeting_reminder', recipient, due, CASE WHEN state IN ('pending', 'leased') THEN due END, state,
                       CASE WHEN state = 'pending' THEN 0 ELSE 1 END,
                       CASE WHEN state = 'sent' THEN due + interval '2 seconds' END,
                       CASE WHEN state = 'leased' THEN 'bench-worker-' || g % 4 END,
                       CASE WHEN state = 'leased' THEN now() + make_interval(mins => 5 - (g % 2) * 10) END,
                       CASE WHEN state IN ('failed', 'cancelled') THEN 'bench' END,
                       due - interval '3 days'
                FROM shaped
                """)
            _ = try await pool.withConnection { connection in try connection.execute("VACUUM ANALYZE reminder_outbox") }
        }
        let states = try await QueueFixture.states(pool)
        Bench.say("")
        Bench.say("  the claim query with \(states.values.reduce(0, +)) rows in reminder_outbox (\(states.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); loaded in \(Bench.format(seconds, decimals: 1)) s)")
        let statement = OutboxStore.claimStatement(holder: "bench-plan", limit: 50, lease: .seconds(300), now: Date())
        // The claim runs as a prepared statement, which PostgreSQL may switch to a generic plan
        // (parameters unknown) after five executions: show both plans.
        // EXECUTE takes its arguments as SQL literals; these are our own timestamps, numbers and names.
        let arguments = statement.binds.map { $0.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL" }
            .joined(separator: ", ")
        for (title, mode) in [("custom plan", "force_custom_plan"), ("generic plan, as a prepared statement may settle on", "force_generic_plan")] {
            let lines = try await pool.withConnection { connection in
                try connection.execute("BEGIN")
                do {
                    try connection.execute("SELECT set_config('plan_cache_mode', \(mode), true)")
                    try connection.execute(unsafeSQL: "PREPARE bench_claim AS " + statement.sql)
                    let rows = try connection.query(PostgresQuery(
                        unsafeSQL: "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE bench_claim(\(arguments))"))
                    try connection.execute(unsafeSQL: "ROLLBACK; DEALLOCATE bench_claim")
                    return try rows.map { try $0.decode(String.self, at: 0) }
                } catch {
                    _ = try? connection.execute(unsafeSQL: "ROLLBACK; DEALLOCATE ALL")
                    throw error
                }
            }
            Bench.say("    EXPLAIN (ANALYZE, BUFFERS) of OutboxStore.claim, LIMIT 50, \(title); rolled back:")
            for line in lines { Bench.say("      " + line) }
            let plan = lines.joined(separator: "\n")
            let indexed = plan.contains("reminder_outbox_open_idx") && !plan.contains("Seq Scan on reminder_outbox")
            Bench.say("    -> \(indexed ? "index scans only (reminder_outbox_open_idx), no sequential scan of reminder_outbox" : "NOT AN INDEX SCAN")")
            if !indexed { throw BenchError("the claim query does not use the open-reminder index") }
        }
    }
}
