import Mail
import Testing

@Suite("Message-ID")
struct MessageIDTests {
    @Test("is the first 32 hex digits of SHA-256 of the key, at the domain")
    func derivation() throws {
        let id = try MessageID.derived(
            from: "reminder:42:2024-05-14T10:00", domain: "Circles.Example.org")
        // hashlib.sha256(b"reminder:42:2024-05-14T10:00").hexdigest()[:32]
        #expect(id.value == "b2bb6a7314e6344c859e838b1893c305@circles.example.org")
        #expect(id.description == "<b2bb6a7314e6344c859e838b1893c305@circles.example.org>")
    }

    @Test("the same key gives the same ID, so a resent reminder is recognisable as a duplicate")
    func deterministic() throws {
        let first = try MessageID.derived(from: "reminder:42", domain: "circles.example.org")
        let again = try MessageID.derived(from: "reminder:42", domain: "circles.example.org")
        #expect(first == again)
        let message = try Fixtures.simple()
        #expect(Fixtures.text(message) == Fixtures.text(try Fixtures.simple()))
    }

    @Test("different keys give different IDs")
    func distinct() throws {
        let keys =
            (0..<500).map { "reminder:\($0):2024-05-14T10:00" } + [
                "", " ", "reminder:1", "reminder:1 ",
            ]
        let ids = try Set(
            keys.map { try MessageID.derived(from: $0, domain: "circles.example.org") })
        #expect(ids.count == keys.count)
    }

    @Test(
        "a domain that is not a dotted host name is refused",
        arguments: [
            "", "localhost", "circles..example", "-bad.example", "a b.example", "x>@y.example",
            "é.example",
        ])
    func badDomains(domain: String) {
        #expect(throws: MailError.self) { try MessageID.derived(from: "k", domain: domain) }
    }
}
