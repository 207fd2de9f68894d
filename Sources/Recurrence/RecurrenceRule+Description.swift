extension RecurrenceRule {
    /// A plain-English description for people (`every 2 weeks on Tuesday`, `monthly on the last weekday`).
    public var plainEnglish: String {
        var text = RuleDescriber(rule: self).describe()
        switch end {
        case .never: break
        case .count(let n): text += n == 1 ? ", once" : ", \(n) times"
        case .until(let until): text += ", until " + RuleDescriber.describe(until)
        }
        return text
    }
}

/// Builds the English description of a rule, part by part.
struct RuleDescriber {
    let rule: RecurrenceRule

    static let monthNames = [
        "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October",
        "November", "December",
    ]

    func describe() -> String {
        var parts = [period()]
        if let days = dayPhrase() { parts.append(days) }
        if !rule.byWeekNo.isEmpty {
            parts.append(
                "in week" + (rule.byWeekNo.count > 1 ? "s " : " ")
                    + list(rule.byWeekNo.map(Self.weekNumber)))
        }
        if !rule.byMonth.isEmpty && !monthsFoldedIntoDays {
            parts.append("in " + list(rule.byMonth.map { Self.monthNames[$0] }))
        }
        if let times = timePhrase() { parts.append(times) }
        if let start = rule.weekStart, start != .monday,
            rule.frequency == .weekly || !rule.byWeekNo.isEmpty
        {
            parts.append("(weeks start on \(start.name))")
        }
        return parts.joined(separator: " ")
    }

    /// `daily`, `every 2 weeks`, `every 15 minutes`.
    func period() -> String {
        let (adverb, unit): (String, String) =
            switch rule.frequency {
            case .yearly: ("yearly", "year")
            case .monthly: ("monthly", "month")
            case .weekly: ("weekly", "week")
            case .daily: ("daily", "day")
            case .hourly: ("hourly", "hour")
            case .minutely: ("every minute", "minute")
            case .secondly: ("every second", "second")
            }
        return rule.interval == 1 ? adverb : "every \(rule.interval) \(unit)s"
    }

    /// Whether BYMONTH is already said by the day phrase (`on the last Sunday of March`).
    var monthsFoldedIntoDays: Bool {
        rule.frequency == .yearly && rule.byMonth.count == 1 && rule.byMonthDay.isEmpty
            && rule.byYearDay.isEmpty
            && rule.byWeekNo.isEmpty && rule.bySetPos.isEmpty && !rule.byDay.isEmpty
            && rule.byDay.allSatisfy { $0.ordinal != nil }
    }

    /// The days: `on Tuesday`, `on the second Tuesday`, `on the 15th`, `on the last weekday`.
    func dayPhrase() -> String? {
        let plain = rule.byDay.filter { $0.ordinal == nil }.map(\.weekday)
        let ordinal = rule.byDay.filter { $0.ordinal != nil }
        var pieces: [String] = []
        if !rule.bySetPos.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty
            && ordinal.isEmpty && !plain.isEmpty
            && rule.byHour.count <= 1 && rule.byMinute.count <= 1 && rule.bySecond.count <= 1
        {
            // `the last weekday`, `the third Tuesday, Wednesday or Thursday`
            let positions = list(rule.bySetPos.map(Self.ordinalWord))
            return
                "on the \(positions) \(Self.weekdayGroup(plain, singular: true, conjunction: "or"))"
        }
        if !rule.byYearDay.isEmpty {
            pieces.append(
                "on day" + (rule.byYearDay.count > 1 ? "s " : " ")
                    + list(rule.byYearDay.map(Self.fromEnd)) + " of the year")
        }
        if !rule.byMonthDay.isEmpty {
            let days = list(rule.byMonthDay.map(Self.monthDay))
            if plain.isEmpty && ordinal.isEmpty {
                pieces.append("on the \(days)")
            } else {
                pieces.append(
                    "on the \(days) when it is a \(Self.weekdayGroup(plain + ordinal.map(\.weekday), singular: true, conjunction: "or"))"
                )
            }
        } else if !rule.byDay.isEmpty {
            var items: [String] = []
            if !plain.isEmpty {
                let inPeriod =
                    (rule.frequency == .monthly || rule.frequency == .yearly)
                    && rule.byWeekNo.isEmpty
                items.append(
                    inPeriod
                        ? "every " + Self.weekdayGroup(plain, singular: true, conjunction: "and")
                        : Self.weekdayGroup(plain, singular: false, conjunction: "and"))
            }
            let scope =
                rule.frequency == .yearly
                ? (monthsFoldedIntoDays
                    ? " of \(Self.monthNames[rule.byMonth[0]])"
                    : (rule.byMonth.isEmpty ? " of the year" : "")) : ""
            for item in ordinal {
                items.append("the \(Self.ordinalWord(item.ordinal ?? 1)) \(item.weekday.name)")
            }
            pieces.append("on " + list(items) + (ordinal.isEmpty ? "" : scope))
        }
        if !rule.bySetPos.isEmpty {
            pieces.append(
                "(only the " + list(rule.bySetPos.map(Self.ordinalWord)) + " of each \(unitName))")
        }
        return pieces.isEmpty ? nil : pieces.joined(separator: " ")
    }

