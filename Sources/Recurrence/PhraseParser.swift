/// Reads the phrases people use for schedules (`every 2 weeks on tuesday`, `last weekday of the month`).
struct PhraseParser {
    /// Phrases shown when one is not understood.
    static let examples = [
        "every 2 weeks on tuesday", "2nd tuesday of the month", "last weekday of the month",
        "every month on the 15th",
        "weekdays", "every other thursday at 7pm", "first and third monday of the month",
        "last sunday of march",
        "daily for 10 times", "every tuesday until 2027-06-30",
    ]

    private let tokens: [String]
    private var index = 0
    private var frequency: Frequency?
    private var interval = 1
    private var byDay: [WeekdayRule] = []
    private var byMonthDay: [Int] = []
    private var byMonth: [Int] = []
    private var bySetPos: [Int] = []
    private var byHour: [Int] = []
    private var byMinute: [Int] = []
    private var end: RecurrenceEnd = .never
    private let phrase: String

    init(_ phrase: String) {
        self.phrase = phrase
        var cleaned = ""
        for character in phrase.lowercased() {
            cleaned.append(character == "," || character == ";" ? " " : character)
        }
        cleaned = cleaned.replacingAll("second to last", with: "second-to-last")
            .replacingAll("third to last", with: "third-to-last").replacingAll(
                "second last", with: "second-to-last"
            )
            .replacingAll("penultimate", with: "second-to-last")
        tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(
            String.init)
    }

    /// The rule the phrase describes.
    mutating func parse() throws(RecurrenceError) -> RecurrenceRule {
        guard !tokens.isEmpty else { throw failure(nil) }
        while let token = peek() {
            if Self.fillers.contains(token) {
                index += 1
            } else if let (f, i) = Self.adverbs[token] {
                try setFrequency(f, interval: i)
                index += 1
            } else if token == "every" || token == "each" {
                index += 1
                try parseEvery()
            } else if let ordinals = parseOrdinals() {
                try parseOrdinalTarget(ordinals)
            } else if let days = Self.weekdayClass(token) {
                index += 1
                byDay += days.map { WeekdayRule($0) }
            } else if Self.weekday(token) != nil {
                byDay += parseWeekdayList().map { WeekdayRule($0) }
            } else if let month = Self.month(token) {
                index += 1
                byMonth.append(month)
            } else if token == "at" {
                index += 1
                try parseTime()
            } else if token == "until" || token == "till" {
                index += 1
                try parseUntil()
            } else if let n = Int(token), let unit = peek(1),
                unit == "times" || unit == "occurrences" || unit == "time"
            {
                guard n >= 1 else { throw failure(token) }
                end = .count(n)
                index += 2
            } else if token == "once" {
                end = .count(1)
                index += 1
            } else if Self.time(token) != nil || Self.time(token + (peek(1) ?? "")) != nil {
                try parseTime()
            } else {
                throw failure(token)
            }
        }
        return try build()
    }

    // MARK: Pieces

    private mutating func parseEvery() throws(RecurrenceError) {
        var n = 1
        if let token = peek() {
            if token == "other" {
                n = 2
                index += 1
            } else if let value = Self.number(token) {
                n = value
                index += 1
            }
        }
        guard let token = peek() else { throw failure("every") }
        if let unit = Self.units[token] {
            index += 1
            try setFrequency(unit, interval: n)
        } else if let days = Self.weekdayClass(token) {
            index += 1
            try setFrequency(.weekly, interval: n)
            byDay += days.map { WeekdayRule($0) }
        } else if Self.weekday(token) != nil {
            try setFrequency(.weekly, interval: n)
            byDay += parseWeekdayList().map { WeekdayRule($0) }
        } else {
            throw failure(token)
        }
    }

    /// After `2nd`, `last`, `first and third`: a weekday, `weekday`, `day`, or nothing (a day of the month).
    private mutating func parseOrdinalTarget(_ ordinals: [Int]) throws(RecurrenceError) {
        if let token = peek(), Self.weekday(token) != nil {
            let days = parseWeekdayList()
            for n in ordinals { for day in days { byDay.append(WeekdayRule(day, ordinal: n)) } }
        } else if let token = peek(), token == "weekday" || token == "weekdays" {
            index += 1
            byDay += Weekday.workingDays.map { WeekdayRule($0) }
            bySetPos += ordinals
        } else if let token = peek(), token == "weekend", peek(1) == "day" {
            index += 2
            byDay += [WeekdayRule(.saturday), WeekdayRule(.sunday)]
            bySetPos += ordinals
        } else if let token = peek(), token == "day" {
            index += 1
            byMonthDay += ordinals
        } else if ordinals.allSatisfy({ $0 > 0 && $0 <= 31 }) {
            byMonthDay += ordinals
        } else {
            throw failure(peek() ?? tokens.last)
        }
    }

