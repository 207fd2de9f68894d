import Foundation
import ICalendar
import SeededRandom
import Testing

/// Reading calendars that arrive from outside: closure files and replies from mail clients.
@Suite("reading iCalendar")
struct ICalendarReaderTests {
    let reader = ICalendarReader()

    @Test("an invitation we wrote reads back with its events, zones, parameters and text")
    func readsOwnInvitation() throws {
        let event = Fixtures.meeting(start: Fixtures.utc(2027, 5, 4, 13))
        let ics = try CalendarInvitation(method: .request, events: [event]).render()
        let calendars = try reader.read(ics)
        #expect(calendars.map(\.name) == ["VCALENDAR"])
        let calendar = try #require(calendars.first)
        #expect(calendar.property("method")?.value == "REQUEST")
        #expect(calendar.components("VTIMEZONE").first?.property("TZID")?.value == "Europe/London")
        let vevent = try #require(calendar.components("VEVENT").first)
        #expect(vevent.property("UID")?.value == event.uid)
        #expect(vevent.property("DESCRIPTION")?.text == event.description)
        #expect(vevent.property("LOCATION")?.text == event.location)
        let start = try #require(vevent.property("DTSTART")).dateTime()
        #expect(start == ICalendarDateTime(year: 2027, month: 5, day: 4, hour: 14, form: .zoned(tzid: "Europe/London")))
        let attendees = vevent.properties("ATTENDEE")
        #expect(attendees.map { $0.parameter("CN") } == ["Ngozi Adeyemi", "Sam Lee, Jr."])
        #expect(attendees.map(\.value) == ["mailto:ngozi@example.org", "mailto:sam@example.org"])
    }

    @Test("random summaries survive writing, folding and reading back", arguments: 0..<4)
    func summariesRoundTrip(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("ab ,;:\\\"é€😀^n'=") + ["\n"]
        for _ in 0..<100 {
            let length = random.below(200) + 1
            let summary = String((0..<length).map { _ in alphabet[random.below(alphabet.count)] })
            let event = Fixtures.meeting(start: Fixtures.utc(2027, 1, 5, 14), summary: summary)
            let ics = try CalendarInvitation(method: .request, events: [event]).render()
            let vevent = try #require(try reader.read(ics).first?.components("VEVENT").first)
            #expect(vevent.property("SUMMARY")?.text == summary)
        }
    }

    @Test("LF line ends and TAB continuations unfold like CRLF and space")
    func unfoldsLenientLineEnds() throws {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Peer\n\tsupport\nUID:1\nEND:VEVENT\nEND:VCALENDAR\n"
        let vevent = try #require(try reader.read(ics).first?.components("VEVENT").first)
        #expect(vevent.property("SUMMARY")?.value == "Peersupport")
        #expect(vevent.property("UID")?.line == 5)
    }

    @Test("quoted parameter values keep ':' and ';' and RFC 6868 carets decode")
    func parameterQuoting() throws {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\"Lee; Sam: ^'Jr^'\";DELEGATED-TO=\"mailto:a@x\",\"mailto:b@x\";PARTSTAT=ACCEPTED:mailto:SAM@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let attendee = try #require(try reader.read(ics).first?.components("VEVENT").first?.property("ATTENDEE"))
        #expect(attendee.parameter("cn") == "Lee; Sam: \"Jr\"")
        #expect(attendee.parameters.first { $0.name == "DELEGATED-TO" }?.values == ["mailto:a@x", "mailto:b@x"])
        #expect(attendee.parameter("PARTSTAT") == "ACCEPTED")
        #expect(attendee.value == "mailto:SAM@example.org")
    }

