import Foundation
import Recurrence
import Testing

@Suite("Daylight-saving gaps and overlaps")
struct DaylightSavingTests {
    /// Expands a rule and returns each occurrence as RFC 3339 local time with offset.
    func expand(_ rule: String, _ start: String, _ zone: String, limit: Int = 50) throws -> [String]
    {
        try RecurrenceSet(rule: rule, start: start, timeZone: zone).occurrences().prefix(limit).map(
            \.rfc3339)
    }

    @Test(
        "a local time in the gap moves forward by the gap's length; an ambiguous one takes its first instance",
        arguments: [
            (
                "Europe/London", "2026-03-28T01:30",
                [
                    "2026-03-28T01:30:00+00:00", "2026-03-29T02:30:00+01:00",
                    "2026-03-30T01:30:00+01:00",
                ]
            ),
            (
                "Europe/London", "2026-10-24T01:30",
                [
                    "2026-10-24T01:30:00+01:00", "2026-10-25T01:30:00+01:00",
                    "2026-10-26T01:30:00+00:00",
                ]
            ),
            (
                "America/New_York", "2026-03-07T02:30",
                [
                    "2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00",
                    "2026-03-09T02:30:00-04:00",
                ]
            ),
            (
                "America/New_York", "2026-10-31T01:30",
                [
                    "2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00",
                    "2026-11-02T01:30:00-05:00",
                ]
            ),
            (
                "Australia/Lord_Howe", "2026-10-03T02:10",
                [
                    "2026-10-03T02:10:00+10:30", "2026-10-04T02:40:00+11:00",
                    "2026-10-05T02:10:00+11:00",
                ]
            ),
            (
                "Australia/Lord_Howe", "2026-04-04T01:45",
                [
                    "2026-04-04T01:45:00+11:00", "2026-04-05T01:45:00+11:00",
                    "2026-04-06T01:45:00+10:30",
                ]
            ),
            (
                "America/Santiago", "2026-09-05T00:30",
                [
                    "2026-09-05T00:30:00-04:00", "2026-09-06T01:30:00-03:00",
                    "2026-09-07T00:30:00-03:00",
                ]
            ),
            (
                "America/Santiago", "2026-04-03T23:30",
                [
                    "2026-04-03T23:30:00-03:00", "2026-04-04T23:30:00-03:00",
                    "2026-04-05T23:30:00-04:00",
                ]
            ),
        ])
    func dailyAcrossTransition(zone: String, start: String, expected: [String]) throws {
        #expect(try expand("FREQ=DAILY;COUNT=3", start, zone) == expected)
    }

    @Test(
        "a daily midnight meeting in Santiago happens at 01:00 on the day the clocks skip midnight")
    func santiagoMidnight() throws {
        #expect(
            try expand("FREQ=DAILY;COUNT=3", "2026-09-05T00:00", "America/Santiago") == [
                "2026-09-05T00:00:00-04:00", "2026-09-06T01:00:00-03:00",
                "2026-09-07T00:00:00-03:00",
            ])
    }

    @Test(
        "hourly through London's autumn overlap follows the wall clock, so the repeated hour happens once"
    )
    func hourlyOverlapLondon() throws {
        #expect(
            try expand("FREQ=HOURLY;COUNT=4", "2026-10-25T00:00", "Europe/London") == [
                "2026-10-25T00:00:00+01:00", "2026-10-25T01:00:00+01:00",
                "2026-10-25T02:00:00+00:00",
                "2026-10-25T03:00:00+00:00",
            ])
    }

    @Test("times inside the gap that land on later times of the same day appear once, in order")
    func gapCollisionsAreMerged() throws {
        let result = try expand(
            "FREQ=DAILY;BYHOUR=1,2;BYMINUTE=0,30;COUNT=12", "2026-03-28T01:00", "Europe/London")
        #expect(
            result == [
                "2026-03-28T01:00:00+00:00", "2026-03-28T01:30:00+00:00",
                "2026-03-28T02:00:00+00:00",
                "2026-03-28T02:30:00+00:00",
                "2026-03-29T02:00:00+01:00", "2026-03-29T02:30:00+01:00",
                "2026-03-30T01:00:00+01:00", "2026-03-30T01:30:00+01:00",
                "2026-03-30T02:00:00+01:00",
                "2026-03-30T02:30:00+01:00",
            ])
    }

    @Test(
        "a whole missing day (Samoa, 30 December 2011) moves forward a day and merges with the next"
    )
    func samoaSkippedDay() throws {
        #expect(
            try expand("FREQ=DAILY;COUNT=5", "2011-12-28T10:00", "Pacific/Apia") == [
                "2011-12-28T10:00:00-10:00", "2011-12-29T10:00:00-10:00",
                "2011-12-31T10:00:00+14:00",
                "2012-01-01T10:00:00+14:00",
            ])
    }

    @Test("a DTSTART inside the gap is itself moved forward")
    func startInGap() throws {
        #expect(
            try expand("FREQ=WEEKLY;COUNT=2", "2026-03-29T01:15", "Europe/London") == [
                "2026-03-29T02:15:00+01:00", "2026-04-05T01:15:00+01:00",
            ])
    }

    @Test("the shared corpus's daylight-saving cases, with instants that coincide counted once")
    func corpusCases() throws {
        let corpus = try #require(Corpus.shared)
        #expect(corpus.dstCases.count == 7)
        for item in corpus.dstCases {
            let set = try RecurrenceSet(
                rule: item.rrule, start: item.dtstart.local, timeZone: item.dtstart.tzid)
            let actual = Array(set.occurrences().prefix(100))
            var seen = Set<Int64>()
            // RFC 5545 §3.8.5.3: duplicate instances are ignored. Only the spring-forward hourly case has one.
            let expected = item.expectedRfc335.filter { seen.insert($0.epochSeconds).inserted }
            #expect(actual.map(\.epochSeconds) == expected.map(\.epochSeconds), "\(item.id)")
            #expect(actual.map(\.local.description) == expected.map(\.actualLocal), "\(item.id)")
            for (occurrence, instance) in zip(actual, expected) {
                let wall = try #require(LocalDateTime(iso: instance.actualLocal))
                #expect(
                    Int64(occurrence.utcOffset) == testEpochSeconds(wall) - instance.epochSeconds,
                    "\(item.id)")
                #expect(
                    occurrence.wasShiftedByGap == (instance.normalizedLocal != nil), "\(item.id)")
            }
        }
    }
}
