import CirclesDomain
import Testing

@Suite("text rules: what a field may hold and how long it may be")
struct TextRuleTests {
    @Test("a multi-line field keeps line feeds and tabs, stores CRLF and a lone CR as a line feed, and is trimmed")
    func multilineNormalised() throws {
        #expect(try TextRule.notes.check("  one\r\ntwo\rthree\n\tfour  \n") == "one\ntwo\nthree\n\tfour")
    }

    @Test(
        "a one-line field refuses C0, DEL, C1 and the Unicode line separators",
        arguments: ["a\u{1B}b", "a\u{7F}b", "a\u{85}b", "a\u{9B}b", "a\u{2028}b", "a\u{2029}b", "a\tb", "a\rb"])
    func lineRefusesControls(text: String) {
        #expect(throws: DomainError.self) { try TextRule.title.check(text) }
    }

    @Test("NUL is refused in every field, multi-line ones included, naming the field")
    func nulRefused() {
        for rule in TextRule.all {
            let error = #expect(throws: DomainError.self) { try rule.check("a\u{0}b") }
            #expect(error?.field == rule.field)
            #expect(error?.message.contains("NUL character (U+0000) at character 2") == true)
        }
    }

    @Test(
        "every field refuses the bidirectional embeddings, overrides and isolates, naming the character",
        arguments: [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
    func bidirectionalControlsRefused(code: UInt32) throws {
        let control = String(Character(try #require(Unicode.Scalar(code))))
        for rule in TextRule.all {
            let error = #expect(throws: DomainError.self) { try rule.check("pay \(control)gnp.exe") }
            #expect(error?.field == rule.field)
            #expect(error?.message.contains("bidirectional control U+\(String(code, radix: 16, uppercase: true))") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("at character 5") == true)
        }
    }

    @Test("right-to-left text and its marks (U+200E, U+200F) are kept")
    func rightToLeftKept() throws {
        #expect(try TextRule.personName.check("נועה כהן\u{200F}") == "נועה כהן\u{200F}")
        #expect(try TextRule.notes.check("في زيارة منزلية \u{200E}(09:00)") == "في زيارة منزلية \u{200E}(09:00)")
    }

    @Test("length counts Unicode scalars after trimming, and the limit is named with the length found")
    func lengthCounted() throws {
        #expect(try TextRule.reason.check("  " + String(repeating: "é", count: 500) + "  ").unicodeScalars.count == 500)
        let error = #expect(throws: DomainError.self) { try TextRule.reason.check(String(repeating: "x", count: 1_234)) }
        #expect(error?.message == "a reason may have at most 500 characters; this one has 1,234")
    }

    @Test("an optional field that is blank is absent")
    func blankIsAbsent() throws {
        #expect(try TextRule.location.check(optional: "   ") == nil)
        #expect(try TextRule.location.check(optional: nil) == nil)
    }
}
