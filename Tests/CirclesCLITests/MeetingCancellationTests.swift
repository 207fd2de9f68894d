import Foundation
import PostgresTestSupport
import Testing

/// `meeting cancel` and the worker, over SMTP: a cancellation reaches only those who were invited.
@Suite("cancelling a meeting: only people who were sent the invitation are told")
struct MeetingCancellationTests {
    /// Schedules one meeting 20 days ahead for the whole team (sw1, sw2) and returns its id.
    func scheduleOne(_ scenario: WorkerScenario) async throws -> String {
        let listing = try await scenario.circles([
            "action", "schedule", scenario.actionID, "--rule", "FREQ=WEEKLY;COUNT=1", "--start", "\(WorkerScenario.day(inDays: 20))T14:00",
            "--duration", "1h", "--whole-team", "--reminders", "1d", "--format", "csv",
        ])
        return String(listing.split(separator: "\r\n")[1].split(separator: ",")[0])
    }

    /// `To subject` for each message the sink received, sorted.
    func received(_ sink: PrivateSMTPSink) -> [String] {
        sink.messages().map { data in
            let text = String(decoding: data, as: UTF8.self)
            func header(_ name: String) -> String {
                text.split(separator: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? ""
            }
            return "\(header("To").split(separator: "<").last?.dropLast() ?? "") \(header("Subject").split(separator: ",")[0])"
        }.sorted()
    }

    @Test("a meeting cancelled before its invitations went out mails nobody a cancellation")
    func cancelledBeforeInvitationsWentOut() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(prefix: "cancelearly", members: [("sw1@example.org", "Sam One"), ("sw2@example.org", "Sol Two")])
        let meeting = try await scheduleOne(scenario)
        _ = try await scenario.circles(["meeting", "cancel", meeting, "--reason", "Room unavailable"])
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        let run = try await runWorker(["run", "--once"], environment: env)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(received(sink) == [], "a person who never heard of the meeting got mail about it")
        try await scenario.database.drop()
    }

    @Test("a meeting cancelled after its invitations went out sends each invited person exactly one cancellation")
    func cancelledAfterInvitationsWentOut() async throws {
        let sink = try PrivateSMTPSink()
        let scenario = try await WorkerScenario.make(prefix: "cancellate", members: [("sw1@example.org", "Sam One"), ("sw2@example.org", "Sol Two")])
        let meeting = try await scheduleOne(scenario)
        var env = scenario.environment
        env["CIRCLES_SMTP_URL"] = sink.url
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        #expect(received(sink) == ["sw1@example.org Invitation: Peer support", "sw2@example.org Invitation: Peer support"])
        _ = try await scenario.circles(["meeting", "cancel", meeting, "--reason", "Room unavailable"])
        #expect(try await runWorker(["run", "--once"], environment: env).status == 0)
        #expect(try await runWorker(["run", "--once"], environment: env).standardOutput.contains("sent 0"))
        #expect(received(sink) == [
            "sw1@example.org Cancelled: Peer support", "sw1@example.org Invitation: Peer support",
            "sw2@example.org Cancelled: Peer support", "sw2@example.org Invitation: Peer support",
        ])
        #expect(try await sink.strictParseFailures() == nil)
        try await scenario.database.drop()
    }
}
