import Foundation
import TestRequirements
import Testing
import TextOutput

@Suite("escaping per destination: CSV, JSON strings, terminals")
struct TextOutputTests {
    @Test(
        "a text cell that a spreadsheet would run as a formula gets a leading quote",
        arguments: ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://evil.example\",\"x\")"])
    func formulaNeutralised(text: String) throws {
        let csv = CSVWriter.document([[.text(text)]])
        let parsed = try #require(PythonCSV.records(csv).first?.first)
        #expect(parsed == "'" + text)
    }

    @Test("ordinary text and computed numbers, negative ones included, are written as they are")
    func numbersExempt() {
        #expect(CSVWriter.document([[.text("Peer support"), .number(-3), .fraction(0.5), .number(nil)]]) == "Peer support,-3,0.5,\r\n")
    }

    @Test("quotes are doubled and fields with commas, quotes or line breaks are quoted (RFC 4180)")
    func quoting() {
        #expect(CSVWriter.document(text: [["a,b", "say \"hi\"", "one\ntwo", nil]]) == "\"a,b\",\"say \"\"hi\"\"\",\"one\ntwo\",\r\n")
        #expect(CSVWriter.document([[.text("=a,\"b\"")]]) == "\"'=a,\"\"b\"\"\"\r\n")
    }

    @Test("JSON strings are escaped exactly as JSONEncoder escapes them")
    func jsonMatchesEncoder() throws {
        let awkward = "said \"hi\"\\ / then\nnew\r\t\u{0}\u{1B}[31m\u{7F} é ✓ \u{2028}"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(JSONString.quoted(awkward) == String(decoding: try encoder.encode(awkward), as: UTF8.self))
    }

    @Test("the log-line style also escapes DEL and the Unicode line separators, and parses back")
    func jsonLogLine() throws {
        let text = "a\u{7F}b\u{2028}c\u{2029}d"
        let quoted = JSONString.quoted(text, style: .logLine)
        #expect(quoted == #""a\u007fb\u2028c\u2029d""#)
        #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
    }

    @Test("a terminal sees every control character as a visible escape")
    func terminal() {
        #expect(TerminalText.escaped("a\u{1B}[2Jb\u{07}\nc\td\r\u{9B}e\u{2028}") == #"a\u{1B}[2Jb\u{7}\nc\td\r\u{9B}e\u{2028}"#)
        #expect(TerminalText.escaped("line one\nline \u{1B}two", keepingLineFeeds: true) == "line one\nline \\u{1B}two")
        #expect(TerminalText.escaped("£5 – C:\\dir") == "£5 – C:\\dir")
    }
}
