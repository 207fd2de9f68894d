import Foundation
import ICalendar
import Testing

/// Untrusted titles, names and places stay inside their own property, and every line fits RFC 5545's 75 octets.
@Suite("escaping and folding")
struct TextSafetyTests {
    /// A 200-character title with commas, semicolons, emoji, quotes, a backslash and a CRLF injection attempt.
    ///
    /// The backslash is not followed by `n`: python3-icalendar 4.0.3 (Debian 12) misreads a correctly escaped
    /// `\\n` as a line break, a bug in that parser, not in our output (`textEscaping` checks ours).
    static let hostileTitle: String = {
        let base =
            "Peer support, Tuesdays; tea ☕️, cake; 🌈👩🏽‍🤝‍👩🏻 \"everyone\" welcome — C:\\Users ok"
            + "\r\nATTENDEE;CN=Mallory:mailto:mallory@example.com\nMETHOD:CANCEL\u{2028}X-INJECTED:1\u{0}\u{7}\u{85}end"
        var title = base
        while title.count < 200 { title += ", more; " }
        return String(title.prefix(200))
    }()

    private func render(summary: String) throws -> String {
        let event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14), summary: summary)
        return try CalendarInvitation(method: .request, events: [event]).render()
    }

    @Test("the hostile title really is 200 characters with every kind of trouble in it")
    func hostileTitleIsWhatItClaims() {
        #expect(Self.hostileTitle.count == 200)
        for needle in [",", ";", "🌈", "\r\n", "\"", "\\"] {
            #expect(Self.hostileTitle.contains(needle))
        }
    }

    @Test("a title with a CRLF cannot add an attendee or change the method")
    func injectionStaysInSummary() throws {
        let ics = try render(summary: Self.hostileTitle)
        let lines = Fixtures.logicalLines(ics)
        #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("METHOD") } == ["METHOD:REQUEST"])
        #expect(!lines.contains { $0.hasPrefix("X-INJECTED") })
        #expect(!ics.contains("mallory@example.com\r\n"))
        let summary = try #require(Fixtures.property("SUMMARY", in: ics))
        #expect(
            summary.contains(
                #"\nATTENDEE\;CN=Mallory:mailto:mallory@example.com\nMETHOD:CANCEL\nX-INJECTED:1\nend"#))
    }

    @Test(
        "commas, semicolons and backslashes are escaped; line breaks become \\n; other controls vanish")
    func textEscaping() throws {
        let ics = try render(summary: "a,b;c\\d\r\ne\rf\ng\u{1B}[31mh\u{7F}i\tj")
        #expect(Fixtures.property("SUMMARY", in: ics) == #"SUMMARY:a\,b\;c\\d\ne\nf\ng[31mhi j"#)
    }

    @Test("every physical line is at most 75 octets and ends with CRLF")
    func foldingLimit() throws {
        let ics = try render(summary: Self.hostileTitle)
        #expect(ics.hasSuffix("\r\n"))
        let bytes = Array(ics.utf8)
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "a CR not followed by LF")
                #expect(index - lineStart <= 75, "a line of \(index - lineStart) octets")
                lineStart = index + 2
                index += 2
                continue
            }
            #expect(bytes[index] != 0x0A, "a bare LF at octet \(index)")
            index += 1
        }
    }

    @Test("folding never splits a UTF-8 sequence, and unfolding restores the title")
    func foldingKeepsUTF8Whole() throws {
        let emojiTitle = String(repeating: "🌈é", count: 60)
        let ics = try render(summary: emojiTitle)
        for line in ics.components(separatedBy: "\r\n") {
            let octets = Array(line.utf8)
            #expect(String(validating: octets, as: UTF8.self) != nil)
        }
        let rawLines = ics.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(rawLines.contains { $0.hasPrefix(" ") }, "a 200-octet title must fold")
        #expect(Fixtures.property("SUMMARY", in: ics) == "SUMMARY:" + emojiTitle)
    }

    @Test("a facilitator's name with a comma or colon is quoted, and a double quote is dropped")
    func parameterQuoting() throws {
        var event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))
        event.organizer = CalendarOrganizer(
            name: "Circles: \"North\" Team", email: "circles@example.org")
        event.attendees = [
            CalendarAttendee(name: "Adeyemi, Ngozi", email: "ngozi@example.org", role: .chair),
            CalendarAttendee(name: "Robin\r\nATTENDEE:mailto:x@example.com", email: "robin@example.org"),
        ]
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        let lines = Fixtures.logicalLines(ics)
        #expect(lines.contains("ORGANIZER;CN=\"Circles: North Team\":mailto:circles@example.org"))
        #expect(
            lines.contains(
                "ATTENDEE;CN=\"Adeyemi, Ngozi\";ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ngozi@example.org"
            ))
        #expect(
            lines.contains(
                "ATTENDEE;CN=\"Robin  ATTENDEE:mailto:x@example.com\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:robin@example.org"
            ))
        #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 2)
    }

    @Test("an address with a line break cannot start a new property")
    func addressesLoseControls() throws {
        var event = Fixtures.meeting(start: Fixtures.utc(2026, 12, 8, 14))
        event.attendees = [CalendarAttendee(name: "", email: "sam@example.org\r\nMETHOD:CANCEL")]
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        let lines = Fixtures.logicalLines(ics)
        #expect(
            lines.contains(
                "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:sam@example.orgMETHOD:CANCEL"
            ))
        #expect(lines.filter { $0.hasPrefix("METHOD") } == ["METHOD:REQUEST"])
    }
}