    /// `first and third`, `2nd`, `last`, `15th`; nil (consuming nothing) if the next token is not an ordinal.
    private mutating func parseOrdinals() -> [Int]? {
        guard let first = peek(), let value = Self.ordinal(first) else { return nil }
        var values = [value]
        index += 1
        while peek() == "and" || peek() == "&", let next = peek(1), let more = Self.ordinal(next) {
            values.append(more)
            index += 2
        }
        return values
    }

    /// `monday`, `tuesday and thursday`, `mon, wed, fri`.
    private mutating func parseWeekdayList() -> [Weekday] {
        var days: [Weekday] = []
        while let token = peek() {
            if let day = Self.weekday(token) {
                days.append(day)
                index += 1
            } else if token == "and" || token == "&" || token == "or", let next = peek(1),
                Self.weekday(next) != nil
            {
                index += 1
            } else {
                break
            }
        }
        return days
    }

    private mutating func parseTime() throws(RecurrenceError) {
        guard let token = peek() else { throw failure("at") }
        var text = token
        if let next = peek(1), next == "am" || next == "pm" {
            text += next
            index += 1
        }
        guard let (h, m) = Self.time(text) else { throw failure(token) }
        index += 1
        byHour = [h]
        byMinute = [m]
    }

    private mutating func parseUntil() throws(RecurrenceError) {
        guard let token = peek(), let date = LocalDate(iso: token) else {
            throw failure(peek() ?? "until")
        }
        index += 1
        end = .until(.date(date))
    }

    private mutating func setFrequency(_ f: Frequency, interval n: Int) throws(RecurrenceError) {
        if let frequency, frequency != f || interval != n {
            throw RecurrenceError(
                .unrecognisedPhrase, part: "phrase",
                "\"\(phrase)\" names two different periods; say it once, for example \"every 2 weeks on tuesday\""
            )
        }
        frequency = f
        interval = n
    }

    private func build() throws(RecurrenceError) -> RecurrenceRule {
        let hasOrdinal =
            byDay.contains { $0.ordinal != nil } || !byMonthDay.isEmpty || !bySetPos.isEmpty
        let inferred: Frequency
        if let frequency {
            inferred = frequency
        } else if hasOrdinal {
            inferred = byMonth.isEmpty ? .monthly : .yearly
        } else if !byDay.isEmpty {
            inferred = .weekly
        } else if !byMonth.isEmpty {
            inferred = .yearly
        } else if !byHour.isEmpty {
            inferred = .daily
        } else {
            throw failure(nil)
        }
        var rule = RecurrenceRule(
            frequency: inferred, interval: interval, end: end, byMinute: byMinute, byHour: byHour,
            byDay: byDay,
            byMonthDay: byMonthDay, byMonth: byMonth, bySetPos: bySetPos)
        if !byHour.isEmpty { rule.bySecond = [0] }
        do {
            try rule.validate()
        } catch {
            throw RecurrenceError(
                .unrecognisedPhrase, part: "phrase",
                "\"\(phrase)\" does not make a valid rule (\(error.message)); try phrases like "
                    + Self.examples.prefix(5).map { "\"\($0)\"" }.joined(separator: ", "))
        }
        return rule
    }

    private func failure(_ token: String?) -> RecurrenceError {
        let examples = Self.examples.map { "\"\($0)\"" }.joined(separator: ", ")
        let what = token.map { "the word \"\($0)\" in \"\(phrase)\"" } ?? "\"\(phrase)\""
        return RecurrenceError(
            .unrecognisedPhrase, part: "phrase",
            "could not understand \(what); try phrases like \(examples)")
    }

    private func peek(_ offset: Int = 0) -> String? {
        index + offset < tokens.count ? tokens[index + offset] : nil
    }

    // MARK: Vocabulary