    var unitName: String {
        switch rule.frequency {
        case .yearly: "year"
        case .monthly: "month"
        case .weekly: "week"
        case .daily: "day"
        case .hourly: "hour"
        case .minutely: "minute"
        case .secondly: "second"
        }
    }

    /// `at 9:00 and 17:30`, or for longer lists `at hours 9–16, minutes 0, 20 and 40`.
    func timePhrase() -> String? {
        let hours = rule.byHour
        let minutes = rule.byMinute
        let seconds = rule.bySecond
        if hours.isEmpty && minutes.isEmpty && seconds.isEmpty { return nil }
        if !hours.isEmpty && hours.count * max(1, minutes.count) <= 4 && seconds.isEmpty {
            var times: [String] = []
            for h in hours {
                for m in minutes.isEmpty ? [0] : minutes { times.append("\(h):\(pad(m, 2))") }
            }
            return "at " + list(times)
        }
        var pieces: [String] = []
        if !hours.isEmpty {
            pieces.append("hour" + (hours.count > 1 ? "s " : " ") + list(hours.map(String.init)))
        }
        if !minutes.isEmpty {
            pieces.append(
                "minute" + (minutes.count > 1 ? "s " : " ") + list(minutes.map(String.init)))
        }
        if !seconds.isEmpty {
            pieces.append(
                "second" + (seconds.count > 1 ? "s " : " ") + list(seconds.map(String.init)))
        }
        return "at " + pieces.joined(separator: ", ")
    }

    /// `Monday to Friday` → `weekday`; `Saturday and Sunday` → `weekend day`; else a list of names.
    static func weekdayGroup(_ days: [Weekday], singular: Bool, conjunction: String) -> String {
        let set = Set(days)
        if set == Set(Weekday.workingDays) { return singular ? "weekday" : "weekdays" }
        if set == [.saturday, .sunday] { return singular ? "weekend day" : "weekends" }
        if set.count == 7 { return singular ? "day" : "every day" }
        return days.map(\.name).joinedAsAlternatives(conjunction)
    }

    /// `first`, `second`, … `20th`; `last`, `second-to-last`, `5th-from-last`.
    static func ordinalWord(_ n: Int) -> String {
        let words = ["", "first", "second", "third", "fourth", "fifth"]
        if n > 0 { return n < words.count ? words[n] : numberWithSuffix(n) }
        if n == -1 { return "last" }
        if -n < words.count { return words[-n] + "-to-last" }
        return numberWithSuffix(-n) + "-from-last"
    }

    /// `1st`, `2nd`, `15th`, `22nd`.
    static func numberWithSuffix(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// `15th`, `last day`, `second-to-last day`.
    static func monthDay(_ n: Int) -> String {
        n > 0 ? numberWithSuffix(n) : ordinalWord(n) + " day"
    }

    /// `100`, or `last`/`2nd-from-last` for negative values.
    static func fromEnd(_ n: Int) -> String { n > 0 ? String(n) : ordinalWord(n) }

    /// `20`, or `last`/`second-to-last` for negative weeks.
    static func weekNumber(_ n: Int) -> String { n > 0 ? String(n) : "the " + ordinalWord(n) }

    /// `A`, `A and B`, `A, B and C`.
    func list(_ items: [String]) -> String { items.joinedAsAlternatives("and") }

    /// `24 December 1997`, with a time and `UTC` when given.
    static func describe(_ until: Until) -> String {
        func date(_ d: LocalDate) -> String { "\(d.day) \(monthNames[d.month]) \(d.year)" }
        switch until {
        case .date(let d): return date(d)
        case .local(let t): return "\(date(t.date)) at \(t.hour):\(pad(t.minute, 2))"
        case .utc(let t): return "\(date(t.date)) at \(t.hour):\(pad(t.minute, 2)) UTC"
        }
    }
}
