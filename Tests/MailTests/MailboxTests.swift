import Mail
import Testing

@Suite("mailboxes")
struct MailboxTests {
    @Test(
        "accepts ordinary addresses",
        arguments: [
            "ada@example.org", "first.last+circles@sub.example.co.uk", "o'brien@example.org",
            "a_b-c@x-y.example",
        ])
    func accepts(address: String) throws {
        #expect(try Mailbox(address).address == address)
    }

    @Test(
        "refuses addresses that are not local@domain.example, saying what is expected",
        arguments: [
            "", "ada", "ada@", "@example.org", "ada@@example.org", "a@b@example.org",
            "ada@localhost", "ada lovelace@example.org",
            "ada@example..org", ".ada@example.org", "ada.@example.org", "a..b@example.org",
            "zoë@example.org",
            "ada@example.org\r\nBcc: victim@example.org", "\"quoted\"@example.org",
            "ada@exa_mple.org",
            String(repeating: "a", count: 65) + "@example.org",
        ])
    func refuses(address: String) {
        let error = #expect(throws: MailError.self) { try Mailbox(address) }
        #expect(error?.code == .invalidAddress)
        #expect(error?.description.contains("expected a form like name@example.org") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test("an ASCII name is quoted, with quotes and backslashes escaped")
    func quotesASCIINames() throws {
        let message = try MailMessage(
            from: Mailbox("circles@example.org", displayName: #"O'Brien, "Bob" \ Co."#),
            to: [Mailbox("ada@example.org")],
            subject: "Hi", date: Fixtures.date, messageID: Fixtures.messageID(), textBody: "")
        let from = Fixtures.headers(message).first { $0.name == "From" }?.value
        #expect(from == #""O'Brien, \"Bob\" \\ Co." <circles@example.org>"#)
    }

    @Test("a non-ASCII name becomes UTF-8 encoded-words that decode to the name")
    func encodesNonASCIINames() throws {
        let message = try MailMessage(
            from: Mailbox("circles@example.org", displayName: "Zoë Ångström"),
            to: [Mailbox("ada@example.org")],
            subject: "Hi", date: Fixtures.date, messageID: Fixtures.messageID(), textBody: "")
        let from = try #require(Fixtures.headers(message).first { $0.name == "From" }?.value)
        #expect(from.hasPrefix("=?UTF-8?"))
        #expect(from.hasSuffix(" <circles@example.org>"))
        #expect(EncodedWordDecoder.words(in: from).compactMap(\.text).joined() == "Zoë Ångström")
    }

    @Test(
        "a long name keeps plain words plain and encodes only runs of non-ASCII words, folding within 78 characters"
    )
    func longNames() throws {
        let name = "Dr Παναγιώτα Παπαδοπούλου-Κωνσταντινίδου, O'Brien (Team North) Zoë"
        let message = try MailMessage(
            from: Mailbox("circles@example.org"),
            to: [Mailbox("ada@example.org"), Mailbox("p@example.org", displayName: name)],
            subject: "Hi", date: Fixtures.date, messageID: Fixtures.messageID(), textBody: "")
        let lines = Fixtures.lines(message)
        let start = try #require(lines.firstIndex { $0.hasPrefix("To:") })
        let count = 1 + lines[(start + 1)...].prefix { $0.hasPrefix(" ") }.count
        for line in lines[start..<start + count] { #expect(line.utf8.count <= 78) }
        let value = try #require(Fixtures.headers(message).first { $0.name == "To" }?.value)
        #expect(value.hasPrefix("ada@example.org, Dr =?UTF-8?"))
        #expect(
            value.hasSuffix(#"?= O'Brien "(Team" "North)" =?UTF-8?Q?Zo=C3=AB?= <p@example.org>"#))
        // Decode as RFC 2047 §6.2 says: adjacent encoded-words join with no space between them.
        var decoded = value.dropFirst("ada@example.org, ".count).replacing(
            /\?=\s+=\?/, with: "?==?")
        for word in EncodedWordDecoder.words(in: String(decoded)) {
            #expect(word.word.utf8.count <= 75)
            decoded = decoded.replacing(word.word, with: try #require(word.text))
        }
        let unquoted = decoded.replacing("\"", with: "")
        #expect(unquoted == name + " <p@example.org>")
    }

    @Test("a name that merely looks like an encoded-word is encoded, so it is shown as typed")
    func encodesLookalikes() throws {
        let message = try MailMessage(
            from: Mailbox("circles@example.org", displayName: "=?UTF-8?B?SGk=?="),
            to: [Mailbox("ada@example.org")],
            subject: "=?UTF-8?B?SGk=?=", date: Fixtures.date, messageID: Fixtures.messageID(),
            textBody: "")
        for name in ["From", "Subject"] {
            let value = try #require(Fixtures.headers(message).first { $0.name == name }?.value)
            #expect(
                EncodedWordDecoder.words(in: value).compactMap(\.text).joined()
                    == "=?UTF-8?B?SGk=?=")
        }
    }

    @Test("line breaks in a name are neutralised to a space")
    func neutralisesNames() throws {
        let mailbox = try Mailbox("ada@example.org", displayName: "Ada\r\nBcc: victim@example.org")
        #expect(mailbox.displayName == "Ada Bcc: victim@example.org")
        #expect(mailbox.description == "Ada Bcc: victim@example.org <ada@example.org>")
    }
}
