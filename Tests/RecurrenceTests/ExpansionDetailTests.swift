import Recurrence
import Testing

@Suite("Expansion details checked by hand")
struct ExpansionDetailTests {
    func locals(_ rule: String, _ start: String, _ n: Int) throws -> [String] {
        try RecurrenceSet(rule: rule, start: start, timeZone: "UTC").first(n).map {
            $0.local.description
        }
    }

    @Test(
        "BYDAY mixing plain weekdays and ordinals takes the union (every Monday and the 4th Tuesday)"
    )
    func mixedByDay() throws {
        // June 2021: Mondays 7, 14, 21, 28; fourth Tuesday 22.
        #expect(
            try locals("FREQ=MONTHLY;BYDAY=MO,4TU", "2021-06-01T09:00", 7) == [
                "2021-06-01T09:00:00", "2021-06-07T09:00:00", "2021-06-14T09:00:00",
                "2021-06-21T09:00:00",
                "2021-06-22T09:00:00", "2021-06-28T09:00:00", "2021-07-05T09:00:00",
            ])
    }

    @Test("the 31st is skipped in shorter months, never moved to the 30th")
    func thirtyFirstSkipped() throws {
        #expect(
            try locals("FREQ=MONTHLY;COUNT=4", "2026-01-31T10:00", 10) == [
                "2026-01-31T10:00:00", "2026-03-31T10:00:00", "2026-05-31T10:00:00",
                "2026-07-31T10:00:00",
            ])
    }

    @Test("29 February recurs only in leap years")
    func leapDay() throws {
        #expect(
            try locals("FREQ=YEARLY;COUNT=3", "2024-02-29T08:00", 5) == [
                "2024-02-29T08:00:00", "2028-02-29T08:00:00", "2032-02-29T08:00:00",
            ])
    }

    @Test("a fifth Monday only occurs in months that have one")
    func fifthMonday() throws {
        // 2026: months with five Mondays are March, June, August, November.
        #expect(
            try locals("FREQ=MONTHLY;BYDAY=5MO;COUNT=4", "2026-03-30T19:00", 5) == [
                "2026-03-30T19:00:00", "2026-06-29T19:00:00", "2026-08-31T19:00:00",
                "2026-11-30T19:00:00",
            ])
    }

    @Test(
        "a DTSTART that does not match the rule is still the first instance and counts toward COUNT"
    )
    func unsynchronisedStart() throws {
        #expect(
            try locals("FREQ=WEEKLY;BYDAY=TU;COUNT=3", "2026-12-07T14:00", 5) == [
                "2026-12-07T14:00:00", "2026-12-08T14:00:00", "2026-12-15T14:00:00",
            ])
    }

    @Test("UNTIL is inclusive and compared as an instant")
    func untilInclusive() throws {
        let set = try RecurrenceSet(
            rule: "FREQ=DAILY;UNTIL=20270103T140000Z", start: "2027-01-01T14:00",
            timeZone: "Europe/London")
        #expect(set.first(10).count == 3)
        let summer = try RecurrenceSet(
            rule: "FREQ=DAILY;UNTIL=20270703T130000Z", start: "2027-07-01T14:00",
            timeZone: "Europe/London")
        #expect(
            summer.first(10).map(\.rfc3339) == [
                "2027-07-01T14:00:00+01:00", "2027-07-02T14:00:00+01:00",
                "2027-07-03T14:00:00+01:00",
            ])
    }

    @Test("week numbers follow WKST: week 1 is the first week with four days in the year")
    func weekNumbersFollowWeekStart() throws {
        // 1 January 2027 is a Friday. Monday weeks: Mon 28 Dec–Sun 3 Jan holds only 3 days of 2027, so
        // week 1 is Mon 4–Sun 10 January. Sunday weeks: Sun 27 Dec–Sat 2 Jan holds 2 days, so week 1 is
        // Sun 3–Sat 9 January. The Sunday of week 1 is therefore the 10th or the 3rd depending on WKST.
        #expect(
            try locals("FREQ=YEARLY;BYWEEKNO=1;BYDAY=TH;COUNT=2", "2027-01-07T09:00", 2) == [
                "2027-01-07T09:00:00", "2028-01-06T09:00:00",
            ])
        #expect(
            try locals("FREQ=YEARLY;BYWEEKNO=1;BYDAY=SU;WKST=SU;COUNT=1", "2027-01-03T09:00", 1)
                == ["2027-01-03T09:00:00"])
        #expect(
            try locals("FREQ=YEARLY;BYWEEKNO=1;BYDAY=SU;WKST=MO;COUNT=2", "2027-01-10T09:00", 2)
                == ["2027-01-10T09:00:00", "2028-01-09T09:00:00"])
    }

    @Test(
        "BYSETPOS can pick all 732 positions (1…366 and -366…-1) from a period with more candidates"
    )
    func everySetPositionAtOnce() throws {
        // Each day has 1,440 candidate minutes; the picks are the first 366 and the last 366.
        let positions = (1...366).map(String.init) + (1...366).map { "-\($0)" }
        let hours = (0...23).map(String.init).joined(separator: ",")
        let minutes = (0...59).map(String.init).joined(separator: ",")
        let rule =
            "FREQ=DAILY;BYHOUR=\(hours);BYMINUTE=\(minutes);BYSETPOS="
            + positions.joined(separator: ",")
        let all = try locals(rule, "2026-01-01T00:00", 733)
        #expect(all.count == 733)
        #expect(all[365] == "2026-01-01T06:05:00")  // minute 365, the 366th pick
        #expect(all[366] == "2026-01-01T17:54:00")  // minute 1,074, the 366th from the end
        #expect(all[731] == "2026-01-01T23:59:00")
        #expect(all[732] == "2026-01-02T00:00:00")
    }

    @Test("an hourly, minutely or secondly rule stops at the end of year 9999 instead of idling on")
    func subDailyStopsAtLastYear() throws {
        // Feb 29 never comes again before 10000, so only DTSTART remains; reaching the end used to spin
        // through millions of empty periods (about 3 s in a debug build) before giving up. How fast it
        // gives up is a speed figure: `CirclesBench recurrence` times it against a 200 ms goal.
        for rule in [
            "FREQ=MINUTELY;INTERVAL=999983;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=SECONDLY;INTERVAL=999983;BYMONTH=2;BYMONTHDAY=29",
        ] {
            let set = try RecurrenceSet(rule: rule, start: "9999-06-01T00:00", timeZone: "UTC")
            #expect(set.first(2).count == 1, "\(rule)")
        }
    }

    @Test("contradictory rules finish quickly with nothing after DTSTART")
    func contradictions() throws {
        for rule in [
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11",
            "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=HOURLY;INTERVAL=6;BYHOUR=1",
            "FREQ=DAILY;BYHOUR=9;BYSETPOS=2", "FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1",
            "FREQ=SECONDLY;BYSECOND=60",
            "FREQ=WEEKLY;INTERVAL=2;BYMONTH=8;BYSETPOS=3", "FREQ=MONTHLY;BYDAY=6MO",
        ] {
            let set = try RecurrenceSet(
                rule: rule, start: "2026-01-01T00:00", timeZone: "Europe/London")
            #expect(set.first(5).count == 1, "\(rule)")
            #expect(set.neverRecurs, "\(rule)")
        }
    }
}
