import CirclesServices
import Foundation
import Postgres
import PostgresTestSupport
import Testing

/// A pool whose sessions run as the worker's database role.
func workerPool(_ database: TestDatabase) throws -> PostgresPool {
    let url = database.url + (database.url.contains("?") ? "&" : "?") + "options=-c%20role%3Dcircles_worker"
    var configuration = try PostgresConfiguration(url, applicationName: "circles-tests-worker")
    configuration.searchPath = [database.schema]
    return PostgresPool(configuration, maximumConnections: 2)
}

/// Runs several statements at once as the schema's owner.
func runScript(in database: TestDatabase, _ sql: String) async throws {
    let connection = try await database.connect()
    do {
        try await connection.execute(unsafeSQL: sql)
    } catch {
        await connection.close()
        throw error
    }
    await connection.close()
}

@Suite("housekeeping: notes retention and outbox pruning, as the worker")
struct HousekeepingTests {
    @Test("retention removes only notes older than the setting, in batches of one transaction each, audited as system:retention")
    func notesRetention() async throws {
        let scenario = try await SchedulingScenario.make()
        let fixture = scenario.fixture
        let series = try await fixture.services.scheduleAction(scenario.monthly(), as: scenario.lead, now: instant("2026-11-01T09:00:00Z")).series
        // 250 meetings held in 2020 and 5 last week, all with notes; one old and one recent workshop with notes.
        try await runScript(in: fixture.database, """
            INSERT INTO occurrences (series_id, original_start, local_start, starts_at, ends_at, status, notes)
            SELECT '\(series.id)', t, t, t, t + interval '1 hour', 'held', 'notes ' || n
            FROM (SELECT n, CASE WHEN n <= 250 THEN timestamptz '2020-01-01 10:00Z' + n * interval '1 day'
                                 ELSE now() - interval '7 days' + n * interval '1 minute' END AS t
                  FROM generate_series(1, 255) AS n) AS g;
            INSERT INTO workshops (team_id, title, held_on, notes)
            SELECT team_id, 'Old workshop', '2020-02-02', 'old workshop notes' FROM workshops LIMIT 1;
            INSERT INTO workshops (team_id, title, held_on, notes)
            SELECT team_id, 'Recent workshop', current_date - 3, 'recent workshop notes' FROM workshops LIMIT 1;
            """)
        let worker = try workerPool(fixture.database)
        #expect(try await worker.query("SELECT current_user::text")[0].decode(String.self, at: 0) == "circles_worker")
        let removed = try await CirclesServices(pool: worker).purgeExpiredNotes(olderThanDays: 730, batchSize: 100)
        await worker.close()
        #expect(removed == 251)
        let left = try await fixture.pool.query("""
            SELECT (SELECT count(*) FROM occurrences WHERE notes IS NOT NULL), (SELECT string_agg(title, ',') FROM workshops WHERE notes IS NOT NULL)
            """)[0].decode((Int, String?).self)
        #expect(left.0 == 5)
        #expect(left.1 == "Recent workshop")
        let batches = try await fixture.pool.query("""
            SELECT count(*), min(actor_label) FROM audit_log WHERE action = 'notes.retention' GROUP BY txid ORDER BY min(id)
            """).decode((Int, String).self)
        #expect(batches.map(\.0) == [100, 100, 51])
        #expect(batches.allSatisfy { $0.1 == "system:retention" })
        #expect(try await fixture.services.verifyAuditTrail(as: fixture.admin).problems.isEmpty)
        // Nothing left to do: a second run removes nothing.
        let again = try workerPool(fixture.database)
        #expect(try await CirclesServices(pool: again).purgeExpiredNotes(olderThanDays: 730) == 0)
        await again.close()
        try await fixture.tearDown()
    }

    @Test("pruning deletes old sent, failed and cancelled reminders in batches, and keeps pending, leased, recent ones and those for meetings to come")
    func outboxPruning() async throws {
        let scenario = try await SchedulingScenario.make()
        let fixture = scenario.fixture
        let series = try await fixture.services.scheduleAction(scenario.monthly(), as: scenario.lead, now: instant("2026-11-01T09:00:00Z")).series
        try await runScript(in: fixture.database, """
            INSERT INTO occurrences (id, series_id, original_start, local_start, starts_at, ends_at)
            VALUES ('00000000-0000-0000-0000-00000000f00d', '\(series.id)', now() + interval '10 days', now() + interval '10 days',
                    now() + interval '10 days', now() + interval '10 days 1 hour');
            INSERT INTO reminder_outbox (idempotency_key, kind, recipient_id, due_at, state, sent_at, attempts, lease_holder, lease_expires_at, occurrence_id)
            SELECT 'k' || n, 'meeting_reminder', (SELECT id FROM people LIMIT 1), now() - age, state,
                   CASE WHEN state = 'sent' THEN now() - age END, 1,
                   CASE WHEN state = 'leased' THEN 'w' END, CASE WHEN state = 'leased' THEN now() - age + interval '5 minutes' END,
                   CASE WHEN n = 2509 THEN '00000000-0000-0000-0000-00000000f00d'::uuid END
            FROM (SELECT n,
                         CASE WHEN n <= 2500 THEN 'sent' WHEN n <= 2502 THEN 'failed' WHEN n <= 2504 THEN 'cancelled'
                              WHEN n <= 2505 THEN 'pending' WHEN n <= 2506 THEN 'leased' ELSE 'sent' END AS state,
                         CASE WHEN n <= 2506 OR n = 2509 THEN interval '40 days' ELSE interval '2 days' END AS age
                  FROM generate_series(1, 2509) AS n) AS g;
            """)
        let worker = try workerPool(fixture.database)
        let pruned = try await CirclesServices(pool: worker).pruneOutbox(olderThanDays: 30, batchSize: 1_000)
        await worker.close()
        #expect(pruned == 2504)
        // (Scheduling also enqueued invitations, which are pending and left out here.)
        let left = try await fixture.pool.query(
            "SELECT idempotency_key FROM reminder_outbox WHERE kind <> 'invitation' ORDER BY id").decode(String.self)
        // Pending and leased (however old), the two recent sent ones, and the old one for a meeting to come.
        #expect(left == ["k2505", "k2506", "k2507", "k2508", "k2509"])
        try await fixture.tearDown()
    }

    @Test("the worker's housekeeping leaves notes alone when retention is off")
    func retentionOff() async throws {
        let scenario = try await SchedulingScenario.make()
        let fixture = scenario.fixture
        try await fixture.pool.execute("UPDATE workshops SET notes = 'kept', held_on = '2001-01-01'")
        let worker = try workerPool(fixture.database)
        let summary = try await CirclesServices(pool: worker).housekeeping(notesRetentionDays: nil, outboxRetentionDays: 30)
        await worker.close()
        #expect(summary.notesRemoved == 0 && summary.remindersPruned == 0)
        #expect(try await fixture.pool.query("SELECT count(*) FROM workshops WHERE notes = 'kept'")[0].decode(Int.self, at: 0) == 1)
        try await fixture.tearDown()
    }
}
