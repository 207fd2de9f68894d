import Foundation
import PostgresTestSupport
import Testing

/// The worker against a real SMTP server (aiosmtpd) and a real PostgreSQL, failing on purpose.
@Suite("circles-worker under failure: SMTP answers, several workers, kill -9, a database restart")
struct WorkerReliabilityTests {
    func worker(_ arguments: [String], environment: [String: String]) async throws -> CommandResult {
        try await runWorker(arguments, environment: environment)
    }

    /// Polls `condition` every 200 ms until it holds or `seconds` pass; returns whether it held.
    func eventually(within seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    @Test("a 4xx answer is tried again later and delivered; a 5xx answer ends as failed with the server's answer")
    func temporaryAndPermanentFailures() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(
            prefix: "smtpfail", members: [("flaky-sam@example.org", "Sam Flaky"), ("reject-jo@example.org", "Jo Gone"), ("ok@example.org", "Olu Kay")])
        let day = WorkerScenario.day(inDays: 2)
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(day)T14:00", "--duration", "1h",
            "--whole-team", "--reminders", "3d",
        ])
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        let first = try await worker(["run", "--once"], environment: env)
        #expect(first.status == 0, "\(first.standardError)")
        let connection = try await scenario.database.connect()
        func outbox() async throws -> [String] {
            try await connection.query("""
                SELECT p.email, r.state, r.attempts, coalesce(r.last_error, '') FROM reminder_outbox r JOIN people p ON p.id = r.recipient_id
                ORDER BY p.email, r.kind
                """).decode((String, String, Int, String).self).map { row in
                    // The server's answer, by its reply code.
                    let answer = ["451 4.4.1", "550 5.1.1"].first { row.3.contains($0) } ?? row.3
                    return "\(row.0) \(row.1) \(row.2) \(answer)"
                }
        }
        // Each person has an invitation and a reminder.
        let afterFirst = try await outbox()
        #expect(afterFirst == [
            "flaky-sam@example.org pending 1 451 4.4.1", "flaky-sam@example.org pending 1 451 4.4.1",
            "ok@example.org sent 1 ", "ok@example.org sent 1 ",
            "reject-jo@example.org failed 1 550 5.1.1", "reject-jo@example.org failed 1 550 5.1.1",
        ])
        let retryAt = try await connection.query("SELECT bool_and(next_attempt_at > due_at) FROM reminder_outbox WHERE state = 'pending'")[0]
            .decode(Bool.self, at: 0)
        #expect(retryAt, "a deferred reminder waits for its back-off before the next attempt")
        // Its retry time comes: the next run delivers it.
        _ = try await connection.query("UPDATE reminder_outbox SET next_attempt_at = now() WHERE state = 'pending'")
        let second = try await worker(["run", "--once"], environment: env)
        #expect(second.status == 0, "\(second.standardError)")
        #expect(try await outbox().filter { $0.hasPrefix("flaky") } == ["flaky-sam@example.org sent 2 ", "flaky-sam@example.org sent 2 "])
        #expect(sink.messages().count == 4)
        #expect(Set(sink.messageIDs()).count == 4)
        #expect(try await sink.strictParseFailures() == nil)
        let failed = try await scenario.circles(["reminders", "list", "--failed", "--format", "csv"])
        #expect(failed.contains("550 5.1.1"))
        await connection.close()
        try await scenario.database.drop()
    }

    @Test("cancelled, moved and opted-out before sending: over SMTP each person gets exactly the mail that is still true")
    func changesBeforeSending() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(
            prefix: "changes", members: [("sw1@example.org", "Sam One"), ("sw2@example.org", "Sol Two"), ("sw3@example.org", "Sky Three")])
        let listing = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=3", "--start", "\(WorkerScenario.day(inDays: 2))T14:00",
            "--duration", "1h", "--whole-team", "--reminders", "3d", "--format", "csv",
        ])
        let meetings = listing.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        try #require(meetings.count == 3)
        // Before any worker runs: the first meeting is cancelled, the second moved to tomorrow, and sw3 opts out.
        _ = try await scenario.circles(["meeting", "cancel", meetings[0], "--reason", "Room unavailable"])
        _ = try await scenario.circles(["meeting", "move", meetings[1], "--to", "\(WorkerScenario.day(inDays: 1))T10:00"])
        _ = try await scenario.circles(["person", "update", "sw3@example.org", "--disable-emails"])
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        let run = try await worker(["run", "--once"], environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        let received = sink.messages().map { data in
            let text = String(decoding: data, as: UTF8.self)
            func header(_ name: String) -> String {
                text.split(separator: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? ""
            }
            let subject = header("Subject").split(separator: ",")[0]
            return "\(header("To").split(separator: "<").last?.dropLast() ?? "") \(subject)\(text.contains("SEQUENCE:1") ? " seq1" : "")"
        }.sorted()
        // Each: the moved meeting's updated invitation and its reminder (now due), and the third
        // meeting's invitation. The first meeting's invitation, the moved meeting's first one, and
        // everything for sw3 were withdrawn before they went out; nobody heard of the first
        // meeting, so nobody is told it is cancelled.
        #expect(received == [
            "sw1@example.org Invitation: Peer support", "sw1@example.org Invitation: Peer support seq1",
            "sw1@example.org Reminder: Peer support seq1",
            "sw2@example.org Invitation: Peer support", "sw2@example.org Invitation: Peer support seq1",
            "sw2@example.org Reminder: Peer support seq1",
        ])
        #expect(try await sink.strictParseFailures() == nil)
        #expect(try await worker(["run", "--once"], environment: env).standardOutput.contains("sent 0"))
        #expect(sink.messages().count == 6)
        try await scenario.database.drop()
    }

    @Test("three workers draining 3,000 reminders at once deliver each exactly once")
    func threeWorkers() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(prefix: "three", members: [("sw1@example.org", "Sam One")])
        let connection = try await scenario.database.connect()
        _ = try await connection.query("""
            INSERT INTO people (email, display_name) SELECT format('load%s@example.org', g), format('Load Person %s', g)
            FROM generate_series(1, 99) g
            """)
        _ = try await connection.query("""
            INSERT INTO team_memberships (team_id, person_id) SELECT t.id, p.id FROM teams t, people p
            WHERE t.name = 'North' AND p.email LIKE 'load%'
            """)
        // 30 meetings in the next fortnight for 100 people: 3,000 invitations, all due now.
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=HOURLY;INTERVAL=12;COUNT=30",
            "--start", "\(WorkerScenario.day(inDays: 1))T09:00", "--duration", "30m", "--whole-team", "--reminders", "1h",
        ])
        func count(_ state: String) async throws -> Int {
            try await connection.query("SELECT count(*) FROM reminder_outbox WHERE kind = 'invitation' AND state = \(state)")[0]
                .decode(Int.self, at: 0)
        }
        #expect(try await count("pending") == 3_000)
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        env["CIRCLES_BATCH_SIZE"] = "50"
        let workers = try (1...3).map { try WorkerProcess(name: "w\($0)", environment: env) }
        let drained = try await eventually(within: 240) { try await count("sent") == 3_000 }
        var statuses: [Int32?] = []
        for worker in workers { statuses.append(try await worker.stop()) }
        let sent = try await count("sent")
        #expect(drained, "sent \(sent) of 3,000; logs: \(workers.map(\.output).joined().suffix(2_000))")
        #expect(statuses == [0, 0, 0])
        let ids = sink.messageIDs()
        #expect(ids.count == 3_000)
        #expect(Set(ids).count == 3_000)
        #expect(try await sink.strictParseFailures() == nil)
        // Every worker took a share.
        for worker in workers { #expect(worker.output.contains("dispatched a batch"), "\(worker.name) sent nothing") }
        await connection.close()
        try await scenario.database.drop()
    }

    @Test("a worker killed with SIGKILL mid-batch loses nothing: another delivers its reminders once the lease expires")
    func killedMidBatch() async throws {
        let sink = try PrivateSMTPSink(options: ["--delay", "0.05"])
        let scenario = try await WorkerScenario.make(
            prefix: "kill", members: (1...10).map { ("sw\($0)@example.org", "Worker \($0)") })
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=HOURLY;INTERVAL=12;COUNT=20",
            "--start", "\(WorkerScenario.day(inDays: 1))T09:00", "--duration", "30m", "--whole-team", "--reminders", "1h",
        ])
        let connection = try await scenario.database.connect()
        func count(_ state: String) async throws -> Int {
            try await connection.query("SELECT count(*) FROM reminder_outbox WHERE kind = 'invitation' AND state = \(state)")[0]
                .decode(Int.self, at: 0)
        }
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        env["CIRCLES_BATCH_SIZE"] = "100"
        env["CIRCLES_LEASE_SECONDS"] = "10"
        let doomed = try WorkerProcess(name: "doomed", environment: env)
        let claimed = try await eventually(within: 60) {
            guard sink.messages().count >= 10 else { return false }
            return try await count("leased") > 0
        }
        #expect(claimed)
        #expect(try await doomed.stop(SIGKILL) == SIGKILL)
        let stranded = try await count("leased")
        #expect(stranded > 0, "the killed worker held leases")
        let rescuer = try WorkerProcess(name: "rescuer", environment: env)
        let drained = try await eventually(within: 120) { try await count("sent") == 200 }
        #expect(try await rescuer.stop() == 0)
        let sent = try await count("sent")
        #expect(drained, "sent \(sent) of 200; \(rescuer.output.suffix(2_000))")
        let ids = sink.messageIDs()
        #expect(Set(ids).count == 200, "every invitation arrived")
        // At most the killed worker's in-flight batch arrives twice, each duplicate with the same Message-ID.
        #expect(ids.count - Set(ids).count <= 100)
        #expect(try await sink.strictParseFailures() == nil)
        let retried = try await connection.query("SELECT count(*) FROM reminder_outbox WHERE attempts > 1")[0].decode(Int.self, at: 0)
        #expect(retried >= stranded)
        await connection.close()
        try await scenario.database.drop()
    }

    @Test("PostgreSQL restarted during a run: the worker reconnects, loses nothing, and still stops cleanly")
    func databaseRestart() async throws {
        let cluster = try PrivateCluster()
        let sink = try PrivateSMTPSink(options: ["--delay", "0.02"])
        let env = ["CIRCLES_DATABASE_URL": cluster.url, "CIRCLES_ACTOR": "admin@example.org"]
        func circles(_ arguments: [String]) async throws -> String { try await WorkerScenario.circles(arguments, environment: env) }
        _ = try await circles(["db", "migrate"])
        _ = try await circles(["admin", "add", "--email", "admin@example.org", "--name", "Ada Admin"])
        _ = try await circles(["team", "create", "--name", "North"])
        for n in 1...10 { _ = try await circles(["person", "add", "--email", "sw\(n)@example.org", "--name", "Worker \(n)"]) }
        _ = try await circles(["team", "add-member", "North"] + (1...10).flatMap { ["--email", "sw\($0)@example.org"] })
        _ = try await circles(["workshop", "record", "--team", "North", "--title", "Whose Shoes?", "--date", "2026-11-03"])
        let added = try await circles(["action", "add", "--workshop", "Whose Shoes?", "--title", "Peer support", "--perspective", "practitioner"])
        let actionID = String(added.split(separator: "(id ").last?.dropLast(2) ?? "")
        _ = try await circles([
            "action", "schedule", actionID, "--rule", "FREQ=HOURLY;INTERVAL=12;COUNT=20",
            "--start", "\(WorkerScenario.day(inDays: 1))T09:00", "--duration", "30m", "--whole-team", "--reminders", "1h",
        ])
        var workerEnv = env
        workerEnv["CIRCLES_SMTP_URL"] = sink.url
        workerEnv["CIRCLES_BATCH_SIZE"] = "20"
        workerEnv["CIRCLES_LEASE_SECONDS"] = "10"
        workerEnv["CIRCLES_POLL_INTERVAL_SECONDS"] = "1"
        let worker = try WorkerProcess(name: "survivor", environment: workerEnv)
        #expect(try await eventually(within: 60) { sink.messages().count >= 20 })
        try cluster.stop()
        try await Task.sleep(for: .seconds(3))
        #expect(worker.process.isRunning, "the worker must outlive its database")
        try cluster.start()
        let drained = try await eventually(within: 120) {
            (try? await circles(["reminders", "status"]))?.contains("sent       200") ?? false
        }
        let status = try await worker.stop()
        let finalStatus = (try? await circles(["reminders", "status"])) ?? "no status"
        #expect(drained, "\(finalStatus); \(worker.output.suffix(3_000))")
        #expect(status == 0)
        #expect(Set(sink.messageIDs()).count == 200, "every invitation arrived")
        #expect(try await sink.strictParseFailures() == nil)
    }
}
