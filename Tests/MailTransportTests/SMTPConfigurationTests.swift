import Foundation
import Testing

@testable import Mail

@Suite("SMTP configuration from a URL")
struct SMTPConfigurationTests {
    @Test(
        "smtp:// defaults to port 587, opportunistic STARTTLS, verified certificates and 60/10 s timeouts"
    )
    func plainDefaults() throws {
        let configuration = try SMTPConfiguration(url: "smtp://mail.example.org")
        #expect(configuration.host == "mail.example.org")
        #expect(configuration.port == 587)
        #expect(configuration.security == .startTLSOpportunistic)
        #expect(configuration.username == nil)
        #expect(configuration.timeout == .seconds(60))
        #expect(configuration.connectTimeout == .seconds(10))
        #expect(configuration.verifiesCertificate)
        #expect(configuration.caFile == nil)
        #expect(configuration.ehloName == nil)
    }

    @Test("smtps:// means TLS from the first byte on port 465")
    func implicitTLSDefaults() throws {
        let configuration = try SMTPConfiguration(url: "SMTPS://Mail.Example.org")
        #expect(configuration.security == .implicitTLS)
        #expect(configuration.port == 465)
        #expect(configuration.host == "mail.example.org")
    }

    @Test("the issue's example: credentials, port 587 and STARTTLS required")
    func issueExample() throws {
        let configuration = try SMTPConfiguration(
            url: "smtp://user:pass@host:587?starttls=required")
        #expect(configuration.username == "user")
        #expect(configuration.password == "pass")
        #expect(configuration.host == "host")
        #expect(configuration.port == 587)
        #expect(configuration.security == .startTLSRequired)
    }

    @Test("the user and password are percent-decoded")
    func credentialsArePercentDecoded() throws {
        let configuration = try SMTPConfiguration(
            url: "smtp://reminders%40circles.example:p%3Aa%2Fs%40s%25%20w@mail.example.org:2525")
        #expect(configuration.username == "reminders@circles.example")
        #expect(configuration.password == "p:a/s@s% w")
        #expect(configuration.port == 2525)
    }

