import Foundation
import Postgres
import PostgresTestSupport
import ReplyFixtures
import ReplyReading
import Testing

/// Calendar replies from a real IMAP server (dovecot), read by the worker binary.
@Suite("circles-worker reads calendar replies", .serialized)
struct ReplyMailboxTests {
    static let members = [
        ("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo Whitfield"),
        ("sw3@example.org", "Sam Okafor"), ("sw4@example.org", "Ana Lima"),
    ]

    /// A team with a weekly series of three meetings from three days ahead, its invitations sent
    /// (to a file sink) with reply addresses, and a mailbox of its own.
    static func setUp(_ prefix: String) async throws -> (WorkerScenario, ReplyMailbox, [String: String], PostgresConnection) {
        let mailbox = try ReplyMailbox()
        let scenario = try await WorkerScenario.make(prefix: prefix, members: members, lead: "lead@example.org")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-replies-\(UUID().uuidString)")
        var env = scenario.environment
        _ = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=3", "--start", "\(WorkerScenario.day(inDays: 3))T14:00",
            "--duration", "90m", "--facilitator", "lead@example.org", "--whole-team", "--reminders", "1h",
        ])
        env["CIRCLES_SMTP_URL"] = "file://" + spool.path
        env["CIRCLES_MAIL_FROM"] = "Circles <circles@example.org>"
        env["CIRCLES_REPLIES_IMAP_URL"] = mailbox.url
        let first = try await runWorker(["run", "--once"], environment: env)
        guard first.status == 0 else { throw TestSetupError("the first worker run failed: \(first.standardError)") }
        // Every invitation names its reply address, with the token, as ORGANIZER and Reply-To.
        let mails = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasSuffix(".eml") }
        for name in mails {
            let message = MIMEMessage(parsing: Array(try Data(contentsOf: spool.appendingPathComponent(name))))
            let calendar = message.parts.first { $0.contentType.mediaType == "text/calendar" }?.text ?? ""
            let replyTo = message.headers.first("Reply-To") ?? ""
            guard replyTo.range(of: #"<circles\+[a-z2-7]{20}@example\.org>"#, options: .regularExpression) != nil,
                calendar.range(of: #"ORGANIZER;CN=[^:]*:mailto:circles\+[a-z2-7]{20}@example\.org"#, options: .regularExpression) != nil,
                let token = ReplyToken.find(in: [replyTo], base: "circles@example.org"),
                calendar.replacingOccurrences(of: "\r\n ", with: "").contains("circles+\(token.value)@example.org")
            else { throw TestSetupError("an invitation without its reply address: \(replyTo) \(calendar.prefix(2_000))") }
        }
        guard mails.count == 15 else { throw TestSetupError("expected 15 invitations, found \(mails.count)") }
        try? FileManager.default.removeItem(at: spool)
        env["CIRCLES_SMTP_URL"] = "file://" + spool.path
        return (scenario, mailbox, env, try await scenario.database.connect())
    }

    @Test("each client's reply, a series reply, a reply after a move and an out-of-order pair end in the right answers; forged, plain, huge, malformed and TNEF mail go to a person; every message ends in exactly one folder")
    func clientsAndEdges() async throws {
        let (scenario, mailbox, env, db) = try await Self.setUp("replies")
        var meetings = try await ScheduledMeeting.all(on: db)
        #expect(meetings.count == 3)
        // The second meeting moves an hour later: its SEQUENCE goes up; sw2's calendar still answers the old one.
        let moved = meetings[1]
        let newTime = ISO8601DateFormatter().string(from: moved.originalStart.addingTimeInterval(3_600))
        _ = try await scenario.circles(["meeting", "move", moved.id, "--to", String(newTime.prefix(16))])
        meetings = try await ScheduledMeeting.all(on: db)
        #expect(meetings[1].sequence > moved.sequence)
        let (m1, m2) = (meetings[0], meetings[1])
        func token(_ email: String, _ meeting: ScheduledMeeting) async throws -> String { try await db.replyToken(email, meeting) }

        let now = Date()
        let sw1m1 = try await token("sw1@example.org", m1), sw2m1 = try await token("sw2@example.org", m1)
        let leadm1 = try await token("lead@example.org", m1), sw1m2 = try await token("sw1@example.org", m2)
        let sw3m1 = try await token("sw3@example.org", m1), sw2m2 = try await token("sw2@example.org", m2)
        let sw4m1 = try await token("sw4@example.org", m1)
        var delivered: [[UInt8]] = [
            // Outlook: no ORGANIZER, the note in COMMENT.
            reply(.outlook, from: "sw1@example.org", name: "Siân Jones", token: sw1m1, meeting: m1, partstat: "DECLINED",
                  extra: ["COMMENT": "On a home visit\\, sorry"]),
            // Google: the occurrence's own SEQUENCE.
            reply(.google, from: "sw2@example.org", name: "Jo Whitfield", token: sw2m1, meeting: m1, partstat: "ACCEPTED"),
            // Apple, from an iCloud alias nobody in Circles has: the token's person.
            reply(.apple, from: "priya.s@icloud.example", name: "Priya Shah", token: leadm1, meeting: m1, partstat: "TENTATIVE"),
            // Thunderbird: the master event only.
            reply(.thunderbird, from: "sw1@example.org", name: "Siân Jones", token: sw1m2, meeting: m2, partstat: "ACCEPTED"),
            // A series-level reply: every meeting still to come.
            reply(.thunderbird, from: "sw3@example.org", name: "Sam Okafor", token: sw3m1, meeting: m1, partstat: "DECLINED",
                  uid: "\(m1.seriesID)@example.org"),
            // After the move, to the SEQUENCE before it: sw2 has said nothing since, so it counts.
            reply(.google, from: "sw2@example.org", name: "Jo Whitfield", token: sw2m2, meeting: m2, partstat: "DECLINED",
                  sequence: moved.sequence),
            // An out-of-order pair: the newer answer arrives first; the older never overrides it.
            reply(.google, from: "sw4@example.org", name: "Ana Lima", token: sw4m1, meeting: m1, partstat: "ACCEPTED",
                  stamp: now.addingTimeInterval(-60)),
            reply(.outlook, from: "sw4@example.org", name: "Ana Lima", token: sw4m1, meeting: m1, partstat: "DECLINED",
                  stamp: now.addingTimeInterval(-3_600)),
        ]
        let matchedCount = delivered.count
        delivered += [
            // A forged token: sw4's token, but sw1 as the attendee.
            reply(.google, from: "sw1@example.org", name: "Siân Jones", token: sw4m1, meeting: m1, partstat: "DECLINED",
                  attendee: "sw1@example.org"),
            // A token nobody was sent.
            reply(.google, from: "sw1@example.org", name: "Siân Jones", token: "zzzzzzzzzzzzzzzzzzzz", meeting: m1, partstat: "DECLINED"),
            reply(.plain, from: "sw2@example.org", name: "Jo Whitfield", token: sw2m1, meeting: m1, partstat: "ACCEPTED"),
            reply(.large, from: "sw2@example.org", name: "Jo Whitfield", token: sw2m1, meeting: m1, partstat: "DECLINED",
                  extra: ["PADDING_BYTES": "15000000"]),
            reply(.malformed, from: "sw2@example.org", name: "Jo Whitfield", token: sw2m1, meeting: m1, partstat: "DECLINED"),
            reply(.tnef, from: "sw2@example.org", name: "Jo Whitfield", token: sw2m1, meeting: m1, partstat: "DECLINED"),
        ]
        #expect(delivered[matchedCount + 3].count > 20_000_000)
        for message in delivered { try await mailbox.deliver(message) }

        let run = try await runWorker(["run", "--once"], environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("replies: \(delivered.count) read, \(matchedCount) matched, 4 need a person, 2 refused"), "\(run.standardOutput)")

        #expect(try await db.answer("sw1@example.org", m1).map { $0.0 } == "declined")
        #expect(try await db.answer("sw1@example.org", m1)?.1 == "On a home visit, sorry")
        #expect(try await db.answer("sw2@example.org", m1)?.0 == "accepted")
        #expect(try await db.answer("lead@example.org", m1)?.0 == "tentative")
        #expect(try await db.answer("sw1@example.org", m2)?.0 == "accepted")
        for meeting in meetings { #expect(try await db.answer("sw3@example.org", meeting)?.0 == "declined") }
        #expect(try await db.answer("sw2@example.org", m2)?.0 == "declined")
        #expect(try await db.answer("sw4@example.org", m1)?.0 == "accepted")
        #expect(try await db.answersRecorded("sw4@example.org", m1) == 1)

        // Every message in exactly one folder: processed for the matched, a person's folder for the rest.
        let folders = try await mailbox.folders()
        #expect(folders["INBOX"] == [])
        #expect(folders[ReplyMailbox.processed]?.count == matchedCount)
        #expect(folders[ReplyMailbox.needsPerson]?.count == delivered.count - matchedCount)

        // A second run finds nothing new and changes nothing.
        let again = try await runWorker(["run", "--once"], environment: env)
        #expect(again.standardOutput.contains("replies: 0 read"), "\(again.standardOutput)")
        #expect(try await db.answersRecorded("sw1@example.org", m1) == 1)

        let status = try await scenario.circles(["replies", "status", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [[String: Any]]
        let entry = try #require(entries?.first)
        #expect(entry["handled"] as? Int == delivered.count)
        #expect(entry["matched"] as? Int == matchedCount)
        #expect(entry["needsPerson"] as? Int == 4)
        #expect(entry["refused"] as? Int == 2)
        #expect(entry["lastPoll"] as? String != nil)
        #expect(try await scenario.circles(["replies", "status"]).contains("needs a person   4"))
        let member = try await Circles.run(["replies", "status"], environment: scenario.environment.merging(["CIRCLES_ACTOR": "sw1@example.org"]) { $1 })
        #expect(member.status == 1)
        await db.close()
        try await scenario.database.drop()
    }

    @Test("a message PostgreSQL refuses is set aside for a person, saying why, and the rest are read; an outsized Message-ID, note or SEQUENCE, or a DTSTAMP from the future, is held to what fits and cannot outrank a later reply; a reply that cannot be taken goes to a person")
    func unrecordableSetAside() async throws {
        let (scenario, mailbox, env, db) = try await Self.setUp("repliesodd")
        let m = try await ScheduledMeeting.all(on: db)[0]
        // Stands in for any value the database refuses that nothing caught before it.
        _ = try await db.execute("ALTER TABLE meeting_responses ADD CONSTRAINT test_refuses_poison CHECK (note IS NULL OR note NOT LIKE 'poison%')")
        func token(_ email: String) async throws -> String { try await db.replyToken(email, m) }
        let flags = String(repeating: "\u{1F1EC}\u{1F1E7}", count: 300)  // 300 characters, 600 code points
        let messages = [
            reply(.outlook, from: "sw1@example.org", name: "Siân Jones", token: try await token("sw1@example.org"), meeting: m,
                  partstat: "DECLINED", extra: ["COMMENT": "poison pill"]),
            reply(.google, from: "sw2@example.org", name: "Jo Whitfield", token: try await token("sw2@example.org"), meeting: m,
                  partstat: "ACCEPTED", extra: ["MESSAGEID": String(repeating: "e\u{301}", count: 600) + "@client.example"]),
            reply(.outlook, from: "sw3@example.org", name: "Sam Okafor", token: try await token("sw3@example.org"), meeting: m,
                  partstat: "TENTATIVE", extra: ["COMMENT": flags]),
            reply(.google, from: "sw4@example.org", name: "Ana Lima", token: try await token("sw4@example.org"), meeting: m,
                  partstat: "ACCEPTED", sequence: 3_000_000_000),
            reply(.google, from: "lead@example.org", name: "Priya Shah", token: try await token("lead@example.org"), meeting: m,
                  partstat: "ACCEPTED", stamp: Date(timeIntervalSince1970: 4_070_908_800)),  // 2099
        ]
        for message in messages { try await mailbox.deliver(message) }
        let run = try await runWorker(["run", "--once"], environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("replies: 5 read, 4 matched, 1 need a person, 0 refused"), "\(run.standardOutput)")
        #expect(try await db.answer("sw1@example.org", m) == nil)
        let reason = try await db.query("SELECT reason FROM reply_messages WHERE outcome = 'needs_person'").map { try $0.decode(String.self, at: 0) }
        #expect(reason == ["Circles could not record it: PostgreSQL refused a value (SQLSTATE 23514, constraint test_refuses_poison)"])
        #expect(try await db.answer("sw2@example.org", m)?.0 == "accepted")
        #expect(try await db.answer("sw3@example.org", m)?.1?.unicodeScalars.count == 500)
        #expect(try await db.answer("sw4@example.org", m)?.0 == "accepted")
        #expect(try await db.answer("lead@example.org", m)?.0 == "accepted")
        var folders = try await mailbox.folders()
        #expect(folders["INBOX"] == [] && folders[ReplyMailbox.processed]?.count == 4 && folders[ReplyMailbox.needsPerson]?.count == 1)

        // A reply to a meeting that was cancelled meanwhile is not taken, and goes to a person.
        let cancelled = try await ScheduledMeeting.all(on: db)[2]
        _ = try await scenario.circles(["meeting", "cancel", cancelled.id, "--reason", "Room unavailable"])
        try await mailbox.deliver(reply(
            .google, from: "sw2@example.org", name: "Jo Whitfield", token: try await db.replyToken("sw2@example.org", cancelled),
            meeting: cancelled, partstat: "DECLINED"))

        // Later replies, with their own SEQUENCE and a DTSTAMP of now, change both answers (a
        // DTSTAMP is to the second: the pause makes it later than the first run's).
        try await Task.sleep(for: .milliseconds(1_100))
        for (email, name) in [("sw4@example.org", "Ana Lima"), ("lead@example.org", "Priya Shah")] {
            try await mailbox.deliver(reply(.google, from: email, name: name, token: try await token(email), meeting: m, partstat: "DECLINED"))
        }
        let later = try await runWorker(["run", "--once"], environment: env)
        #expect(later.status == 0, "\(later.standardError)")
        #expect(try await db.answer("sw4@example.org", m)?.0 == "declined")
        #expect(try await db.answer("lead@example.org", m)?.0 == "declined")
        #expect(try await db.answer("sw2@example.org", cancelled) == nil)
        let notTaken = try await db.query("SELECT reason FROM reply_messages WHERE outcome = 'needs_person' AND reason LIKE '1 not taken%'")
            .map { try $0.decode(String.self, at: 0) }
        #expect(notTaken == ["1 not taken: the meeting was cancelled"])
        folders = try await mailbox.folders()
        #expect(folders["INBOX"] == [] && folders[ReplyMailbox.processed]?.count == 6 && folders[ReplyMailbox.needsPerson]?.count == 2)
        await db.close()
        try await scenario.database.drop()
    }

    @Test("a worker killed with SIGKILL after recording and before moving applies nothing twice and loses nothing after a restart")
    func killedBeforeMove() async throws {
        let (scenario, mailbox, env, db) = try await Self.setUp("replieskill")
        let meetings = try await ScheduledMeeting.all(on: db)
        let people = [("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo Whitfield"), ("sw3@example.org", "Sam Okafor")]
        for (email, name) in people {
            try await mailbox.deliver(
                reply(.google, from: email, name: name, token: try await db.replyToken(email, meetings[0]), meeting: meetings[0], partstat: "DECLINED"))
        }
        var paused = env
        paused["CIRCLES_TEST_REPLIES_PAUSE_BEFORE_MOVE"] = "1"
        let worker = try WorkerProcess(name: "replies-kill", environment: paused, arguments: ["run", "--once"])
        let deadline = ContinuousClock.now + .seconds(60)
        while !worker.output.contains("paused before the move") && worker.process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(worker.output.contains("paused before the move"), "\(worker.output)")
        _ = try await worker.stop(SIGKILL)
        // Recorded and applied, not yet moved.
        for (email, _) in people { #expect(try await db.answersRecorded(email, meetings[0]) == 1) }
        #expect(try await mailbox.folders()["INBOX"]?.count == 3)

        let restart = try await runWorker(["run", "--once"], environment: env)
        #expect(restart.status == 0, "\(restart.standardError)")
        for (email, _) in people {
            #expect(try await db.answersRecorded(email, meetings[0]) == 1)
            #expect(try await db.answer(email, meetings[0])?.0 == "declined")
        }
        let folders = try await mailbox.folders()
        #expect(folders["INBOX"] == [])
        #expect(folders[ReplyMailbox.processed]?.count == 3)
        #expect(folders[ReplyMailbox.needsPerson] == [])
        let status = try await scenario.circles(["replies", "status", "--format", "json"])
        #expect(status.contains("\"handled\" : 3"))
        #expect(status.contains("\"waitingToMove\" : 0"))
        await db.close()
        try await scenario.database.drop()
    }

    @Test("a mailbox of 3,500 replies is read whole in one run: every message is listed, fetched, answered and filed")
    func largeMailbox() async throws {
        // libcurl fails an answer of 150 lines and silently cuts an answer line past 16 KiB (a
        // search for more than about 3,000 UIDs): readers that asked for more lost messages.
        let (scenario, mailbox, env, db) = try await Self.setUp("replieslarge")
        let meetings = try await ScheduledMeeting.all(on: db)
        let people = Self.members.filter { $0.0 != "lead@example.org" }
        var tokens: [(String, String, ScheduledMeeting, String)] = []
        for meeting in meetings {
            for (email, name) in people { tokens.append((email, name, meeting, try await db.replyToken(email, meeting))) }
        }
        let start = Date().addingTimeInterval(-3_600)
        let count = 3_500
        for index in 0..<count {
            let (email, name, meeting, token) = tokens[index % tokens.count]
            try await mailbox.deliver(
                reply(.google, from: email, name: name, token: token, meeting: meeting, partstat: index % 2 == 0 ? "ACCEPTED" : "DECLINED",
                      stamp: start.addingTimeInterval(Double(index))))
        }
        await mailbox.mailbox.close()

        let run = try await runWorker(["run", "--once"], environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("replies: \(count) read, \(count) matched"), "\(run.standardOutput)")
        // The newest answer of each person and meeting wins: the last of the 1,500 for each token.
        for (offset, (email, _, meeting, _)) in tokens.enumerated() {
            let last = (count - 1) - ((count - 1 - offset) % tokens.count)
            #expect(try await db.answer(email, meeting)?.0 == (last % 2 == 0 ? "accepted" : "declined"))
        }
        let folders = try await mailbox.folders()
        #expect(folders["INBOX"] == [])
        #expect(folders[ReplyMailbox.processed]?.count == count)
        await db.close()
        try await scenario.database.drop()
    }

    @Test("the worker daemon reads the mailbox on its own and counts what it read in its metrics")
    func daemonMetrics() async throws {
        let (scenario, mailbox, env, db) = try await Self.setUp("repliesmetrics")
        let meetings = try await ScheduledMeeting.all(on: db)
        let token = try await db.replyToken("sw1@example.org", meetings[0])
        try await mailbox.deliver(reply(.outlook, from: "sw1@example.org", name: "Siân Jones", token: token, meeting: meetings[0], partstat: "ACCEPTED"))
        try await mailbox.deliver(reply(.plain, from: "sw1@example.org", name: "Siân Jones", token: token, meeting: meetings[0], partstat: "ACCEPTED"))
        var daemon = env
        daemon["CIRCLES_METRICS_ADDRESS"] = "127.0.0.1:0"
        daemon["CIRCLES_REPLIES_POLL_INTERVAL"] = "5s"
        let worker = try WorkerProcess(name: "replies-metrics", environment: daemon)
        let base = "http://127.0.0.1:\(try await worker.metricsPort())"
        let deadline = ContinuousClock.now + .seconds(60)
        var scrape = try await Scrape.get(base + "/metrics")
        while scrape.samples["circles_replies_handled_total{outcome=needs_person}"] != 1 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            scrape = try await Scrape.get(base + "/metrics")
        }
        #expect(scrape.samples["circles_replies_handled_total{outcome=matched}"] == 1, "\(scrape.body)")
        #expect(scrape.samples["circles_replies_handled_total{outcome=needs_person}"] == 1)
        #expect(scrape.samples["circles_replies_answers_total{}"] == 1)
        #expect((scrape.samples["circles_replies_polls_total{result=completed}"] ?? 0) >= 1)
        #expect(try await db.answer("sw1@example.org", meetings[0])?.0 == "accepted")
        #expect(try await worker.stop() == 0)
        await db.close()
        try await scenario.database.drop()
    }
}