    @Test("dates, UTC, zoned and floating times read as written; lists split")
    func dateForms() throws {
        let ics = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270531
            DTEND:20270601
            RECURRENCE-ID:20270504T130000Z
            DTSTAMP;TZID=Europe/London:20270504T140000
            LAST-MODIFIED:20270504T140000
            EXDATE;VALUE=DATE:20281225,20291225
            END:VEVENT
            END:VCALENDAR
            """
        let vevent = try #require(try reader.read(ics).first?.components("VEVENT").first)
        #expect(try vevent.property("DTSTART")?.dateTime() == ICalendarDateTime(year: 2027, month: 5, day: 31, form: .date))
        #expect(try vevent.property("DTEND")?.dateTime().form == .date)
        #expect(try vevent.property("RECURRENCE-ID")?.dateTime() == ICalendarDateTime(year: 2027, month: 5, day: 4, hour: 13, form: .utc))
        #expect(try vevent.property("DTSTAMP")?.dateTime().form == .zoned(tzid: "Europe/London"))
        #expect(try vevent.property("LAST-MODIFIED")?.dateTime().form == .floating)
        #expect(try vevent.property("EXDATE")?.dateTimes().map(\.description) == ["2028-12-25", "2029-12-25"])
    }

    @Test("impossible dates and malformed times are refused with the line", arguments: [
        "20270229", "20271301", "2027050", "20270504T250000Z", "20270504T1300", "20270504X130000", "2027-05-04",
    ])
    func badDates(value: String) throws {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:\(value)\nEND:VEVENT\nEND:VCALENDAR\n"
        let property = try #require(try reader.read(ics).first?.components("VEVENT").first?.property("DTSTART"))
        #expect(throws: ICalendarReadError.self) { try property.dateTime() }
        do {
            _ = try property.dateTime()
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test("malformed structure is refused and the error names the line", arguments: [
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n", 3, "expected END:VEVENT"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT\n", 1, "never closed"),
        ("SUMMARY:x\nBEGIN:VCALENDAR\nEND:VCALENDAR\n", 1, "outside any component"),
        ("END:VCALENDAR\n", 1, "without a matching BEGIN"),
        (" continued\nBEGIN:VCALENDAR\nEND:VCALENDAR\n", 1, "continuation"),
        ("BEGIN:VCALENDAR\nSUMMARY x\nEND:VCALENDAR\n", 2, "needs ':'"),
        ("BEGIN:VCALENDAR\nX;=1:x\nEND:VCALENDAR\n", 2, "NAME=value"),
        ("BEGIN:VCALENDAR\nX;CN=\"open:x\nEND:VCALENDAR\n", 2, "never closed"),
        ("BEGIN:VCALENDAR\nSUMMARY:a\u{0}b\nEND:VCALENDAR\n", 2, "control character 0x0"),
        ("BEGIN:VCALENDAR\nSUMMARY:a\rb\nEND:VCALENDAR\n", 2, "control character 0xD"),
        ("BEGIN:VCALENDAR\nSUMMARY:a\u{1B}[31m\nEND:VCALENDAR\n", 2, "control character 0x1B"),
        ("", 0, "no calendar"),
    ])
    func badStructure(text: String, line: Int, reason: String) {
        do {
            _ = try reader.read(text)
            Issue.record("read \(text.debugDescription) without complaint")
        } catch {
            #expect(error.line == line)
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        var bytes = Array("BEGIN:VCALENDAR\nSUMMARY:".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\nEND:VCALENDAR\n".utf8)
        #expect(throws: ICalendarReadError(line: 2, "the line is not valid UTF-8")) { try reader.read(bytes) }
    }

    @Test("inputs beyond the limits are refused before they cost much")
    func limits() {
        let small = ICalendarReader(limits: ICalendarReadLimits(
            maximumBytes: 2_000, maximumLineOctets: 100, maximumComponents: 3, maximumDepth: 2, maximumPropertiesPerComponent: 2))
        func reason(_ text: String) -> String {
            do {
                _ = try small.read(text)
                return "accepted"
            } catch {
                return error.reason
            }
        }
        #expect(reason(String(repeating: "X", count: 2_001)).contains("at most 2000"))
        #expect(reason("BEGIN:VCALENDAR\nX:\(String(repeating: "a", count: 60))\n \(String(repeating: "b", count: 60))\nEND:VCALENDAR").contains("longer than 100"))
        #expect(reason("BEGIN:A\nBEGIN:B\nBEGIN:C\nEND:C\nEND:B\nEND:A").contains("nest more than 2"))
        #expect(reason("BEGIN:A\nBEGIN:B\nEND:B\nBEGIN:B\nEND:B\nBEGIN:B\nEND:B\nEND:A").contains("more than 3 components"))
        #expect(reason("BEGIN:A\nX:1\nY:2\nZ:3\nEND:A").contains("more than 2 properties"))
    }

    @Test("TEXT values unescape backslash sequences and keep a lone trailing backslash")
    func textUnescaping() {
        let property = ICalendarProperty(name: "COMMENT", value: #"On a home visit\, sorry\; back at 4\nSam\\"#)
        #expect(property.text == "On a home visit, sorry; back at 4\nSam\\")
        #expect(ICalendarProperty(name: "X", value: #"end\"#).text == #"end\"#)
    }
}
