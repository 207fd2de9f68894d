import Foundation
import Recurrence
import SeededRandom
import Testing

/// Bank holidays in England and Wales, 2025–2027, as published.
let englandAndWalesBankHolidays: [LocalDate] = [
    "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
].map { LocalDate(iso: $0)! }

@Suite("Closed days: skip, or move to the nearest open working day")
struct ClosureTests {
    func set(_ rule: String, _ start: String, zone: String = "Europe/London") throws -> RecurrenceSet {
        try RecurrenceSet(rule: rule, start: start, timeZone: zone)
    }

    func days(_ items: some Sequence<ScheduledOccurrence>) -> [String] {
        items.compactMap { $0.held.map { "\($0.local.date)" } }
    }

    @Test("first Monday of the month through 2027: bank-holiday Mondays move to Tuesday with next-working-day")
    func firstMondayMovesToTuesday() throws {
        let monthly = try set("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20271231T235959Z", "2026-01-05T10:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay)
        let scheduled = Array(monthly.scheduledOccurrences(closures: closures))
        #expect(scheduled.count == 24)
        let moved = scheduled.compactMap { item -> String? in
            guard case .moved(let to) = item.outcome else { return nil }
            return "\(item.original.local.date)->\(to.rfc3339)"
        }
        #expect(moved == [
            "2026-04-06->2026-04-07T10:00:00+01:00",
            "2026-05-04->2026-05-05T10:00:00+01:00",
            "2027-05-03->2027-05-04T10:00:00+01:00",
        ])
        #expect(scheduled.allSatisfy { $0.held != nil })
    }

    @Test("with skip, the bank-holiday Mondays are left out and still counted as the rule's instances")
    func firstMondaySkipped() throws {
        let monthly = try set("FREQ=MONTHLY;BYDAY=1MO;COUNT=24", "2026-01-05T10:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .skip)
        let scheduled = Array(monthly.scheduledOccurrences(closures: closures))
        #expect(scheduled.count == 24)
        let skipped = scheduled.filter { $0.held == nil }.map { "\($0.original.local.date)" }
        #expect(skipped == ["2026-04-06", "2026-05-04", "2027-05-03"])
        #expect(scheduled.allSatisfy { $0.held == nil ? $0.outcome == .skipped(.closed) : true })
    }

    @Test("no closed days changes nothing")
    func noClosuresKeepsEverything() throws {
        let weekly = try set("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=50", "2026-12-08T14:00")
        let plain = Array(weekly.occurrences())
        let scheduled = Array(weekly.scheduledOccurrences(closures: ClosureRule(closedDays: .none, policy: .nextWorkingDay)))
        #expect(scheduled.map(\.original) == plain)
        #expect(scheduled.allSatisfy { $0.outcome == .kept })
    }

    @Test("previous-working-day moves a Monday holiday back over the weekend to Friday")
    func previousWorkingDay() throws {
        let weekly = try set("FREQ=WEEKLY;BYDAY=MO;COUNT=3", "2026-05-18T09:30")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .previousWorkingDay)
        #expect(days(weekly.scheduledOccurrences(closures: closures)) == ["2026-05-18", "2026-05-22", "2026-06-01"])
    }

    @Test("a move never lands on a day that holds another meeting of the series: it is skipped instead")
    func neverOntoAnotherMeeting() throws {
        let twice = try set("FREQ=WEEKLY;BYDAY=MO,TU;COUNT=4", "2026-05-04T09:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay)
        let scheduled = Array(twice.scheduledOccurrences(closures: closures))
        #expect(scheduled[0].outcome == .skipped(.dayTaken))
        #expect(days(scheduled) == ["2026-05-05", "2026-05-11", "2026-05-12"])
    }

    @Test("a move never jumps past a later meeting of the series")
    func neverPastAnotherMeeting() throws {
        // Friday 25 Dec 2026 and Monday 28 Dec are closed; the Saturday meeting stays, so Friday cannot move to Tuesday.
        let rule = try set("FREQ=WEEKLY;BYDAY=FR,SA;COUNT=4", "2026-12-18T18:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay)
        let scheduled = Array(rule.scheduledOccurrences(closures: closures))
        #expect(scheduled[2].original.local.date == LocalDate(iso: "2026-12-25"))
        #expect(scheduled[2].outcome == .skipped(.dayTaken))
        #expect(days(scheduled) == ["2026-12-18", "2026-12-19", "2026-12-26"])
    }

    @Test("within the month: a move that would leave the month is a skip")
    func withinTheMonth() throws {
        // The last Monday of May 2026 is a bank holiday; Tuesday 26 May is still May, so it moves.
        let lastMonday = try set("FREQ=MONTHLY;BYDAY=-1MO;COUNT=2", "2026-05-25T10:00")
        let inMonth = ClosureRule(
            closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay, keepWithinMonth: true)
        #expect(days(lastMonday.scheduledOccurrences(closures: inMonth)) == ["2026-05-26", "2026-06-29"])
        // The last working day of a month, closed, cannot move forward within the month.
        let lastDay = try set("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=2", "2026-04-30T10:00")
        let closed = ClosureRule(
            closedDays: ClosedDays([LocalDate(iso: "2026-04-30")!]), policy: .nextWorkingDay, keepWithinMonth: true)
        let scheduled = Array(lastDay.scheduledOccurrences(closures: closed))
        #expect(scheduled[0].outcome == .skipped(.outsideMonth))
        let free = ClosureRule(closedDays: closed.closedDays, policy: .nextWorkingDay)
        #expect(days(lastDay.scheduledOccurrences(closures: free)) == ["2026-05-01", "2026-05-29"])
    }

    @Test("a closure longer than the allowed move is a skip")
    func longClosure() throws {
        let weekly = try set("FREQ=WEEKLY;BYDAY=WE;COUNT=2", "2026-07-01T10:00")
        let summer = (0..<30).map { LocalDate(iso: "2026-07-01")!.adding(days: $0) }
        let closures = ClosureRule(closedDays: ClosedDays(summer), policy: .nextWorkingDay, maximumShiftDays: 14)
        #expect(Array(weekly.scheduledOccurrences(closures: closures)).map(\.outcome) == [
            .skipped(.noOpenDayNearby), .skipped(.noOpenDayNearby),
        ])
    }

    @Test("two meetings of one closed day move together, keeping their times")
    func sameDayMovesTogether() throws {
        let twiceDaily = try set("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9,15;COUNT=2", "2026-05-04T09:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay)
        let held = Array(twiceDaily.scheduledOccurrences(closures: closures)).compactMap(\.held).map(\.rfc3339)
        #expect(held == ["2026-05-05T09:00:00+01:00", "2026-05-05T15:00:00+01:00"])
    }

    @Test("a move across a daylight-saving change keeps the local time")
    func moveAcrossDaylightSaving() throws {
        // Good Friday, 26 March 2027, is in winter time; the clocks go forward on Sunday 28 March.
        let weekly = try set("FREQ=WEEKLY;BYDAY=FR;COUNT=1", "2027-03-26T14:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay)
        let moved = Array(weekly.scheduledOccurrences(closures: closures)).compactMap(\.held).map(\.rfc3339)
        // Easter Monday is closed too: Tuesday 30 March, at 14:00 summer time.
        #expect(moved == ["2027-03-30T14:00:00+01:00"])
    }

    @Test("a window catches a meeting moved into it and leaves out one moved out of it")
    func boundedWindow() throws {
        let weekly = try set("FREQ=WEEKLY;BYDAY=MO", "2026-04-06T10:00")
        let closures = ClosureRule(closedDays: ClosedDays(englandAndWalesBankHolidays), policy: .nextWorkingDay)
        let from = try TimeReference.utc.occurrence(at: LocalDateTime(iso: "2026-04-07T00:00")!).date
        let to = try TimeReference.utc.occurrence(at: LocalDateTime(iso: "2026-04-20T00:00")!).date
        #expect(days(weekly.scheduledOccurrences(closures: closures, from: from, to: to)) == ["2026-04-07", "2026-04-13"])
    }

    @Test("in generated rules, held meetings strictly increase, none is on a closed day, and every rule instance has one outcome")
    func properties() throws {
        var random = SplitMix64(seed: 16)
        var generator = RuleGenerator(seed: 16)
        for _ in 0..<1500 {
            let item = generator.next()
            let set = try RecurrenceSet(start: item.start, timeReference: .zone(item.zone), rule: item.rule)
            let base = Array(set.occurrences().prefix(200))
            guard let first = base.first else { continue }
            let closed = (0..<random.below(40)).map { _ in first.local.date.adding(days: random.below(800)) }
            let policy = ClosurePolicy.allCases[random.below(3)]
            let closures = ClosureRule(closedDays: ClosedDays(closed), policy: policy, keepWithinMonth: random.below(2) == 0)
            let scheduled = Array(set.scheduledOccurrences(closures: closures).prefix(200))
            #expect(scheduled.map(\.original) == base, "\(item)")
            let held = scheduled.compactMap(\.held)
            for (a, b) in zip(held, held.dropFirst()) where a.epochSeconds >= b.epochSeconds {
                Issue.record("not increasing: \(a) then \(b) for \(item) \(policy)")
                break
            }
            for entry in scheduled {
                if let at = entry.held { #expect(!closures.closedDays.isClosed(at.local.date), "\(item)") }
                if entry.outcome == .kept { #expect(!closures.closedDays.isClosed(entry.original.local.date)) }
                if case .moved(let to) = entry.outcome {
                    #expect(closures.closedDays.isOpenWorkingDay(to.local.date))
                    #expect(abs(entry.original.local.date.days(to: to.local.date)) <= closures.maximumShiftDays)
                    if closures.keepWithinMonth { #expect(to.local.month == entry.original.local.month) }
                }
            }
        }
    }
}
