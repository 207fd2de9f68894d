import Foundation
import Mail
import Testing

@Suite("rendering")
struct RenderingTests {
    @Test("a simple reminder renders exactly as the golden copy")
    func goldenSimple() throws {
        let expected = [
            "Date: Tue, 14 May 2024 09:30:00 +0000",
            "From: \"Circles\" <circles@example.org>",
            "To: \"Ada Lovelace\" <ada@example.org>",
            "Subject: Reminder: Peer support circle on Tuesday",
            "Message-ID: <b2bb6a7314e6344c859e838b1893c305@circles.example.org>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 7bit",
            "",
            "Peer support circle",
            "Tuesday 14 May 2024, 11:00 BST (Europe/London)",
            "Room 2",
            "",
        ].joined(separator: "\r\n")
        #expect(Fixtures.text(try Fixtures.simple()) == expected)
    }

    @Test(
        "an invitation renders exactly as the golden copy: inline text/calendar alternative and attached .ics"
    )
    func goldenInvitation() throws {
        let message = try MailMessage(
            from: Mailbox("circles@example.org", displayName: "Circles"),
            to: [Mailbox("ada@example.org")],
            subject: "Invitation: Peer support circle", date: Fixtures.date,
            messageID: Fixtures.messageID("invite:42"),
            textBody: "You are invited.",
            attachments: [
                MailAttachment(
                    filename: "invite.ics", contentType: "text/calendar; method=REQUEST",
                    data: Array("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n".utf8))
            ])
        let text = Fixtures.text(message)
        let boundaries = text.matches(of: /boundary="([^"]+)"/).map { String($0.output.1) }
        try #require(boundaries.count == 2)
        let (outer, inner) = (boundaries[0], boundaries[1])
        // "=_" and the first 32 hex digits of SHA-256 of "boundary|<Message-ID>|<n>|0", n counting multiparts inside out.
        #expect(outer == "=_8574c7603fb1be93682e736f3a088b1c")
        #expect(inner == "=_a534536e98f7c3672960e4f56028cfe3")
        let expected = """
            Date: Tue, 14 May 2024 09:30:00 +0000
            From: "Circles" <circles@example.org>
            To: ada@example.org
            Subject: Invitation: Peer support circle
            Message-ID: <d90e04189ad2acadbdbfc61fb7f854c0@circles.example.org>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="\(outer)"

            --\(outer)
            Content-Type: multipart/alternative;
             boundary="\(inner)"

            --\(inner)
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: 7bit

            You are invited.

            --\(inner)
            Content-Type: text/calendar; method=REQUEST; charset=UTF-8
            Content-Transfer-Encoding: 7bit

            BEGIN:VCALENDAR
            METHOD:REQUEST
            END:VCALENDAR

            --\(inner)--
            --\(outer)
            Content-Type: application/ics; name="invite.ics"
            Content-Disposition: attachment; filename="invite.ics"
            Content-Transfer-Encoding: base64

            QkVHSU46VkNBTEVOREFSDQpNRVRIT0Q6UkVRVUVTVA0KRU5EOlZDQUxFTkRBUg0K
            --\(outer)--

            """.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(text == expected)
    }

    @Test("every line ends in CRLF and none is longer than 78 characters")
    func lineDiscipline() throws {
        let bytes = try Fixtures.full().rendered()
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
        }
        let long = Fixtures.lines(try Fixtures.full()).filter { $0.utf8.count > 78 }
        #expect(long.isEmpty)
        #expect(bytes.allSatisfy { $0 < 0x80 }, "a message must be 7-bit clean on the wire")
    }

    @Test("rendering is deterministic: the same message gives the same bytes")
    func deterministic() throws {
        #expect(try Fixtures.full().rendered() == Fixtures.full().rendered())
    }

    @Test(
        "the transfer encoding suits the text: 7bit for short ASCII, quoted-printable for mostly ASCII, base64 otherwise"
    )
    func transferEncodings() throws {
        func encoding(of body: String) throws -> String? {
            let message = try MailMessage(
                from: Mailbox("circles@example.org"), to: [Mailbox("ada@example.org")],
                subject: "x", date: Fixtures.date,
                messageID: Fixtures.messageID(), textBody: body)
            return Fixtures.headers(message).first { $0.name == "Content-Transfer-Encoding" }?.value
        }
        #expect(try encoding(of: "Short lines\nof ASCII.") == "7bit")
        #expect(try encoding(of: String(repeating: "long ", count: 30)) == "quoted-printable")
        #expect(try encoding(of: "Réunion mardi à 11 h") == "quoted-printable")
        #expect(try encoding(of: "trailing space \nline") == "quoted-printable")
        #expect(try encoding(of: "From here\nto there") == "quoted-printable")
        #expect(try encoding(of: "ピアサポートの会は火曜日の11時からです。ελληνικά κείμενα") == "base64")
    }

    @Test(
        "a non-invitation attachment is only attached, and a message without HTML has no HTML part")
    func structure() throws {
        let message = try MailMessage(
            from: Mailbox("circles@example.org"), to: [Mailbox("ada@example.org")],
            subject: "Notes", date: Fixtures.date,
            messageID: Fixtures.messageID(), textBody: "See attached.",
            attachments: [
                MailAttachment(
                    filename: "agenda.txt", contentType: "text/plain", data: Array("Agenda".utf8))
            ])
        let text = Fixtures.text(message)
        #expect(text.contains("Content-Type: multipart/mixed;"))
        #expect(!text.contains("multipart/alternative"))
        #expect(!text.contains("text/html"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"agenda.txt\""))
    }

    @Test("attachment bytes survive base64 at every padding length and with every byte value")
    func base64RoundTrip() throws {
        let payloads: [[UInt8]] = [
            [], [0], [0, 1], [0, 1, 2], Array(0...255),
            (0..<3001).map { UInt8(truncatingIfNeeded: $0 &* 7919) },
        ]
        for payload in payloads {
            let message = try MailMessage(
                from: Mailbox("circles@example.org"), to: [Mailbox("ada@example.org")],
                subject: "File", date: Fixtures.date,
                messageID: Fixtures.messageID(), textBody: "x",
                attachments: [
                    MailAttachment(
                        filename: "data.bin", contentType: "application/octet-stream", data: payload
                    )
                ])
            let lines = Fixtures.lines(message)
            let start = try #require(lines.firstIndex { $0.contains("filename=\"data.bin\"") })
            let blank = try #require(lines[start...].firstIndex(of: ""))
            let body = lines[(blank + 1)...].prefix { !$0.hasPrefix("--") }
            #expect(body.allSatisfy { $0.utf8.count <= 76 })
            #expect(body.dropLast().allSatisfy { $0.utf8.count == 76 })
            let decoded = try #require(Data(base64Encoded: body.joined()))
            #expect(Array(decoded) == payload)
        }
    }

    @Test(
        "boundaries never occur in the content, even when a body contains the boundary it would have had"
    )
    func boundariesAvoidContent() throws {
        func make(_ body: String) throws -> MailMessage {
            try MailMessage(
                from: Mailbox("circles@example.org"), to: [Mailbox("ada@example.org")],
                subject: "x", date: Fixtures.date,
                messageID: Fixtures.messageID(), textBody: body,
                htmlBody: "<p>\(HTMLEscaping.escape(body))</p>")
        }
        let first = Fixtures.text(try make("Hello"))
        let planned = try #require(first.firstMatch(of: /boundary="([^"]+)"/)?.output.1)
        let hostile = try make("--\(planned)\n--\(planned)--")
        let text = Fixtures.text(hostile)
        let chosen = try #require(text.firstMatch(of: /boundary="([^"]+)"/)?.output.1)
        #expect(chosen != planned)
        let delimiterLines = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("--") }
        #expect(delimiterLines.filter { $0 == "--\(chosen)" }.count == 2)
        #expect(delimiterLines.filter { $0 == "--\(chosen)--" }.count == 1)
        for message in try [Fixtures.simple(), Fixtures.full(), hostile] {
            let text = Fixtures.text(message)
            for match in text.matches(of: /boundary="([^"]+)"/) {
                let boundary = String(match.output.1)
                for line in text.components(separatedBy: "\r\n") where line.contains(boundary) {
                    #expect(
                        line == "--\(boundary)" || line == "--\(boundary)--"
                            || line.contains("boundary=\"\(boundary)\""))
                }
            }
        }
    }

    @Test("an attachment's file name is cleaned of line breaks and path separators")
    func attachmentNames() throws {
        let attachment = try MailAttachment(
            filename: "../evil\r\nContent-Type: text/html.ics", contentType: "text/calendar",
            data: [])
        #expect(attachment.filename == "..-evil Content-Type: text-html.ics")
        #expect(throws: MailError.self) {
            try MailAttachment(filename: " \r\n", contentType: "text/plain", data: [])
        }
        #expect(throws: MailError.self) {
            try MailAttachment(filename: "a.txt", contentType: "text/plain\r\nBcc: x", data: [])
        }
    }

    @Test("content types parse with quoted parameters and refuse malformed ones")
    func mediaTypes() throws {
        let type = try MediaType(
            #"Text/Calendar; method=REQUEST; charset="UTF-8"; x-note="a \"b\"; c""#)
        #expect(type.matches("text", "calendar"))
        #expect(type.parameter("METHOD") == "REQUEST")
        #expect(type.parameter("x-note") == #"a "b"; c"#)
        #expect(
            type.description
                == #"text/calendar; method=REQUEST; charset=UTF-8; x-note="a \"b\"; c""#)
        for bad in [
            "", "text", "text/", "/plain", "text/plain; charset", "text/plain; =x", "text plain",
            "text/plain; a=\"open",
        ] {
            #expect(throws: MailError.self) { try MediaType(bad) }
        }
    }
}
