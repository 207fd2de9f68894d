import Foundation
import Recurrence
import Testing

@Suite("Parsing and serialising rules and sets")
struct ParsingTests {
    @Test(
        "malformed rules are refused with a message naming the part and what is accepted",
        arguments: [
            (
                "FREQ=WEEKLY;BYDAY=TUE",
                "BYDAY=TUE: expected MO, TU, WE, TH, FR, SA or SU, optionally after a signed ordinal such as 2TU or -1FR"
            ),
            (
                "FREQ=FORTNIGHTLY",
                "FREQ=FORTNIGHTLY: expected SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY"
            ),
            ("BYDAY=TU", "the rule has no FREQ part; FREQ is required, e.g. FREQ=WEEKLY"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0: expected a whole number from 1 to 1000000"),
            (
                "FREQ=MONTHLY;BYMONTHDAY=32",
                "BYMONTHDAY=32: expected whole numbers from 1 to 31 or -31 to -1, separated by commas"
            ),
            (
                "FREQ=YEARLY;BYMONTH=13",
                "BYMONTH=13: expected whole numbers from 1 to 12, separated by commas"
            ),
            (
                "FREQ=DAILY;COUNT=3;UNTIL=20270101",
                "COUNT and UNTIL cannot both be given; end the rule with one of them"
            ),
            (
                "FREQ=DAILY;FOO=1",
                "FOO=1: FOO is not an RRULE part; expected FREQ, UNTIL, COUNT, INTERVAL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS or WKST"
            ),
            (
                "FREQ=DAILY;FREQ=WEEKLY",
                "FREQ appears more than once; each rule part may appear only once"
            ),
            (
                "FREQ=DAILY;UNTIL=2027-01-01",
                "UNTIL=2027-01-01: expected a date (19971224), a local date-time (19971224T090000) or a UTC date-time (19971224T090000Z) that exists"
            ),
            (
                "FREQ=WEEKLY;BYDAY=2TU",
                "BYDAY=2TU: an ordinal such as 2TU or -1FR is only allowed with FREQ=MONTHLY or FREQ=YEARLY; write TU for every Tuesday"
            ),
            (
                "FREQ=MONTHLY;BYWEEKNO=20",
                "BYWEEKNO is only allowed with FREQ=YEARLY (RFC 5545 §3.3.10), not FREQ=MONTHLY"
            ),
            (
                "FREQ=WEEKLY;BYMONTHDAY=1",
                "BYMONTHDAY is not allowed with FREQ=WEEKLY; use FREQ=MONTHLY to pick days of the month"
            ),
            (
                "FREQ=MONTHLY;BYSETPOS=1",
                "BYSETPOS needs another BYxxx part to choose from, such as BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
            ),
            (
                "FREQ=MONTHLY;BYDAY=0MO",
                "BYDAY=0MO: the ordinal before a weekday must be from 1 to 53 or -53 to -1, such as 2TU or -1FR"
            ),
            ("FREQ=DAILY;WKST=XX", "WKST=XX: expected MO, TU, WE, TH, FR, SA or SU"),
            (
                "FREQ=MONTHLY;BYMONTHDAY=++5",
                "BYMONTHDAY=++5: expected whole numbers from 1 to 31 or -31 to -1, separated by commas"
            ),
            (
                "FREQ=YEARLY;BYDAY=+-2MO",
                "BYDAY=+-2MO: the ordinal before a weekday must be from 1 to 53 or -53 to -1, such as 2TU or -1FR"
            ),
        ])
    func malformed(_ rule: String, _ message: String) {
        #expect(throws: RecurrenceError.self) { try RecurrenceRule(parsing: rule) }
        do {
            _ = try RecurrenceRule(parsing: rule)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test("rule parts are read in any order and letter case, and written in the RFC's order")
    func normalisedOutput() throws {
        let rule = try RecurrenceRule(parsing: "RRULE:byday=2tu;freq=monthly;interval=1;count=5")
        #expect(rule.description == "FREQ=MONTHLY;COUNT=5;BYDAY=2TU")
        #expect(
            rule
                == RecurrenceRule(
                    frequency: .monthly, end: .count(5), byDay: [WeekdayRule(.tuesday, ordinal: 2)])
        )
    }

    @Test("a recurrence set round-trips through iCalendar lines, in a zone, in UTC and floating")
    func setRoundTrip() throws {
        let zoned = try RecurrenceSet(
            start: #require(LocalDateTime(iso: "2026-12-08T14:00")),
            timeReference: .zone("Europe/London"),
            rule: RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
            exceptionDates: [#require(LocalDateTime(iso: "2026-12-22T14:00"))],
            extraDates: [#require(LocalDateTime(iso: "2026-12-24T10:00"))])
        #expect(
            zoned.icalendar == """
                DTSTART;TZID=Europe/London:20261208T140000
                RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU
                RDATE;TZID=Europe/London:20261224T100000
                EXDATE;TZID=Europe/London:20261222T140000
                """)
        #expect(try RecurrenceSet(icalendar: zoned.icalendar) == zoned)
        for reference in [TimeReference.utc, .floating] {
            let set = try RecurrenceSet(
                start: zoned.start, timeReference: reference, rule: zoned.rule,
                exceptionDates: zoned.exceptionDates)
            #expect(try RecurrenceSet(icalendar: set.icalendar) == set)
        }
    }

    @Test("RDATE adds, EXDATE removes, and an EXDATE in UTC matches the zoned instance")
    func rdateAndExdate() throws {
        let set = try RecurrenceSet(
            icalendar: """
                DTSTART;TZID=Europe/London:20270302T140000
                RRULE:FREQ=WEEKLY;COUNT=4
                EXDATE:20270316T140000Z
                RDATE;TZID=Europe/London:20270304T090000
                EXDATE;TZID=Europe/London:20270330T140000
                """)
        #expect(
            set.first(10).map(\.rfc3339) == [
                "2027-03-02T14:00:00+00:00", "2027-03-04T09:00:00+00:00",
                "2027-03-09T14:00:00+00:00", "2027-03-23T14:00:00+00:00",
            ])
    }

    @Test("an unknown time zone is refused with an example of a good one")
    func unknownZone() {
        do {
            _ = try RecurrenceSet(
                rule: "FREQ=DAILY", start: "2026-12-08T14:00", timeZone: "Europe/Lundon")
            Issue.record("accepted an unknown zone")
        } catch {
            #expect(error.code == .unknownTimeZone)
            #expect(error.message.contains("Europe/London"))
        }
    }

    @Test("a set with no RRULE is DTSTART plus its RDATEs")
    func noRule() throws {
        let set = try RecurrenceSet(
            icalendar: "DTSTART:20270101T090000Z\nRDATE:20270102T090000Z,20270101T090000Z")
        #expect(
            set.first(5).map(\.rfc3339) == [
                "2027-01-01T09:00:00+00:00", "2027-01-02T09:00:00+00:00",
            ])
    }
}
