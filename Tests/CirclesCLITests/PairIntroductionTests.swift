import Foundation
import PostgresTestSupport
import Testing

@Suite("pair introductions through the worker")
struct PairIntroductionTests {
    @Test("each member of a new pair gets one introduction naming the other, their team and a time to meet, escaped for HTML and headers")
    func introductionsAreSent() async throws {
        let scenario = try await WorkerScenario.make(
            prefix: "pairmail",
            members: [("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo <b>Whit</b> & Co")],
            lead: "lead@example.org")
        var env = scenario.environment
        func circles(_ arguments: [String]) async throws -> String { try await WorkerScenario.circles(arguments, environment: env) }
        let today = WorkerScenario.day(inDays: 0)
        _ = try await circles([
            "pairs", "scheme", "create", "--name", "North coffee", "--team", "North", "--rule", "FREQ=WEEKLY;INTERVAL=2",
            "--start", "\(today)T23:30", "--membership", "opt-out", "--action", scenario.actionID,
        ])
        let round = try await circles(["pairs", "round", "run", "North coffee", "--seed", "5", "--format", "csv"])
        // The lead is never paired with someone in the team they lead: one pair, the lead sits out.
        #expect(round.contains("Jo <b>Whit</b> & Co; Siân Jones"), "\(round)")
        #expect(round.contains("Priya Shah,,sat out"), "\(round)")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-spool-\(UUID().uuidString)")
        env["CIRCLES_SMTP_URL"] = "file://" + spool.path
        env["CIRCLES_MAIL_FROM"] = "Circles <circles@example.org>"
        let first = try await runWorker(["run", "--once"], environment: env)
        #expect(first.status == 0, "\(first.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 2)
        #expect(try await runWorker(["run", "--once"], environment: env).standardOutput.contains("sent 0"))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        check.arguments = ["-c", """
            import sys, glob, email.policy
            from email.parser import BytesParser
            subjects = []
            for path in glob.glob(sys.argv[1] + '/*.eml'):
                with open(path, 'rb') as f:
                    msg = BytesParser(policy=email.policy.strict).parse(f)
                assert not msg.defects, (path, msg.defects)
                subjects.append(str(msg['Subject']))
                assert msg['List-Unsubscribe'], path
                text = msg.get_body(('plain',)).get_content()
                html = msg.get_body(('html',)).get_content()
                assert 'A suggested time to meet:' in text, text
                assert '(North)' in text, text
                assert '<b>Whit' not in html, html
                if 'sw1@example.org' in str(msg['To']):
                    assert 'Jo &lt;b&gt;Whit&lt;/b&gt; &amp; Co' in html, html
                    assert 'Jo <b>Whit</b> & Co (North) <sw2@example.org>' in text, text
            assert sorted(subjects) == ['Your peer pair in \\u201cNorth coffee\\u201d: Jo <b>Whit</b> & Co',
                                        'Your peer pair in \\u201cNorth coffee\\u201d: Siân Jones'], subjects
            """, spool.path]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        try? FileManager.default.removeItem(at: spool)
        try await scenario.database.drop()
    }
}
