import Foundation
import Mail
import Testing

@Suite("headers")
struct HeaderTests {
    static let injection = "Title\r\nBcc: victim@example.org"

    func message(subject: String, name: String = "Ada", headers: [MailHeader] = []) throws
        -> MailMessage
    {
        try MailMessage(
            from: Mailbox("circles@example.org", displayName: name),
            to: [Mailbox("ada@example.org", displayName: name)],
            subject: subject, date: Fixtures.date, messageID: Fixtures.messageID(),
            textBody: "Body", headers: headers)
    }

    @Test("a title with CR LF cannot add a Bcc header; the line break becomes a space")
    func subjectInjection() throws {
        let message = try message(subject: Self.injection)
        let headers = Fixtures.headers(message)
        #expect(!headers.contains { $0.name.lowercased() == "bcc" })
        #expect(headers.first { $0.name == "Subject" }?.value == "Title Bcc: victim@example.org")
        #expect(!Fixtures.lines(message).contains { $0.hasPrefix("Bcc") })
    }

    @Test(
        "no control character in a subject, name or extra header survives into the headers",
        arguments: [
            injection, "Title\nBcc: v@example.org", "Title\rBcc: v@example.org",
            "A\u{0}B\u{7F}C\u{85}D\u{2028}E\tF\u{1B}[31m",
        ])
    func controlCharacters(text: String) throws {
        let message = try message(
            subject: text, name: text, headers: [MailHeader("X-Circles-Team", text)])
        let head = Fixtures.text(message).components(separatedBy: "\r\n\r\n")[0]
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        #expect(!unfolded.lowercased().contains("\r\nbcc"))
        for line in unfolded.components(separatedBy: "\r\n") {
            #expect(
                !line.unicodeScalars.contains {
                    $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}"
                })
        }
        #expect(Fixtures.headers(message).filter { $0.name == "X-Circles-Team" }.count == 1)
    }

    @Test(
        "a long ASCII subject is folded at spaces into lines of at most 78 and unfolds to the original"
    )
    func foldsLongASCIISubject() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let message = try message(subject: subject)
        let lines = Fixtures.lines(message)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject:") })
        let continuation = lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
        #expect(continuation.count >= 2)
        for line in lines[start...start + continuation.count] { #expect(line.utf8.count <= 78) }
        #expect(Fixtures.headers(message).first { $0.name == "Subject" }?.value == subject)
    }

    @Test(
        "a long non-ASCII subject becomes encoded-words of at most 75 characters, none splitting a character"
    )
    func foldsLongEncodedSubject() throws {
        let subject = String(repeating: "Réunion 🧡 de soutien — ελληνικά 日本語 ", count: 6) + "fin"
        let message = try message(subject: subject)
        let lines = Fixtures.lines(message)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject:") })
        let count = 1 + lines[(start + 1)...].prefix { $0.hasPrefix(" ") }.count
        #expect(count > 3)
        for line in lines[start..<start + count] { #expect(line.utf8.count <= 78) }
        let value = try #require(Fixtures.headers(message).first { $0.name == "Subject" }?.value)
        let words = EncodedWordDecoder.words(in: value)
        for word in words {
            #expect(word.word.utf8.count <= 75)
            #expect(word.text != nil, "\(word.word) is not valid UTF-8 on its own")
        }
        #expect(words.compactMap(\.text).joined() == subject)
    }

    @Test("a subject word longer than a line is encoded so it can fold")
    func foldsLongWord() throws {
        let subject = "Link " + String(repeating: "x", count: 120)
        let message = try message(subject: subject)
        let value = try #require(Fixtures.headers(message).first { $0.name == "Subject" }?.value)
        #expect(EncodedWordDecoder.words(in: value).compactMap(\.text).joined() == subject)
        #expect(Fixtures.lines(message).allSatisfy { $0.utf8.count <= 78 })
    }

    @Test(
        "List-Unsubscribe, List-Unsubscribe-Post and Auto-Submitted are written as RFC 8058 and RFC 3834 ask"
    )
    func unsubscribeHeaders() throws {
        let message = try message(
            subject: "Digest",
            headers: [
                .listUnsubscribe([
                    "https://circles.example.org/u/abc", "mailto:u@circles.example.org",
                ]), .listUnsubscribePost, .autoSubmitted,
            ])
        let headers = Fixtures.headers(message)
        #expect(
            headers.first { $0.name == "List-Unsubscribe" }?.value
                == "<https://circles.example.org/u/abc>, <mailto:u@circles.example.org>")
        #expect(
            headers.first { $0.name == "List-Unsubscribe-Post" }?.value
                == "List-Unsubscribe=One-Click")
        #expect(headers.first { $0.name == "Auto-Submitted" }?.value == "auto-generated")
    }

    @Test(
        "List-Unsubscribe refuses URIs that are not https or mailto, or that could break the header"
    )
    func unsubscribeRefusals() {
        for uris in [
            [], ["http://x.example/u"], ["https://x.example/u>, <https://evil.example"],
            ["https://x.example/a b"],
        ] {
            #expect(throws: MailError.self) { try MailHeader.listUnsubscribe(uris) }
        }
    }

    @Test(
        "extra headers cannot replace the renderer's own fields",
        arguments: [
            "From", "to", "BCC", "Subject", "Message-ID", "Content-Type",
            "content-transfer-encoding", "MIME-Version", "Date",
        ])
    func reservedHeaders(name: String) {
        let error = #expect(throws: MailError.self) { try MailHeader(name, "x") }
        #expect(error?.code == .invalidHeader)
    }

    @Test(
        "malformed header names are refused",
        arguments: ["", "X Bad", "X:Bad", "X-\r\nBcc", String(repeating: "X", count: 51)])
    func badHeaderNames(name: String) {
        #expect(throws: MailError.self) { try MailHeader(name, "x") }
    }

    @Test(
        "the Date header is RFC 5322 in UTC",
        arguments: [
            (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
            (1_709_164_800.0, "Thu, 29 Feb 2024 00:00:00 +0000"),
            (946_684_799.5, "Fri, 31 Dec 1999 23:59:59 +0000"),
            (4_102_444_800.0, "Fri, 01 Jan 2100 00:00:00 +0000"),
            (-86_400.0, "Wed, 31 Dec 1969 00:00:00 +0000"),
        ])
    func dateHeader(seconds: Double, expected: String) throws {
        let message = try MailMessage(
            from: Mailbox("circles@example.org"), to: [Mailbox("ada@example.org")], subject: "x",
            date: .init(timeIntervalSince1970: seconds), messageID: Fixtures.messageID(),
            textBody: "")
        #expect(Fixtures.headers(message).first { $0.name == "Date" }?.value == expected)
    }

    @Test("a message without recipients is refused")
    func noRecipients() throws {
        let error = #expect(throws: MailError.self) {
            try MailMessage(
                from: Mailbox("circles@example.org"), to: [], subject: "x", date: Fixtures.date,
                messageID: Fixtures.messageID(), textBody: "")
        }
        #expect(error?.code == .noRecipients)
    }
}