    @Test("credentials make STARTTLS required unless it is switched off for a loopback host")
    func credentialsRequireTLS() throws {
        #expect(
            try SMTPConfiguration(url: "smtp://u:p@mail.example.org").security == .startTLSRequired)
        #expect(
            try SMTPConfiguration(url: "smtp://u:p@localhost:1025?starttls=off").security
                == .plaintext)
        #expect(
            try SMTPConfiguration(url: "smtp://u:p@127.0.0.1:1025?starttls=off").security
                == .plaintext)
        #expect(
            try SMTPConfiguration(url: "smtp://u:p@[::1]:1025?starttls=off").security == .plaintext)
        #expect(
            try SMTPConfiguration(url: "smtp://mail.example.org?starttls=off").security
                == .plaintext)
    }

    @Test("every query parameter is read")
    func allParameters() throws {
        let cafile = try TemporaryDirectory.make("cafile").appendingPathComponent("ca.pem")
        _ = FileManager.default.createFile(atPath: cafile.path, contents: Data("x".utf8))
        let configuration = try SMTPConfiguration(
            url:
                "smtp://[::1]:2525/?starttls=required&timeout=2.5&connect_timeout=1&cafile=\(cafile.path)&verify=off&ehlo=circles.example.org&"
        )
        #expect(configuration.host == "::1")
        #expect(configuration.port == 2525)
        #expect(configuration.security == .startTLSRequired)
        #expect(configuration.timeout == .milliseconds(2500))
        #expect(configuration.connectTimeout == .seconds(1))
        #expect(configuration.caFile == cafile.path)
        #expect(!configuration.verifiesCertificate)
        #expect(configuration.ehloName == "circles.example.org")
        #expect(configuration.curlURL == "smtp://[::1]:2525/circles.example.org")
    }

    @Test("the description redacts the password and parses back to the same settings")
    func descriptionRedactsPassword() throws {
        let configuration = try SMTPConfiguration(
            url: "smtp://al%40ice:s3cr%3At@mail.example.org?timeout=30&ehlo=me.example")
        let text = configuration.description
        #expect(
            text
                == "smtp://al%40ice:***@mail.example.org:587?starttls=required&timeout=30&connect_timeout=10&ehlo=me.example"
        )
        #expect(!text.contains("s3cr"))
        #expect("\(configuration)" == text)
        #expect(String(reflecting: configuration) == text)
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("s3cr"))
        #expect(dumped.contains("mail.example.org"))

        let reparsed = try SMTPConfiguration(url: text)
        #expect(reparsed.username == configuration.username)
        #expect(reparsed.host == configuration.host)
        #expect(reparsed.port == configuration.port)
        #expect(reparsed.security == configuration.security)
        #expect(reparsed.timeout == configuration.timeout)
        #expect(reparsed.ehloName == configuration.ehloName)
    }

    @Test(
        "a bad URL is refused with an error naming the bad part and the accepted forms",
        arguments: [
            ("mail.example.org:587", "scheme", "has no scheme"),
            ("http://mail.example.org", "scheme", "'http' is not supported"),
            ("smtp://", "host", "host is missing"),
            ("smtp://:587", "host", "host is missing"),
            ("smtp://mail example.org", "host", "is not a host name"),
            ("smtp://[::1", "host", "no closing ']'"),
            ("smtp://mail.example.org:0", "port", "'0' is not a number from 1 to 65535"),
            ("smtp://mail.example.org:65536", "port", "'65536' is not a number"),
            ("smtp://mail.example.org:smtp", "port", "'smtp' is not a number"),
            ("smtp://mail.example.org:", "port", "'' is not a number"),
            ("smtp://alice@mail.example.org", "password", "has no password"),
            ("smtp://:secret@mail.example.org", "user", "user before ':' is empty"),
            ("smtp://alice:@mail.example.org", "password", "password after ':' is empty"),
            ("smtp://alice:se%zzcret@mail.example.org", "password", "not valid percent-encoding"),
            ("smtp://mail.example.org/inbox", "path", "no path"),
            ("smtp://mail.example.org#top", "fragment", "no fragment"),
            (
                "smtp://mail.example.org?starttls=maybe", "starttls",
                "'maybe' is not one of required, opportunistic, off"
            ),
            ("smtps://mail.example.org?starttls=required", "starttls", "starttls= does not apply"),
            ("smtp://alice:secret@mail.example.org?starttls=off", "starttls", "only for localhost"),
            (
                "smtp://alice:secret@mail.example.org?starttls=opportunistic", "starttls",
                "use starttls=required"
            ),
            (
                "smtp://mail.example.org?timeout=0", "timeout",
                "'0' is not a number of seconds above 0 and at most 3600"
            ),
            ("smtp://mail.example.org?timeout=-5", "timeout", "'-5' is not a number of seconds"),
            (
                "smtp://mail.example.org?timeout=soon", "timeout",
                "'soon' is not a number of seconds"
            ),
            ("smtp://mail.example.org?timeout=86400", "timeout", "at most 3600"),
            ("smtp://mail.example.org?timeout=nan", "timeout", "is not a number of seconds"),
            (
                "smtp://mail.example.org?connect_timeout=x", "connect_timeout",
                "'x' is not a number of seconds"
            ),
            ("smtp://mail.example.org?timeout", "timeout", "has no value"),
            ("smtp://mail.example.org?timeout=5&timeout=6", "timeout", "more than once"),
            ("smtp://mail.example.org?verify=no", "verify", "'no' is not one of on, off"),
            (
                "smtp://mail.example.org?cafile=/nonexistent/ca.pem", "cafile",
                "is not a readable file"
            ),
            ("smtp://mail.example.org?cafile=", "cafile", "cafile is empty"),
            ("smtp://mail.example.org?ehlo=bad%20name", "ehlo", "'bad name' is not a host name"),
            (
                "smtp://mail.example.org?tls=on", "tls",
                "unknown parameter 'tls'; accepted: starttls, timeout, connect_timeout, cafile, verify, ehlo"
            ),
        ])
    func badURL(url: String, part: String, problem: String) {
        #expect {
            _ = try SMTPConfiguration(url: url)
        } throws: { error in
            guard let error = error as? TransportConfigurationError else { return false }
            return error.part == part && error.message.contains(problem)
                && error.description.contains("Accepted: smtp://[user:password@]host[:port]")
        }
    }

    @Test(
        "errors never repeat the password",
        arguments: [
            "smtp://alice:hunter2@mail.example.org:notaport",
            "smtp://alice:hunter2@mail.example.org?starttls=off",
            "smtp://alice:hunter2%@mail.example.org",
            "smtp://alice:hun/ter2@mail.example.org",
            "smtp://alice:hun?ter2@mail.example.org",
            "smtp://alice:hun#ter2@mail.example.org",
        ])
    func errorsHideThePassword(url: String) {
        do {
            _ = try SMTPConfiguration(url: url)
            Issue.record("expected \(url) to be refused")
        } catch {
            #expect(!error.description.contains("ter2"))
            #expect(!error.description.contains("hunter"))
        }
    }
}
