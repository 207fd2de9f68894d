import Foundation
import TestRequirements
import Testing

@testable import Mail

@Suite(
    "SMTP transport with TLS and authentication",
    .enabled(
        if: TestCertificate.requirement.shouldRun,
        "openssl is not installed, so no self-signed certificate can be made for the TLS and AUTH tests"
    )
)
struct SMTPTransportTLSTests {
    let certificate: TestCertificate

    init() async throws {
        try TestCertificate.requirement.check()
        certificate = try await OffThePool.run { try TestCertificate.shared.get() }
    }

    var tlsOptions: [String] { [certificate.certificate, certificate.key] }

    @Test("STARTTLS and AUTH: the mail goes encrypted, logged in as the URL's percent-decoded user")
    func startTLSWithAuthentication() async throws {
        try await SMTPSink.with(
            ["--starttls"] + tlsOptions + ["--auth", "remind@circles.example:p:w@d"]
        ) { sink in
            let configuration = try SMTPConfiguration(
                url:
                    "smtp://remind%40circles.example:p%3Aw%40d@127.0.0.1:\(sink.port)?cafile=\(certificate.certificate)"
            )
            #expect(configuration.security == .startTLSRequired)
            let outcomes = await SMTPTransport(configuration: configuration).send([
                mail("1", to: "a@example.org"), mail("2", to: "b@example.org"),
            ])
            #expect(outcomes == [.delivered, .delivered])
            let received = try sink.messages()
            #expect(received.map(\.tls) == [true, true])
            #expect(received.map(\.login) == ["remind@circles.example", "remind@circles.example"])
            #expect(received.map(\.connection) == [1, 1])
        }
    }

    @Test("a wrong password is a temporary failure quoting the server's 535")
    func wrongPassword() async throws {
        try await SMTPSink.with(["--starttls"] + tlsOptions + ["--auth", "alice:right"]) { sink in
            let configuration = try SMTPConfiguration(
                url: "smtp://alice:wrong@127.0.0.1:\(sink.port)?cafile=\(certificate.certificate)")
            let outcomes = await SMTPTransport(configuration: configuration).send([
                mail("1", to: "a@example.org")
            ])
            guard case .temporaryFailure(let reason) = outcomes.first else {
                Issue.record("expected a temporary failure, got \(outcomes)")
                return
            }
            #expect(reason.hasPrefix("authentication failed: 535"))
            #expect(!reason.contains("wrong"))
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test(
        "required STARTTLS against a server that does not offer it fails temporarily and sends nothing"
    )
    func startTLSRequiredButNotOffered() async throws {
        try await SMTPSink.with { sink in
            let configuration = try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?starttls=required")
            let outcomes = await SMTPTransport(configuration: configuration).send([
                mail("1", to: "a@example.org")
            ])
            guard case .temporaryFailure(let reason) = outcomes.first else {
                Issue.record("expected a temporary failure, got \(outcomes)")
                return
            }
            #expect(reason.hasPrefix("STARTTLS is required but the server did not agree to it"))
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test("opportunistic STARTTLS upgrades when the server offers it")
    func opportunisticUpgrades() async throws {
        try await SMTPSink.with(["--starttls"] + tlsOptions) { sink in
            let configuration = try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?cafile=\(certificate.certificate)")
            #expect(
                await SMTPTransport(configuration: configuration).send([
                    mail("1", to: "a@example.org")
                ])
                    == [.delivered])
            #expect(try sink.messages().map(\.tls) == [true])
        }
    }

    @Test("an untrusted certificate is a temporary TLS failure unless verification is off")
    func untrustedCertificate() async throws {
        try await SMTPSink.with(["--starttls"] + tlsOptions) { sink in
            let strict = try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?starttls=required")
            let refused = await SMTPTransport(configuration: strict).send([
                mail("1", to: "a@example.org")
            ]
            )
            guard case .temporaryFailure(let reason) = refused.first else {
                Issue.record("expected a temporary failure, got \(refused)")
                return
            }
            #expect(reason.hasPrefix("TLS failed: "))
            #expect(try sink.messages().isEmpty)

            let lax = try SMTPConfiguration(
                url: "smtp://127.0.0.1:\(sink.port)?starttls=required&verify=off")
            #expect(
                await SMTPTransport(configuration: lax).send([mail("2", to: "a@example.org")]) == [
                    .delivered
                ])
        }
    }

    @Test("smtps:// speaks TLS from the first byte and reuses the connection")
    func implicitTLS() async throws {
        try await SMTPSink.with(["--implicit-tls"] + tlsOptions + ["--auth", "bob:pw"]) { sink in
            let configuration = try SMTPConfiguration(
                url: "smtps://bob:pw@127.0.0.1:\(sink.port)?cafile=\(certificate.certificate)")
            let outcomes = await SMTPTransport(configuration: configuration).send([
                mail("1", to: "a@example.org"), mail("2", to: "reject-b@example.org"),
                mail("3", to: "c@example.org"),
            ])
            #expect(outcomes[0] == .delivered)
            #expect(
                outcomes[1]
                    == .permanentFailure(
                        "RCPT TO: 550 5.1.1 Mailbox reject-b@example.org does not exist"))
            #expect(outcomes[2] == .delivered)
            let received = try sink.messages()
            #expect(received.map(\.tls) == [true, true])
            #expect(received.map(\.login) == ["bob", "bob"])
        }
    }
}
