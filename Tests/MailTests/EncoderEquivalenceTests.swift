import Foundation
import Testing

@testable import Mail

/// The encoders written for speed give exactly the bytes of straightforward references
/// (Reference/ReferenceEncoding.swift) on thousands of random inputs, so no message changes.
@Suite("fast encoders match their references")
struct EncoderEquivalenceTests {
    static let rounds = 3_000

    /// Runs `check` on random byte strings; records the first input that differs, then stops.
    private func compare(
        seed: UInt64, _ check: ([UInt8]) -> (fast: [UInt8], reference: [UInt8]),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var random = RandomMailText(seed: seed)
        for _ in 0..<Self.rounds {
            let input = random.bytes()
            let (fast, reference) = check(input)
            if fast != reference {
                Issue.record(
                    "differs for input \(input): got \(String(decoding: fast, as: UTF8.self).debugDescription), expected \(String(decoding: reference, as: UTF8.self).debugDescription)",
                    sourceLocation: sourceLocation)
                return
            }
        }
    }

    @Test("quoted-printable matches the reference on canonical and arbitrary text")
    func quotedPrintable() {
        compare(seed: 1) { (QuotedPrintable.encode($0), ReferenceEncoding.quotedPrintable($0)) }
        compare(seed: 2) {
            let canonical = ReferenceEncoding.canonicalLines($0)
            return (QuotedPrintable.encode(canonical), ReferenceEncoding.quotedPrintable(canonical))
        }
    }

    @Test("base64 bodies match the reference at every length")
    func base64() {
        compare(seed: 3) { (Base64.mimeBody($0), ReferenceEncoding.base64Body($0)) }
        for count in 0..<300 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.mimeBody(bytes) == ReferenceEncoding.base64Body(bytes))
            #expect(Base64.encode(bytes) == String(decoding: ReferenceEncoding.base64(bytes), as: UTF8.self))
        }
    }

    @Test("canonical line breaks match the reference")
    func canonicalLines() {
        compare(seed: 4) { (ASCII.canonicalLines($0), ReferenceEncoding.canonicalLines($0)) }
        // Text that is already canonical, such as a calendar, takes a shortcut.
        compare(seed: 10) {
            let canonical = ReferenceEncoding.canonicalLines($0)
            return (ASCII.canonicalLines(canonical), canonical)
        }
    }

    @Test("the transfer encoding and its content match the reference's choice")
    func transferEncoding() {
        compare(seed: 5) { input in
            let canonical = ReferenceEncoding.canonicalLines(input)
            let (encoding, content) = TransferEncoding.encode(text: canonical)
            let (name, expected) = ReferenceEncoding.transferEncoding(canonical)
            return (Array(encoding.rawValue.utf8) + [0] + content, Array(name.utf8) + [0] + expected)
        }
        // Short ASCII lines are the common case for 7bit; random pieces rarely make them.
        for line in ["ok", "ok ", ".ok", "From x", "From", "a\tb", String(repeating: "w", count: 78),
            String(repeating: "w", count: 79), "tab\t"] {
            let canonical = Array((line + "\r\nsecond line\r\n").utf8)
            #expect(TransferEncoding.encode(text: canonical).0.rawValue
                == ReferenceEncoding.transferEncoding(canonical).0, "\(line.debugDescription)")
        }
    }

    @Test("searching for a boundary matches a comparison at every offset")
    func contains() {
        var random = RandomMailText(seed: 6)
        for _ in 0..<Self.rounds {
            let haystack = random.bytes()
            let needle: [UInt8] =
                random.below(3) == 0 && !haystack.isEmpty
                ? Array(haystack[random.below(haystack.count)...].prefix(random.below(6) + 1))
                : Array(random.bytes(maximum: 2).prefix(4))
            #expect(
                ASCII.contains(haystack, needle) == ReferenceEncoding.contains(haystack, needle),
                "\(haystack) contains \(needle)")
        }
    }

    @Test("HTML escaping matches the reference")
    func htmlEscaping() {
        var random = RandomMailText(seed: 7)
        for _ in 0..<Self.rounds {
            let text = random.text()
            let (fast, reference) = (HTMLEscaping.escape(text), ReferenceEncoding.htmlEscape(text))
            guard fast == reference else {
                Issue.record("differs for \(text.debugDescription): \(fast.debugDescription)")
                return
            }
        }
    }

    @Test("host names are judged as the reference judges them")
    func hostNames() {
        var random = RandomMailText(seed: 8)
        let parts = ["a", "example", "org", "-", "x-y", "é", "", ".", "1", "A9", String(repeating: "l", count: 63),
            String(repeating: "m", count: 64), "_", " "]
        for _ in 0..<Self.rounds {
            var host = ""
            for _ in 0..<random.below(8) { host += parts[random.below(parts.count)] + (random.below(2) == 0 ? "." : "") }
            #expect(HostName.isValid(host) == ReferenceEncoding.isHostName(host), "\(host.debugDescription)")
        }
        let long = Array(repeating: String(repeating: "h", count: 50), count: 5).joined(separator: ".")
        #expect(HostName.isValid(long) == ReferenceEncoding.isHostName(long))
        #expect(HostName.isValid(long + "x") == ReferenceEncoding.isHostName(long + "x"))
    }

    @Test("byte classes agree with the character lists of RFC 5322, RFC 2045 and RFC 2047 for every byte")
    func byteClasses() {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        let atext = letters + Array("!#$%&'*+-/=?^_`{|}~".utf8)
        let tspecials = Array("()<>@,;:\\\"/[]?=".utf8)
        let qLiteral = letters + Array("!*+-/".utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            #expect(ASCII.isAtext(byte) == atext.contains(byte), "atext \(byte)")
            #expect(ASCII.isToken(byte) == ((0x21...0x7E).contains(byte) && !tspecials.contains(byte)), "token \(byte)")
            #expect(EncodedWord.isQLiteral(byte) == qLiteral.contains(byte), "Q \(byte)")
        }
    }

    @Test("making text single-line matches the reference")
    func singleLine() {
        var random = RandomMailText(seed: 9)
        for _ in 0..<Self.rounds {
            let text = random.text()
            let (fast, reference) = (MailText.singleLine(text), ReferenceEncoding.singleLine(text))
            guard fast == reference else {
                Issue.record("differs for \(text.debugDescription): \(fast.debugDescription)")
                return
            }
        }
    }
}
