import Foundation
import NIOCore
import Testing

@testable import CirclesWeb

/// What circles-web reads from a request before any route: dates, form encodings, form bodies,
/// and which methods a path takes.
@Suite("circles-web's request parsing")
struct WebParsingTests {
    static let sunday = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test(
        "an HTTP date is read in all three forms RFC 9110 §5.6.7 requires",
        arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func threeDateForms(text: String) {
        #expect(HTTPDate.parse(text, now: Date(timeIntervalSince1970: 1_800_000_000)) == Self.sunday)
    }

    @Test("an RFC 850 year more than 50 years ahead is the century before, and IMF-fixdate round-trips")
    func twoDigitYears() {
        let in2026 = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(HTTPDate.parse("Monday, 07-Dec-26 10:00:00 GMT", now: in2026).map(HTTPDate.format) == "Mon, 07 Dec 2026 10:00:00 GMT")
        #expect(HTTPDate.parse("Friday, 01-Jan-99 00:00:00 GMT", now: in2026).map(HTTPDate.format) == "Fri, 01 Jan 1999 00:00:00 GMT")
        #expect(HTTPDate.parse(HTTPDate.format(Self.sunday)) == Self.sunday)
    }

    @Test(
        "anything else is no date: the validator is ignored",
        arguments: [
            "", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, +6 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94", "Sun Foo  6 08:49:37 1994", "Sun, 06 Nov 1994 8:49:37 GMT",
        ])
    func notDates(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test("a form's Content-Type: urlencoded (also when none is named) or multipart with its boundary; nothing else")
    func encodings() {
        #expect(FormEncoding(contentType: nil) == .urlEncoded)
        #expect(FormEncoding(contentType: "application/x-www-form-urlencoded; charset=UTF-8") == .urlEncoded)
        #expect(FormEncoding(contentType: "Multipart/Form-Data; boundary=\"a b\"") == .multipart(boundary: "a b"))
        #expect(FormEncoding(contentType: "multipart/form-data; charset=utf-8; boundary=-x") == .multipart(boundary: "-x"))
        #expect(FormEncoding(contentType: "multipart/form-data") == nil)
        #expect(FormEncoding(contentType: "application/json") == nil)
        #expect(FormEncoding(contentType: "text/plain") == nil)
    }

    @Test("a multipart form's text fields are read; one of more than 8 fields, or not multipart at all, is refused")
    func multipartFields() {
        func body(_ fields: [(String, String)]) -> ByteBuffer {
            ByteBuffer(string: fields.map { "--b\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--b--\r\n")
        }
        let form = FormFields(multipart: body([("List-Unsubscribe", "One-Click"), ("other", "x")]), boundary: "b")
        #expect(form?["List-Unsubscribe"] == "One-Click")
        #expect(FormFields(multipart: body((1...9).map { ("f\($0)", "v") }), boundary: "b") == nil)
        #expect(FormFields(multipart: ByteBuffer(string: "List-Unsubscribe=One-Click"), boundary: "b")?["List-Unsubscribe"] == nil)
    }

    @Test("a urlencoded form ignores line breaks after its last field and refuses bad percent-encoding")
    func urlEncodedFields() {
        #expect(FormFields(Array("List-Unsubscribe=One-Click\r\n".utf8))?["List-Unsubscribe"] == "One-Click")
        #expect(FormFields(Array("note=a+b%21".utf8))?["note"] == "a b!")
        #expect(FormFields(Array("note=%ZZ".utf8)) == nil)
        #expect(FormFields(Array("note=%C3".utf8)) == nil)
    }

    @Test("a path is matched to its route segment by segment (a parameter takes any non-empty segment) and answered with that route's methods; other paths are not routes")
    func allowedMethods() {
        let methods = AllowedMethods<WebRequestContext>(
            mountPath: "/circles", routes: [("static/circles.css", [.get, .head]), ("r/:token", [.get, .head, .post]), ("feeds/:file", [.get, .head])])
        #expect(methods.allowed(at: "/circles/r/abc") == [.get, .head, .post])
        #expect(methods.allowed(at: "/circles/feeds/abc.ics") == [.get, .head])
        #expect(methods.allowed(at: "/circles/static/circles.css") == [.get, .head])
        #expect(methods.allowed(at: "/circles/static/other.css") == nil)
        #expect(methods.allowed(at: "/circles/r/") == nil)
        #expect(methods.allowed(at: "/circles/r/a/b") == nil)
        #expect(methods.allowed(at: "/other/r/abc") == nil)
        #expect(methods.allowed(at: "/circles/static") == nil)
        #expect(AllowedMethods<WebRequestContext>(mountPath: "", routes: [("r/:token", [.get, .head, .post])]).allowed(at: "/r/abc") == [.get, .head, .post])
    }

    @Test("the feed notice listener waits the retry delay after a loss, doubling while the database stays away, at most a minute")
    func listenerBackoff() {
        let delays = (0...9).map { FeedChangeListener.delay(after: $0, first: .seconds(1)) }
        #expect(delays == [1, 1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
        #expect(FeedChangeListener.delay(after: 3, first: .milliseconds(100)) == .milliseconds(400))
    }
}
