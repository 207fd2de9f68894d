import Foundation
import ICalendar
import ReplyFixtures
import ReplyReading
import Testing

/// Values every fixture is filled with here.
private func values(_ extra: [String: String] = [:]) -> [String: String] {
    [
        "NAME": "Sam Jones", "FROM": "sam@council.example", "TO": "circles+abcdefghijklmnopqrst@council.example",
        "TITLE": "Peer support – social workers", "DATE": "Tue, 01 Dec 2026 10:00:00 +0000", "MESSAGEID": "reply-1@client.example",
        "ATTENDEE": "Sam@Council.example", "UID": "21a8f3c0-0000-4000-8000-000000000001-20261208T140000Z@council.example",
        "RECURRENCE_ID": "", "SEQUENCE": "0", "DTSTAMP": "20261201T100000Z", "PARTSTAT": "ACCEPTED",
        "COMMENT": "On a home visit\\, sorry", "DTSTART_LOCAL": "20261208T140000", "DTEND_LOCAL": "20261208T153000",
        "DTSTART_UTC": "20261208T140000Z", "DTEND_UTC": "20261208T153000Z",
    ].merging(extra) { $1 }
}

private let base = "circles@council.example"

@Suite("reading iTIP replies")
struct ReplyReadingTests {
    @Test("each client's reply gives its token, UID, attendee, answer and sequence", arguments: [
        ReplyFixture.outlook, .google, .apple, .thunderbird,
    ])
    func clientShapes(_ fixture: ReplyFixture) throws {
        let reply = IncomingReply(parsing: fixture.render(values(["PARTSTAT": "DECLINED", "SEQUENCE": "3"])), base: base)
        #expect(reply.token?.value == "abcdefghijklmnopqrst")
        #expect(reply.messageID == "reply-1@client.example")
        #expect(reply.calendar.problems.isEmpty)
        let first = try #require(reply.calendar.replies.first)
        #expect(first.uid == "21a8f3c0-0000-4000-8000-000000000001-20261208T140000Z@council.example")
        #expect(first.attendees.map(\.email) == ["sam@council.example"])
        #expect(ReplyAnswer(partstat: first.attendees[0].partstat) == .declined)
        #expect(first.sequence == 3)
        #expect(first.dtstamp == Date(timeIntervalSince1970: 1_796_119_200))
        #expect(first.recurrenceID == nil)
    }

    @Test("Outlook's reply has no ORGANIZER and its note in COMMENT")
    func outlookComment() throws {
        let reply = IncomingReply(parsing: ReplyFixture.outlook.render(values()), base: base)
        let event = try #require(reply.calendar.replies.first)
        #expect(event.organizer == nil)
        #expect(event.comment == "On a home visit, sorry")
        #expect(reply.authentication?.passed("dkim") == true)
    }

    @Test("Google's inline calendar and its invite.ics attachment are both read")
    func googleTwice() {
        let reply = IncomingReply(parsing: ReplyFixture.google.render(values()), base: base)
        #expect(reply.calendar.calendarParts == 2)
        #expect(reply.calendar.replies.count == 2)
    }

    @Test("a RECURRENCE-ID in a Windows zone is the right UTC instant")
    func windowsZone() throws {
        let reply = IncomingReply(
            parsing: ReplyFixture.outlook.render(values(["RECURRENCE_ID": "RECURRENCE-ID;TZID=GMT Standard Time:20260708T140000\n"])),
            base: base)
        let event = try #require(reply.calendar.replies.first)
        // 14:00 British Summer Time is 13:00 UTC.
        #expect(event.recurrenceInstant(floatingZone: TimeZone(identifier: "UTC")!) == Date(timeIntervalSince1970: 1_783_515_600))
    }

    @Test("a plain reply, TNEF winmail.dat and a malformed calendar yield no reply", arguments: [
        ReplyFixture.plain, .tnef, .malformed,
    ])
    func nothingToApply(_ fixture: ReplyFixture) {
        let reply = IncomingReply(parsing: fixture.render(values()), base: base)
        #expect(reply.calendar.replies.isEmpty)
        #expect(reply.token != nil)
    }

    @Test("a malformed calendar is named as a problem with its line")
    func malformedProblem() {
        let reply = IncomingReply(parsing: ReplyFixture.malformed.render(values()), base: base)
        #expect(reply.calendar.problems.count == 1)
        #expect(reply.calendar.problems.first?.contains("line") == true)
    }

    @Test("a part over the size limit is skipped and named, the calendar part still read")
    func partLimit() {
        let bytes = ReplyFixture.large.render(values(["PADDING_BYTES": "2000000"]))
        let reply = IncomingReply(parsing: bytes, base: base)
        #expect(reply.skipped.count == 1)
        #expect(reply.calendar.replies.count == 1)
        let capped = IncomingReply(parsing: bytes, base: base, limits: MIMELimits(maximumMessageBytes: 1 << 20))
        #expect(capped.calendar.replies.isEmpty)
    }

    @Test("a token is only read from the reply mailbox's own address and domain")
    func tokenPlaces() {
        #expect(ReplyToken.find(in: ["Circles <circles+ABCDEFGHIJKLMNOPQRST@Council.Example>"], base: base)?.value == "abcdefghijklmnopqrst")
        #expect(ReplyToken.find(in: ["circles+abcdefghijklmnopqrst@elsewhere.example"], base: base) == nil)
        #expect(ReplyToken.find(in: ["other+abcdefghijklmnopqrst@council.example"], base: base) == nil)
        #expect(ReplyToken.find(in: ["circles+short@council.example"], base: base) == nil)
        let token = ReplyToken.random()
        #expect(ReplyToken.find(in: [token.address(base: base)], base: base) == token)
    }

