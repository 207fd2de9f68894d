import Mail
import Testing

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test("escapes all five markup characters so a title cannot add markup")
    func escapesMarkup() {
        #expect(
            HTMLEscaping.escape(#"<script>alert("x")</script> & 'y'"#)
                == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;")
    }

    @Test("leaves other text, including non-ASCII, as it is")
    func keepsText() {
        #expect(HTMLEscaping.escape("Zoë’s circle — 11:00") == "Zoë’s circle — 11:00")
        #expect(HTMLEscaping.escape("&amp;") == "&amp;amp;")
    }

    @Test("a single-line helper turns control characters and line breaks into single spaces")
    func singleLine() {
        #expect(
            MailText.singleLine("  Title\r\nBcc: x@y.example\t\u{0}\u{85}\u{2028}end  ")
                == "Title Bcc: x@y.example end")
    }
}
