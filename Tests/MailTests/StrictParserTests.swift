import Foundation
import Mail
import TestRequirements
import Testing

/// Every rendered message is read back by an independent, strict parser: Python's `email`
/// package with `policy.strict`, which raises on any defect it would otherwise tolerate.
@Suite("read back by Python's strict email parser")
struct StrictParserTests {
    static let python = "/usr/bin/python3"
    static let parser = Requirement(
        isMet: FileManager.default.isExecutableFile(atPath: python),
        missing: "\(python) is missing, so there is no independent parser; install it with: apt-get install -y python3")

    /// What the Python side reports for one message file.
    struct Report: Decodable {
        struct Address: Decodable, Equatable {
            let name: String
            let address: String
        }
        struct Part: Decodable {
            let type: String
            let params: [String: String]
            let disposition: String?
            let filename: String?
            let text: String?
            let hex: String?
        }
        let errors: [String]
        let defects: [String]
        let subject: String?
        let from: [Address]?
        let to: [Address]?
        let replyTo: [Address]?
        let messageID: String?
        let headerNames: [String]?
        let parts: [Part]?
    }

    static let script = #"""
        import json, sys
        import email.policy
        from email.parser import BytesParser

        def addresses(header):
            return None if header is None else [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]

        reports = []
        for path in sys.argv[1:]:
            report = {"errors": [], "defects": []}
            try:
                with open(path, "rb") as f:
                    msg = BytesParser(policy=email.policy.strict).parse(f)
                report["headerNames"] = list(msg.keys())
                report["subject"] = str(msg["subject"])
                report["from"] = addresses(msg["from"])
                report["to"] = addresses(msg["to"])
                report["replyTo"] = addresses(msg["reply-to"])
                report["messageID"] = str(msg["message-id"])
                parts = []
                for part in msg.walk():
                    for defect in part.defects:
                        report["defects"].append(f"{part.get_content_type()}: {defect!r}")
                    for name, value in part.items():
                        for defect in getattr(value, "defects", ()):
                            report["defects"].append(f"{name}: {defect!r}")
                    entry = {"type": part.get_content_type(), "params": dict(part["content-type"].params) if part["content-type"] else {},
                             "disposition": part.get_content_disposition(), "filename": part.get_filename()}
                    if not part.is_multipart():
                        entry["hex"] = part.get_payload(decode=True).hex()
                        if part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment":
                            entry["text"] = part.get_content()
                    parts.append(entry)
                report["parts"] = parts
            except Exception as error:
                report["errors"].append(repr(error))
            reports.append(report)
        print(json.dumps(reports))
        """#

    /// Writes each message to a fresh temporary folder and returns Python's report for each.
    static func parse(_ messages: [MailMessage]) throws -> [Report] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "circles-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, message) in messages.enumerated() {
            let url = folder.appendingPathComponent("message-\(index).eml")
            try Data(message.rendered()).write(to: url)
            paths.append(url.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(
            decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed: \(errorText)")
        return try JSONDecoder().decode([Report].self, from: data)
    }

    /// Text as the renderer promises to deliver it: LF line breaks here (CRLF on the wire), ending in one.
    static func normalised(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\r", with: "\n")
        return lines.hasSuffix("\n") ? lines : lines + "\n"
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Messages that between them use every path of the renderer.
    static func messages() throws -> [MailMessage] {
        let greek = try MailMessage(
            from: Mailbox("circles@example.org", displayName: "Κύκλοι 日本語サポート"),
            to: [
                Mailbox("kenji@example.org", displayName: "山田 健二"),
                Mailbox("eleni@example.org", displayName: "Ελένη Παπαδοπούλου"),
            ],
            subject: String(repeating: "ピアサポートの会 🧡 ", count: 5) + "Ελληνικά",
            date: Fixtures.date, messageID: Fixtures.messageID("digest:3"),
            textBody: "ピアサポートの会は火曜日の11時からです。\nΗ συνάντηση είναι την Τρίτη.\n",
            htmlBody: "<p>ピアサポートの会</p>",
            headers: [
                MailHeader.listUnsubscribe(["https://circles.example.org/u/3"]),
                .listUnsubscribePost, MailHeader("X-Circles-Team", "Équipe Nord"),
            ])
        let injection = try MailMessage(
            from: Mailbox("circles@example.org", displayName: "Circles\r\nBcc: victim@example.org"),
            to: [Mailbox("ada@example.org", displayName: "Ada\nTo: victim@example.org")],
            subject: HeaderTests.injection, date: Fixtures.date,
            messageID: Fixtures.messageID("injection"),
            textBody: "Body with a stray \r carriage return and \u{0} NUL.\n--not-a-boundary\n",
            htmlBody: "<p>\(HTMLEscaping.escape("</p><script>x</script>"))</p>")
        let longASCII = try MailMessage(
            from: Mailbox(
                "circles@example.org", displayName: String(repeating: "Very Long Name ", count: 8)),
            to: (1...12).map {
                try Mailbox("person\($0)@example.org", displayName: "Person \($0)")
            },
            subject: (1...40).map { "word\($0)" }.joined(separator: " ") + " "
                + String(repeating: "y", count: 100),
            date: Fixtures.date, messageID: Fixtures.messageID("long"),
            textBody: String(repeating: "x", count: 2000) + "\n"
                + String(repeating: "= ", count: 100))
        return try [Fixtures.simple(), Fixtures.full(), greek, injection, longASCII]
    }

    @Test(
        "every rendered message parses with no defects, and names, subject, bodies and attachments decode to the originals",
        .enabled(if: parser.shouldRun, "skipped: /usr/bin/python3 is missing, so there is no independent parser"))
    func strictRoundTrip() throws {
        try Self.parser.check()
        let messages = try Self.messages()
        let reports = try Self.parse(messages)
        try #require(reports.count == messages.count)
        for (message, report) in zip(messages, reports) {
            #expect(report.errors.isEmpty, "\(message.subject): \(report.errors)")
            #expect(report.defects.isEmpty, "\(message.subject): \(report.defects)")
            #expect(report.subject == message.subject)
            #expect(
                report.from == [
                    .init(name: message.from.displayName, address: message.from.address)
                ])
            #expect(
                report.to == message.to.map { .init(name: $0.displayName, address: $0.address) })
            #expect(
                report.replyTo
                    == message.replyTo.map { [.init(name: $0.displayName, address: $0.address)] })
            #expect(report.messageID == message.messageID.description)
            #expect(report.headerNames?.filter { $0.lowercased() == "bcc" }.isEmpty == true)

            let parts = report.parts ?? []
            let leaves = parts.filter { !$0.type.hasPrefix("multipart/") }
            let plain = leaves.first { $0.type == "text/plain" && $0.disposition == nil }
            #expect(plain?.text.map(Self.normalised) == Self.normalised(message.textBody))
            #expect(plain?.params["charset"]?.lowercased() == "utf-8")
            let html = leaves.first { $0.type == "text/html" }
            #expect(html?.text.map(Self.normalised) == message.htmlBody.map(Self.normalised))

            let attached = leaves.filter { $0.disposition == "attachment" }
            #expect(attached.map(\.filename) == message.attachments.map(\.filename))
            #expect(attached.map(\.hex) == message.attachments.map { Self.hex($0.data) })
            if let invitation = message.attachments.first(where: \.isCalendarInvitation) {
                let inline = try #require(leaves.first { $0.type == "text/calendar" })
                #expect(inline.params["method"] == invitation.contentType.parameter("method"))
                #expect(
                    inline.text.map(Self.normalised)
                        == Self.normalised(String(decoding: invitation.data, as: UTF8.self)))
                let alternative = try #require(
                    parts.firstIndex { $0.type == "multipart/alternative" })
                #expect(
                    parts[(alternative + 1)...].prefix(3).map(\.type) == [
                        "text/plain", "text/html", "text/calendar",
                    ])
            }
        }
    }
}