    static let fillers: Set<String> = [
        "on", "the", "of", "and", "in", "month", "months", "for", "a", "&", "repeating", "repeats",
        "-",
    ]
    static let adverbs: [String: (Frequency, Int)] = [
        "daily": (.daily, 1), "weekly": (.weekly, 1), "fortnightly": (.weekly, 2),
        "biweekly": (.weekly, 2),
        "monthly": (.monthly, 1), "yearly": (.yearly, 1), "annually": (.yearly, 1),
        "hourly": (.hourly, 1),
        "quarterly": (.monthly, 3),
    ]
    static let units: [String: Frequency] = [
        "day": .daily, "days": .daily, "week": .weekly, "weeks": .weekly, "fortnight": .weekly,
        "month": .monthly,
        "months": .monthly, "year": .yearly, "years": .yearly, "hour": .hourly, "hours": .hourly,
        "minute": .minutely,
        "minutes": .minutely,
    ]

    static func weekday(_ token: String) -> Weekday? {
        let names: [(Weekday, [String])] = [
            (.monday, ["monday", "mondays", "mon", "mo"]),
            (.tuesday, ["tuesday", "tuesdays", "tue", "tues", "tu"]),
            (.wednesday, ["wednesday", "wednesdays", "wed", "we"]),
            (.thursday, ["thursday", "thursdays", "thu", "thur", "thurs", "th"]),
            (.friday, ["friday", "fridays", "fri", "fr"]),
            (.saturday, ["saturday", "saturdays", "sat", "sa"]),
            (.sunday, ["sunday", "sundays", "sun", "su"]),
        ]
        return names.first { $0.1.contains(token) }?.0
    }

    static func weekdayClass(_ token: String) -> [Weekday]? {
        switch token {
        case "weekday", "weekdays", "workday", "workdays": Weekday.workingDays
        case "weekend", "weekends": [.saturday, .sunday]
        default: nil
        }
    }

    static func month(_ token: String) -> Int? {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november",
            "december",
        ]
        if let i = names.firstIndex(of: token) { return i + 1 }
        if token.count == 3 || token == "sept",
            let i = names.firstIndex(where: { $0.hasPrefix(token) })
        {
            return i + 1
        }
        return nil
    }

    static func number(_ token: String) -> Int? {
        let words = [
            "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        ]
        if let n = words[token] { return n }
        if let n = Int(token), n >= 1, n <= RecurrenceRule.maximumInterval { return n }
        return nil
    }

    static func ordinal(_ token: String) -> Int? {
        let words = [
            "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
            "second-to-last": -2,
            "third-to-last": -3,
        ]
        if let n = words[token] { return n }
        for suffix in ["st", "nd", "rd", "th"] where token.hasSuffix(suffix) {
            if let n = Int(token.dropLast(2)), n >= 1, n <= 31 { return n }
        }
        return nil
    }

    /// `7pm`, `7:30pm`, `19:30`, `noon`, `midnight`.
    static func time(_ token: String) -> (Int, Int)? {
        if token == "noon" { return (12, 0) }
        if token == "midnight" { return (0, 0) }
        var text = Substring(token)
        var meridiem: String?
        if text.hasSuffix("am") || text.hasSuffix("pm") {
            meridiem = String(text.suffix(2))
            text = text.dropLast(2)
        }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), let hour = Int(pieces[0]) else { return nil }
        let minute = pieces.count == 2 ? Int(pieces[1]) : 0
        guard let minute, (0...59).contains(minute) else { return nil }
        if pieces.count == 1 && meridiem == nil { return nil }  // a bare number is not a time
        switch meridiem {
        case "am": return (1...12).contains(hour) ? (hour % 12, minute) : nil
        case "pm": return (1...12).contains(hour) ? (hour % 12 + 12, minute) : nil
        default: return (0...23).contains(hour) ? (hour, minute) : nil
        }
    }
}

extension String {
    /// The string with every occurrence of `target` replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension RecurrenceRule {
    /// Reads a phrase such as `every 2 weeks on tuesday`, `2nd tuesday of the month` or `weekdays`.
    ///
    /// - Throws: `RecurrenceError` (`unrecognisedPhrase`) naming the word not understood and listing examples.
    public init(phrase: String) throws(RecurrenceError) {
        var parser = PhraseParser(phrase)
        self = try parser.parse()
    }
}
