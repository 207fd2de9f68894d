import Foundation
import PostgresTestSupport
import Testing

@Suite("circles-worker run --once")
struct WorkerOnceTests {
    func worker(_ arguments: [String], environment: [String: String]) async throws -> CommandResult {
        try await runWorker(arguments, environment: environment)
    }

    @Test("one pass and one drain send each due reminder once, as mail a strict parser accepts")
    func sendsOnce() async throws {
        let scenario = try await WorkerScenario.make(
            prefix: "worker",
            members: [("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo Whitfield")],
            lead: "lead@example.org")
        let database = scenario.database
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-spool-\(UUID().uuidString)")
        var env = scenario.environment
        func circles(_ arguments: [String]) async throws -> String { try await WorkerScenario.circles(arguments, environment: env) }
        // The first meeting is two days away and its only reminder is three days before: due now.
        let day = WorkerScenario.day(inDays: 2)
        _ = try await circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(day)T14:00", "--duration", "90m",
            "--facilitator", "sw1@example.org", "--whole-team", "--reminders", "3d", "--location", "Room 2",
        ])
        env["CIRCLES_SMTP_URL"] = "file://" + spool.path
        env["CIRCLES_MAIL_FROM"] = "Circles <circles@example.org>"
        let first = try await worker(["run", "--once"], environment: env)
        #expect(first.status == 0, "\(first.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }
        // An invitation (sent when the series was scheduled) and a reminder for each of the three.
        #expect(files.count == 6)
        let second = try await worker(["run", "--once"], environment: env)
        #expect(second.status == 0)
        #expect(second.standardOutput.contains("sent 0"))
        #expect(second.standardOutput.contains("housekeeping: 0 notes removed, 0 reminders pruned"))
        var shortRetention = env
        shortRetention["CIRCLES_NOTES_RETENTION_DAYS"] = "7"
        let refused = try await worker(["run", "--once"], environment: shortRetention)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("retention.notesDays: 7 is out of range; accepted: off, or a whole number from 30 to 36500"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }.count == 6)

        // The operator's view of the outbox, and retrying a failure.
        let status = try await circles(["reminders", "status"])
        #expect(status.contains("sent       6"))
        let superuser = try await database.connect()
        let failedID = try await superuser.query("UPDATE reminder_outbox SET state = 'failed', last_error = '550 no such user' WHERE id = (SELECT min(id) FROM reminder_outbox) RETURNING id")[0].decode(Int64.self, at: 0)
        await superuser.close()
        #expect(try await circles(["reminders", "list", "--failed", "--format", "csv"]).contains("550 no such user"))
        _ = try await circles(["reminders", "retry", String(failedID)])
        let retried = try await Circles.run(["reminders", "retry", String(failedID)], environment: env)
        #expect(retried.status == 1)
        #expect(try await circles(["reminders", "preview", "--until", "2999-01-01", "--format", "csv"]).contains(String(failedID)))

        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            check.arguments = ["-c", """
                import sys, glob, email.policy
                from email.parser import BytesParser
                for path in glob.glob(sys.argv[1] + '/*.eml'):
                    with open(path, 'rb') as f:
                        msg = BytesParser(policy=email.policy.strict).parse(f)
                    assert not msg.defects, (path, msg.defects)
                    assert msg['Subject'].startswith(('Reminder: Peer support', 'Invitation: Peer support')), msg['Subject']
                    assert msg['Message-ID'] and (msg['List-Unsubscribe'] or msg['Subject'].startswith('Invitation'))
                    kinds = [part.get_content_type() for part in msg.walk()]
                    assert 'text/plain' in kinds and 'text/html' in kinds and 'text/calendar' in kinds, kinds
                    for part in msg.walk():
                        assert not part.defects, (path, part.defects)
                """, spool.path]
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0)
        }
        try? FileManager.default.removeItem(at: spool)
        try await database.drop()
    }
}

@Suite("circles-worker run as a daemon")
struct WorkerDaemonTests {
    @Test("a NOTIFY wakes the daemon at once (the poll is a minute), and SIGTERM stops it cleanly with exit 0")
    func notifyAndSigterm() async throws {
        let scenario = try await WorkerScenario.make(prefix: "daemon", members: [("sw1@example.org", "Sam One")])
        let database = scenario.database
        let url = scenario.url
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-daemon-\(UUID().uuidString)")
        func circles(_ arguments: [String]) async throws -> String { try await scenario.circles(arguments) }
        let day = WorkerScenario.day(inDays: 20)
        let listing = try await circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(day)T14:00", "--duration", "1h",
            "--whole-team", "--format", "csv",
        ])
        let meetingID = String(listing.split(separator: "\r\n")[1].split(separator: ",")[0])

        let process = Process()
        process.executableURL = Circles.executable.deletingLastPathComponent().appendingPathComponent("circles-worker")
        process.arguments = ["run", "--name", "daemon-test"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "CIRCLES_DATABASE_URL": url, "CIRCLES_SMTP_URL": "file://" + spool.path, "CIRCLES_POLL_INTERVAL_SECONDS": "60",
            "CIRCLES_PASS_INTERVAL_SECONDS": "3600", "CIRCLES_LOG_LEVEL": "info",
        ]) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("circles-daemon-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardError = logHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // On start it drains what is due: the invitation that came with the series.
        func mails() -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { $0.hasSuffix(".eml") }.count }
        let started = ContinuousClock.now + .seconds(20)
        while mails() == 0 && ContinuousClock.now < started { try await Task.sleep(for: .milliseconds(100)) }
        #expect(mails() == 1, "the invitation was not sent on start")
        try await Task.sleep(for: .seconds(1))
        #expect(process.isRunning, "the daemon should be running")

        // Cancelling enqueues a cancellation notice due now; the NOTIFY should wake the worker long before its poll.
        _ = try await circles(["meeting", "cancel", meetingID, "--reason", "Room unavailable"])
        let woken = ContinuousClock.now + .seconds(15)
        while mails() < 2 && ContinuousClock.now < woken { try await Task.sleep(for: .milliseconds(100)) }
        #expect(mails() == 2, "the cancellation notice was not sent within 15 s; the poll interval is 60 s")

        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "the daemon did not stop within 20 s of SIGTERM")
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try logHandle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("circles-worker stopped"))
        try? FileManager.default.removeItem(at: spool)
        try? FileManager.default.removeItem(at: log)
        try await database.drop()
    }
}