    @Test("quoted-printable soft breaks and =XX escapes, and base64 with line breaks, decode")
    func transferEncodings() {
        let message = Array(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 au =\r\nlait\r\n".utf8)
        #expect(MIMEMessage(parsing: message).parts.first?.text == "Café au lait\r\n")
        let base64 = Array("Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGVs\r\nbG8=\r\n".utf8)
        #expect(MIMEMessage(parsing: base64).parts.first?.text == "hello")
    }

    @Test("Latin-1 calendar text is read in its charset")
    func latin1() throws {
        var bytes = Array(
            "Content-Type: text/calendar; method=REPLY; charset=iso-8859-1\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x@y\r\nATTENDEE;PARTSTAT=TENTATIVE:mailto:a@b\r\nCOMMENT:caf".utf8)
        bytes.append(0xE9)
        bytes += Array("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let reply = try #require(CalendarReplyReader().replies(in: MIMEMessage(parsing: bytes)).replies.first)
        #expect(reply.comment == "café")
    }

    @Test("ISO-8859-15 text has its euro sign and the other seven letters it differs from Latin-1 by")
    func latin9() throws {
        var bytes = Array("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:x@council.example\r\nCOMMENT:".utf8)
        bytes = Array("Content-Type: text/calendar; method=REPLY; charset=ISO-8859-15\r\n\r\n".utf8) + bytes
        bytes += [0x35, 0xA4, 0x20, 0xBD, 0xA6, 0xE9]
        bytes += Array("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let reply = try #require(CalendarReplyReader().replies(in: MIMEMessage(parsing: bytes)).replies.first)
        #expect(reply.comment == "5€ œŠé")
    }

    @Test("nesting deeper than the limit is cut off")
    func depth() {
        var text = ""
        for level in 0..<12 { text += "Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n" }
        text += "Content-Type: text/plain\r\n\r\ndeep\r\n"
        let message = MIMEMessage(parsing: Array(text.utf8))
        #expect(message.parts.isEmpty)
        #expect(!message.skipped.isEmpty)
    }

    @Test("a body of nothing but boundary lines is walked only to the part limit and noted once; the calendar part before it is still read")
    func boundaryFlood() throws {
        var text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
        text += String(repeating: "--b\n", count: 250_000)
        let message = MIMEMessage(parsing: Array(text.utf8))
        #expect(message.parts.count == 100)
        #expect(message.parts.first.map { String(decoding: $0.body, as: UTF8.self) } == "hello")
        #expect(message.skipped.count == 2, "\(message.skipped.prefix(3))")
        #expect(message.skipped.last == "more than 200 parts and multiparts: the rest was not read")
    }

    @Test("a Message-ID is cut at 500 code points between characters (an accent never alone) and loses its control characters")
    func messageIDBounds() {
        let long = String(repeating: "e\u{301}", count: 600)
        let reply = IncomingReply(parsing: ReplyFixture.google.render(values(["MESSAGEID": "a\u{7}" + long])), base: base)
        let id = reply.messageID ?? ""
        #expect(id.unicodeScalars.count == 499)
        #expect(id.hasPrefix("ae\u{301}") && id.hasSuffix("e\u{301}"))
        #expect(!id.unicodeScalars.contains("\u{7}"))
    }

    @Test("a SEQUENCE past PostgreSQL's integer is held to its largest value")
    func hugeSequence() throws {
        let reply = IncomingReply(parsing: ReplyFixture.google.render(values(["SEQUENCE": "3000000000"])), base: base)
        #expect(try #require(reply.calendar.replies.first).sequence == Int(Int32.max))
    }

    @Test("with the receiving server's authserv-id set, a forged Authentication-Results above its own is ignored, and a message without its own has none")
    func authservID() throws {
        let genuine = String(decoding: ReplyFixture.google.render(values()), as: UTF8.self)
            .replacingOccurrences(of: "dkim=pass header.i=@gmail.com", with: "dkim=fail header.i=@gmail.com")
            .replacingOccurrences(of: "dmarc=pass", with: "dmarc=fail")
        let forged = Array(("Authentication-Results: mx.evil.example; dkim=pass; dmarc=pass\r\n" + genuine).utf8)
        let trusting = IncomingReply(parsing: forged, base: base, authservID: "MX.Council.Example")
        #expect(trusting.authentication?.server == "mx.council.example")
        #expect(AuthenticationPolicy.dkim.refusal(trusting.authentication) != nil)
        let topmost = IncomingReply(parsing: forged, base: base)
        #expect(topmost.authentication?.server == "mx.evil.example", "without the setting, the topmost header counts")
        let alone = Array(genuine.replacingOccurrences(of: "Authentication-Results: mx.council.example", with: "Authentication-Results: mx.evil.example").utf8)
        #expect(IncomingReply(parsing: alone, base: base, authservID: "mx.council.example").authentication == nil)
        // The authserv-id as RFC 8601 allows it: quoted, or followed by a version after a tab.
        #expect(AuthenticationResults(header: "\"mx.council.example\"\t1; dkim=pass")?.server == "mx.council.example")
    }

    @Test("a policy that needs DKIM refuses a reply whose DKIM failed, and one without the header")
    func policy() {
        let failed = AuthenticationResults(header: "mx.council.example; dkim=fail header.d=x; spf=pass smtp.mailfrom=x")
        #expect(AuthenticationPolicy.dkim.refusal(failed) != nil)
        #expect(AuthenticationPolicy.dkimOrSPF.refusal(failed) == nil)
        #expect(AuthenticationPolicy.dkim.refusal(nil) != nil)
        #expect(AuthenticationPolicy.record.refusal(nil) == nil)
    }
}
