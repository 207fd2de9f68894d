import Mail
import Testing

@Suite("IMAP URLs for the reply mailbox")
struct IMAPConfigurationTests {
    @Test("an imaps URL gives host, port 993, user, password and INBOX, and prints without the password")
    func imaps() throws {
        let configuration = try IMAPConfiguration(url: "imaps://circles:s%40cret@imap.council.example/INBOX")
        #expect(configuration.host == "imap.council.example")
        #expect(configuration.port == 993)
        #expect(configuration.implicitTLS)
        #expect(configuration.username == "circles")
        #expect(configuration.password == "s@cret")
        #expect(configuration.mailbox == "INBOX")
        #expect(configuration.description == "imaps://circles:***@imap.council.example:993/INBOX")
    }

    @Test("an imap URL takes a port and a folder with spaces")
    func folder() throws {
        let configuration = try IMAPConfiguration(url: "imap://u:p@127.0.0.1:1143/Calendar%20replies")
        #expect(configuration.port == 1143)
        #expect(configuration.mailbox == "Calendar replies")
        #expect(configuration.isLoopback)
    }

    @Test("bad URLs are refused naming the part, never repeating the password", arguments: [
        ("http://u:secretpw@h/INBOX", "scheme"), ("imap://h/INBOX", "user"), ("imap://u@h/INBOX", "password"),
        ("imap://u:secretpw@h:99999/INBOX", "port"), ("imap://u:secretpw@h/Bad*Folder", "mailbox"),
        ("imap://u:secretpw@h/INBOX?timeout=0", "timeout"), ("imap://u:secretpw@h/INBOX?color=red", "color"),
    ])
    func refused(_ url: String, _ part: String) {
        do {
            _ = try IMAPConfiguration(url: url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.part == part)
            #expect(!error.message.contains("secretpw"))
        }
    }
}
