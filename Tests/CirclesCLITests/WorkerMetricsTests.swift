import Foundation
import PostgresTestSupport
import Testing

@Suite("circles-worker with metrics on: health checks, /metrics, systemd readiness")
struct WorkerMetricsTests {
    @Test("/health/ready answers, and the sent counters move when reminders are sent, as an independent parser reads them")
    func countersMove() async throws {
        let scenario = try await WorkerScenario.make(
            prefix: "metrics", members: [("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones")],
            lead: "lead@example.org")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-metrics-\(UUID().uuidString)")
        // The SMTP sink that make test starts, else a file sink; the transport label says which.
        let smtp = ProcessInfo.processInfo.environment["CIRCLES_SMTP_URL"]
        let transport = smtp == nil ? "file" : "smtp"
        let worker = try WorkerProcess(environment: [
            "CIRCLES_DATABASE_URL": scenario.url, "CIRCLES_SMTP_URL": smtp ?? "file://" + spool.path,
            "CIRCLES_METRICS_ADDRESS": "127.0.0.1:0", "CIRCLES_PASS_INTERVAL_SECONDS": "1", "CIRCLES_POLL_INTERVAL_SECONDS": "1",
        ])
        let base = "http://127.0.0.1:\(try await worker.metricsPort())"
        #expect(try await Scrape.get(base + "/health/live").status == 200)
        let ready = try await eventually { try await Scrape.get(base + "/health/ready") } until: { $0.status == 200 }
        #expect(ready.status == 200, "\(ready.body)")

        let before = try await Scrape.get(base + "/metrics")
        #expect(before.types["circles_reminders_sent"] == "counter")
        #expect(before.types["circles_mail_send_duration_seconds"] == "histogram")
        #expect(before.samples[#"circles_reminders_sent_total{kind=meeting_reminder}"#] == 0)
        #expect(before.samples["circles_database_up{}"] == 1)
        #expect(before.samples["circles_database_pool_max_connections{}"] == 4)

        // A meeting two days away with a reminder three days before: due now, for both members,
        // each of whom is also sent the invitation that came with the series.
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(WorkerScenario.day(inDays: 2))T14:00",
            "--duration", "1h", "--facilitator", "sw1@example.org", "--whole-team", "--reminders", "3d",
        ])
        let after = try await eventually { try await Scrape.get(base + "/metrics") } until: {
            $0.samples[#"circles_reminders_sent_total{kind=meeting_reminder}"#] == 2
                && $0.samples[#"circles_reminders_sent_total{kind=invitation}"#] == 2
        }
        #expect(after.samples[#"circles_reminders_sent_total{kind=meeting_reminder}"#] == 2, "\(after.body)")
        #expect(after.samples[#"circles_reminders_failed_total{kind=meeting_reminder}"#] == 0)
        #expect(after.samples[#"circles_reminders_sent_total{kind=invitation}"#] == 2)
        #expect(after.samples["circles_mail_messages_total{result=delivered,transport=\(transport)}"] == 4)
        #expect((after.samples["circles_mail_send_duration_seconds_count{transport=\(transport)}"] ?? 0) >= 1)
        #expect((after.samples["circles_scheduling_pass_duration_seconds_count{}"] ?? 0) >= 1)
        #expect((after.samples["circles_scheduling_reminders_enqueued_total{}"] ?? 0) >= 2)
        #expect(after.samples["circles_outbox_due_reminders{}"] == 0)
        #expect(after.samples["circles_outbox_reminders{state=leased}"] == 0)
        #expect(try await scenario.circles(["reminders", "status"]).contains("sent       4"))

        #expect(try await Scrape.get(base + "/nothing-here").status == 404)
        let status = try await worker.stop()
        #expect(status == 0, "\(worker.output)")
        try? FileManager.default.removeItem(at: spool)
        try await scenario.database.drop()
    }

    @Test("on a database without migrations the worker is live but not ready, says why, and becomes ready once migrated")
    func readyFollowsMigrations() async throws {
        let database = try await TestDatabase.make(prefix: "notready")
        let url = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-notready-\(UUID().uuidString)")
        let worker = try WorkerProcess(environment: [
            "CIRCLES_DATABASE_URL": url, "CIRCLES_SMTP_URL": "file://" + spool.path, "CIRCLES_METRICS_ADDRESS": "127.0.0.1:0",
        ])
        let base = "http://127.0.0.1:\(try await worker.metricsPort())"
        #expect(try await Scrape.get(base + "/health/live").status == 200)
        let notReady = try await Scrape.get(base + "/health/ready")
        #expect(notReady.status == 503)
        #expect(notReady.body.contains("0001_init pending"), "\(notReady.body)")
        _ = try await WorkerScenario.circles(["db", "migrate"], environment: ["CIRCLES_DATABASE_URL": url])
        let ready = try await eventually { try await Scrape.get(base + "/health/ready") } until: { $0.status == 200 }
        #expect(ready.status == 200, "\(ready.body)")
        #expect(try await worker.stop() == 0)
        try? FileManager.default.removeItem(at: spool)
        try await database.drop()
    }

    @Test("under systemd (NOTIFY_SOCKET) the worker sends READY=1 once ready and STOPPING=1 on SIGTERM")
    func systemdNotify() async throws {
        let scenario = try await WorkerScenario.make(prefix: "notify", members: [("sw1@example.org", "Sam One")])
        let socketPath = "@circles-notify-\(UUID().uuidString.prefix(12))"
        let receiver = try DatagramReceiver(abstractName: socketPath)
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-notify-\(UUID().uuidString)")
        let worker = try WorkerProcess(environment: [
            "CIRCLES_DATABASE_URL": scenario.url, "CIRCLES_SMTP_URL": "file://" + spool.path, "NOTIFY_SOCKET": socketPath,
        ])
        let ready = try await receiver.receive()
        #expect(ready.split(separator: "\n").contains("READY=1"), "\(ready)")
        #expect(try await worker.stop() == 0)
        let stopping = try await receiver.receive()
        #expect(stopping.split(separator: "\n").contains("STOPPING=1"), "\(stopping)")
        try? FileManager.default.removeItem(at: spool)
        try await scenario.database.drop()
    }

    /// Retries `body` every 100 ms for up to 15 s until `done` holds; returns the last value.
    func eventually<T>(_ body: () async throws -> T, until done: (T) -> Bool) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(15)
        var value = try await body()
        while !done(value) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            value = try await body()
        }
        return value
    }
}
