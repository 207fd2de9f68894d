import Foundation
import Testing

@testable import Mail

/// A message as the composer would hand it over: CRLF lines, a body line that starts with a dot.
func testMessage(_ subject: String, to recipient: String = "b@example.org") -> [UInt8] {
    Array(
        """
        From: Circles <reminders@circles.example>\r
        To: <\(recipient)>\r
        Subject: \(subject)\r
        Message-ID: <\(UUID().uuidString)@circles.example>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: 8bit\r
        \r
        Dear Zoë,\r
        .a line that starts with a dot\r
        .\r
        ..two dots\r
        the end\r

        """.utf8)
}

func mail(_ id: String, to recipients: String..., subject: String? = nil) -> OutgoingMail {
    OutgoingMail(
        id: id, sender: "reminders@circles.example", recipients: recipients,
        bytes: testMessage(subject ?? "Reminder \(id)", to: recipients.first ?? ""))
}

@Suite("SMTP transport against a real SMTP server")
struct SMTPTransportTests {
    @Test("a batch of three mails is delivered over one connection")
    func batchSharesOneConnection() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let batch = [
                mail("1", to: "one@example.org"), mail("2", to: "two@example.org"),
                mail("3", to: "three@example.org", "four@example.org"),
            ]
            let outcomes = await transport.send(batch)
            #expect(outcomes == [.delivered, .delivered, .delivered])
            let received = try sink.messages()
            #expect(
                received.map(\.rcpt_tos) == [
                    ["one@example.org"], ["two@example.org"],
                    ["three@example.org", "four@example.org"],
                ])
            #expect(
                received.map(\.mail_from) == Array(repeating: "reminders@circles.example", count: 3)
            )
            #expect(received.map(\.connection) == [1, 1, 1])
            #expect(sink.connectionCount() == 1)
        }
    }

    @Test("the message arrives byte for byte, dot-stuffing undone and 8-bit text intact")
    func contentArrivesByteExact() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let sent = mail("exact", to: "b@example.org")
            #expect(await transport.send([sent]) == [.delivered])
            let received = try sink.messages()
            #expect(received.count == 1)
            #expect(received.first?.bytes == sent.bytes)
        }
    }

    @Test("a 451 answer to RCPT TO is a temporary failure quoting the server")
    func temporaryRecipientFailure() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let outcomes = await transport.send([mail("t", to: "tempfail-ann@example.org")])
            #expect(
                outcomes == [
                    .temporaryFailure(
                        "RCPT TO: 451 4.3.0 Mailbox tempfail-ann@example.org temporarily unavailable, try again later"
                    )
                ])
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test("a 550 answer to RCPT TO is a permanent failure quoting the server")
    func permanentRecipientFailure() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let outcomes = await transport.send([mail("p", to: "reject-bob@example.org")])
            #expect(
                outcomes == [
                    .permanentFailure(
                        "RCPT TO: 550 5.1.1 Mailbox reject-bob@example.org does not exist")
                ])
        }
    }

    @Test("one refused recipient fails the whole mail, and nobody receives it")
    func oneRefusedRecipientFailsTheMail() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let outcomes = await transport.send([
                mail("m", to: "ok@example.org", "reject-x@example.org")
            ])
            #expect(
                outcomes.first.map { if case .permanentFailure = $0 { true } else { false } }
                    == true)
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test("answers to the message itself are classified too: 452 temporary, 554 permanent")
    func endOfMessageAnswers() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let outcomes = await transport.send([
                mail("a", to: "datatempfail-a@example.org"),
                mail("b", to: "datareject-b@example.org"),
            ])
            #expect(
                outcomes == [
                    .temporaryFailure(
                        "end of message: 452 4.3.1 Insufficient system storage, try again later"),
                    .permanentFailure("end of message: 554 5.6.0 Message content rejected"),
                ])
        }
    }

    @Test(
        "each mail of a batch is judged on its own: failures in the middle do not stop the others")
    func failuresAreClassifiedPerMail() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let outcomes = await transport.send([
                mail("1", to: "first@example.org"),
                mail("2", to: "reject-second@example.org"),
                OutgoingMail(
                    id: "3", sender: "reminders@circles.example", recipients: ["no-at-sign"],
                    bytes: testMessage("3")),
                mail("4", to: "tempfail-fourth@example.org"),
                OutgoingMail(
                    id: "5", sender: "reminders@circles.example",
                    recipients: ["evil@example.org>\r\nRCPT TO:<x@example.org"],
                    bytes: testMessage("5")),
                mail("6", to: "sixth@example.org"),
            ])
            #expect(outcomes.count == 6)
            #expect(outcomes[0] == .delivered)
            #expect(
                outcomes[1]
                    == .permanentFailure(
                        "RCPT TO: 550 5.1.1 Mailbox reject-second@example.org does not exist"))
            #expect(
                outcomes[2]
                    == .permanentFailure(
                        "invalid recipient: the address 'no-at-sign' is not of the form local-part@domain"
                    ))
            #expect(outcomes[3].reason?.hasPrefix("RCPT TO: 451") == true)
            #expect(outcomes[3].isDelivered == false)
            #expect(outcomes[4].reason?.hasPrefix("invalid recipient: the address") == true)
            #expect(outcomes[5] == .delivered)
            #expect(
                try sink.messages().map(\.rcpt_tos) == [
                    ["first@example.org"], ["sixth@example.org"],
                ])
        }
    }

    @Test(
        "nothing listening on the port is a temporary failure, and the rest of the batch is not tried"
    )
    func connectionRefused() async throws {
        let closed = try BareSocket(listening: false)
        let transport = SMTPTransport(
            configuration: try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(closed.port)?connect_timeout=2")
        )
        let outcomes = await transport.send([
            mail("1", to: "a@example.org"), mail("2", to: "b@example.org"),
        ])
        guard outcomes.count == 2, case .temporaryFailure(let first) = outcomes[0],
            case .temporaryFailure(let second) = outcomes[1]
        else {
            Issue.record("expected two temporary failures, got \(outcomes)")
            return
        }
        #expect(first.hasPrefix("could not connect: "))
        #expect(first.contains("port \(closed.port)"))
        #expect(
            second
                == "not attempted, an earlier mail of the batch found the server unusable: \(first)"
        )
    }

    @Test(
        "a server that accepts the connection but never answers is a temporary failure within the timeout"
    )
    func silentServerTimesOut() async throws {
        let silent = try BareSocket(listening: true)
        let transport = SMTPTransport(
            configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(silent.port)?timeout=2"))
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = await transport.send([
            mail("1", to: "a@example.org"), mail("2", to: "b@example.org"), mail("3", to: "c@example.org"),
        ])
        let elapsed = clock.now - start
        guard outcomes.count == 3, case .temporaryFailure(let reason) = outcomes[0],
            case .temporaryFailure(let second) = outcomes[1], case .temporaryFailure(let third) = outcomes[2]
        else {
            Issue.record("expected three temporary failures, got \(outcomes)")
            return
        }
        #expect(reason.hasPrefix("timed out waiting for the connection or greeting"))
        #expect(elapsed >= .milliseconds(1900))
        // One timeout for the whole batch: the other mails are not tried against a dead server.
        #expect(second.hasPrefix("not attempted, an earlier mail of the batch found the server unusable"))
        #expect(third.hasPrefix("not attempted, an earlier mail of the batch found the server unusable"))
    }

    @Test("blocked sends wait on the transport's own threads, not on Swift's cooperative pool")
    func sendingDoesNotBlockTheCooperativePool() async throws {
        let silent = try BareSocket(listening: true)
        let configuration = try SMTPConfiguration(
            url: "smtp://127.0.0.1:\(silent.port)?timeout=10")
        // More blocked transports than the pool has threads (about one per core).
        let transports = (0..<(ProcessInfo.processInfo.activeProcessorCount + 2)).map { _ in
            SMTPTransport(configuration: configuration)
        }
        // A heartbeat on the pool must finish while every send is still blocked (10 s): if the
        // sends held the pool's threads, it could not run until they timed out. No tight timing:
        // the order of events is the evidence.
        enum Event: Sendable { case heartbeatDone, sendReturned }
        let first = await withTaskGroup(of: Event.self) { group in
            group.addTask {
                for _ in 0..<10 { try? await Task.sleep(for: .milliseconds(20)) }
                return .heartbeatDone
            }
            for transport in transports {
                group.addTask {
                    _ = await transport.send([mail("x", to: "a@example.org")])
                    return .sendReturned
                }
            }
            var first: Event?
            for await event in group where first == nil { first = event }
            return first
        }
        #expect(first == .heartbeatDone)
    }

    @Test("the client greets with the ehlo= name, or this machine's host name without one")
    func greetsWithTheConfiguredName() async throws {
        try await SMTPSink.with { sink in
            let named = try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?ehlo=circles.example.org")
            let unnamed = try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)")
            #expect(
                await SMTPTransport(configuration: named).send([mail("1", to: "a@example.org")])
                    == [
                        .delivered
                    ])
            #expect(
                await SMTPTransport(configuration: unnamed).send([mail("2", to: "a@example.org")])
                    == [
                        .delivered
                    ])
            let greetings = try sink.messages().map(\.ehlo)
            var name = [UInt8](repeating: 0, count: 256)
            gethostname(&name, name.count)
            let hostName = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
            #expect(greetings == ["circles.example.org", hostName])
        }
    }

    @Test("an empty batch opens no connection")
    func emptyBatch() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            #expect(await transport.send([]).isEmpty)
            #expect(sink.connectionCount() == 0)
        }
    }

    @Test("a cancelled send does not attempt the mails it has not started")
    func cancelledSendStops() async throws {
        try await SMTPSink.with { sink in
            let transport = SMTPTransport(
                configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(sink.port)"))
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await transport.send([
                    mail("1", to: "a@example.org"), mail("2", to: "b@example.org"),
                ])
            }
            let outcomes = await task.value
            #expect(
                outcomes
                    == Array(
                        repeating: .temporaryFailure("not attempted: sending was cancelled"),
                        count: 2))
            #expect(try sink.messages().isEmpty)
        }
    }
}
