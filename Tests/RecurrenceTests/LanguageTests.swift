import Recurrence
import Testing

@Suite("Plain-English phrases and descriptions")
struct LanguageTests {
    @Test(
        "phrases people use become the expected rules",
        arguments: [
            ("every 2 weeks on tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
            ("2nd tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
            ("last weekday of the month", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
            ("every month on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
            ("weekdays", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
            ("Every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
            (
                "every other Thursday at 7pm",
                "FREQ=WEEKLY;INTERVAL=2;BYSECOND=0;BYMINUTE=0;BYHOUR=19;BYDAY=TH"
            ),
            ("first and third monday of the month", "FREQ=MONTHLY;BYDAY=1MO,3MO"),
            ("last sunday of march", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
            ("daily for 10 times", "FREQ=DAILY;COUNT=10"),
            (
                "every tuesday and thursday until 2027-06-30",
                "FREQ=WEEKLY;UNTIL=20270630;BYDAY=TU,TH"
            ),
            ("monthly on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1"),
            ("fortnightly on mondays", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
            ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
            ("the 1st and 15th of every month", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
            ("second-to-last friday of the month", "FREQ=MONTHLY;BYDAY=-2FR"),
            ("yearly", "FREQ=YEARLY"),
        ])
    func phrase(_ phrase: String, _ expected: String) throws {
        #expect(try RecurrenceRule(phrase: phrase).description == expected)
    }

    @Test("a phrase that is not understood names the word and lists examples")
    func unknownPhrase() {
        #expect {
            try RecurrenceRule(phrase: "every blue moon")
        } throws: { error in
            let message = (error as? RecurrenceError)?.message ?? ""
            return message.contains("\"blue\"") && message.contains("every 2 weeks on tuesday")
                && message.contains("last weekday of the month")
        }
    }

    @Test(
        "rules are described in plain English",
        arguments: [
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every 2 weeks on Tuesday"),
            ("FREQ=MONTHLY;BYDAY=2TU", "monthly on the second Tuesday"),
            ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "monthly on the last weekday"),
            ("FREQ=MONTHLY;BYMONTHDAY=15", "monthly on the 15th"),
            ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "weekly on weekdays"),
            ("FREQ=DAILY;COUNT=10", "daily, 10 times"),
            ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "yearly on the last Sunday of March"),
            ("FREQ=MONTHLY;BYMONTHDAY=1,-1", "monthly on the 1st and last day"),
            ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "yearly on Monday in week 20"),
            (
                "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
                "monthly on the third Tuesday, Wednesday or Thursday, 3 times"
            ),
            ("FREQ=DAILY;UNTIL=19971224T000000Z", "daily, until 24 December 1997 at 0:00 UTC"),
            ("FREQ=MINUTELY;INTERVAL=15;COUNT=6", "every 15 minutes, 6 times"),
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=19;BYMINUTE=30",
                "every 2 weeks on Tuesday at 19:30"
            ),
            ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "monthly on the 13th when it is a Friday"),
            ("FREQ=YEARLY;BYDAY=20MO", "yearly on the 20th Monday of the year"),
            ("FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", "every 2 months on every Tuesday"),
        ])
    func description(_ rule: String, _ expected: String) throws {
        #expect(try RecurrenceRule(parsing: rule).plainEnglish == expected)
    }

    @Test("every rule in the RFC corpus and every generated rule has a description")
    func describesEverything() throws {
        var generator = RuleGenerator(seed: 7)
        for _ in 0..<500 {
            let text = generator.next().rule.plainEnglish
            #expect(!text.isEmpty && !text.contains("  "))
        }
        for example in Corpus.shared?.examples ?? [] {
            #expect(try !RecurrenceRule(parsing: example.rrule).plainEnglish.isEmpty)
        }
    }
}
