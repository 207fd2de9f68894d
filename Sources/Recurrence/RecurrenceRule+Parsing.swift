extension RecurrenceRule {
    /// The rule parts RFC 5545 defines, in the order this library writes them.
    static let partNames = [
        "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
        "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
    ]

    /// The largest `INTERVAL` accepted.
    static let maximumInterval = 1_000_000

    /// Parses an RRULE value such as `FREQ=MONTHLY;BYDAY=2TU` (an `RRULE:` prefix is allowed) and validates it.
    ///
    /// - Throws: `RecurrenceError` naming the part at fault and what is accepted.
    public init(parsing text: String) throws(RecurrenceError) {
        var body = Substring(text.trimmingWhitespace())
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        guard !body.isEmpty else {
            throw RecurrenceError(
                .malformedRule, "the rule is empty: expected parts such as FREQ=WEEKLY;BYDAY=TU")
        }
        var seen: Set<String> = []
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        var count: Int?
        var until: Until?
        for rawPart in body.split(separator: ";", omittingEmptySubsequences: false) {
            let part = rawPart.trimmingWhitespace()
            if part.isEmpty { continue }
            guard let equals = part.firstIndex(of: "=") else {
                throw RecurrenceError(
                    .malformedRule, part: part.uppercased(),
                    "\(part): expected NAME=VALUE, such as FREQ=WEEKLY")
            }
            let name = part[..<equals].trimmingWhitespace().uppercased()
            let value = part[part.index(after: equals)...].trimmingWhitespace()
            let shown = "\(name)=\(value)"
            guard Self.partNames.contains(name) else {
                throw RecurrenceError(
                    .malformedRule, part: name,
                    "\(shown): \(name.isEmpty ? "a part needs a name" : "\(name) is not an RRULE part"); expected "
                        + Self.partNames.joinedAsAlternatives())
            }
            guard seen.insert(name).inserted else {
                throw RecurrenceError(
                    .malformedRule, part: name,
                    "\(name) appears more than once; each rule part may appear only once")
            }
            switch name {
            case "FREQ":
                guard let f = Frequency(code: value) else {
                    throw RecurrenceError(
                        .malformedRule, part: name,
                        "\(shown): expected "
                            + Frequency.allCases.map(\.code).joinedAsAlternatives())
                }
                frequency = f
            case "UNTIL":
                until = try Self.parseUntil(value, shown: shown)
            case "COUNT":
                guard let n = Int(value), n >= 1, n <= Int(Int32.max) else {
                    throw RecurrenceError(
                        .malformedRule, part: name,
                        "\(shown): expected a whole number of at least 1")
                }
                count = n
            case "INTERVAL":
                guard let n = Int(value), (1...Self.maximumInterval).contains(n) else {
                    throw RecurrenceError(
                        .malformedRule, part: name,
                        "\(shown): expected a whole number from 1 to \(Self.maximumInterval)")
                }
                rule.interval = n
            case "BYSECOND":
                rule.bySecond = try Self.parseList(
                    value, shown: shown, part: name, allowed: 0...60, signed: false)
            case "BYMINUTE":
                rule.byMinute = try Self.parseList(
                    value, shown: shown, part: name, allowed: 0...59, signed: false)
            case "BYHOUR":
                rule.byHour = try Self.parseList(
                    value, shown: shown, part: name, allowed: 0...23, signed: false)
            case "BYMONTHDAY":
                rule.byMonthDay = try Self.parseList(
                    value, shown: shown, part: name, allowed: 1...31, signed: true)
            case "BYYEARDAY":
                rule.byYearDay = try Self.parseList(
                    value, shown: shown, part: name, allowed: 1...366, signed: true)
            case "BYWEEKNO":
                rule.byWeekNo = try Self.parseList(
                    value, shown: shown, part: name, allowed: 1...53, signed: true)
            case "BYMONTH":
                rule.byMonth = try Self.parseList(
                    value, shown: shown, part: name, allowed: 1...12, signed: false)
            case "BYSETPOS":
                rule.bySetPos = try Self.parseList(
                    value, shown: shown, part: name, allowed: 1...366, signed: true)
            case "BYDAY": rule.byDay = try Self.parseByDay(value, shown: shown)
            case "WKST":
                guard let day = Weekday(code: value) else {
                    throw RecurrenceError(
                        .malformedRule, part: name,
                        "\(shown): expected MO, TU, WE, TH, FR, SA or SU")
                }
                rule.weekStart = day
            default:
                break  // safe: every name in partNames is handled above.
            }
        }
        guard let frequency else {
            throw RecurrenceError(
                .malformedRule, part: "FREQ",
                "the rule has no FREQ part; FREQ is required, e.g. FREQ=WEEKLY")
        }
        rule.frequency = frequency
        switch (count, until) {
        case (.some, .some):
            throw RecurrenceError(
                .malformedRule, part: "COUNT",
                "COUNT and UNTIL cannot both be given; end the rule with one of them")
        case (.some(let n), nil): rule.end = .count(n)
        case (nil, .some(let u)): rule.end = .until(u)
        case (nil, nil): rule.end = .never
        }
        try rule.validate()
        self = rule
    }

    /// Parses an UNTIL value in any of its three forms.
    static func parseUntil(_ value: Substring, shown: String) throws(RecurrenceError) -> Until {
        let message =
            "\(shown): expected a date (19971224), a local date-time (19971224T090000) or a UTC date-time (19971224T090000Z) that exists"
        let upper = value.uppercased()
        if upper.hasSuffix("Z"), let dt = LocalDateTime(icalendar: upper.dropLast()) {
            return .utc(dt)
        }
        if let dt = LocalDateTime(icalendar: Substring(upper)) { return .local(dt) }
        if let d = LocalDate(icalendar: Substring(upper)) { return .date(d) }
        throw RecurrenceError(.malformedRule, part: "UNTIL", message)
    }

    /// Parses a comma-separated list of integers, each in `allowed` (or its negation when `signed`).
    static func parseList(
        _ value: Substring, shown: String, part: String, allowed: ClosedRange<Int>, signed: Bool
    ) throws(RecurrenceError) -> [Int] {
        var result: [Int] = []
        let items = value.split(separator: ",", omittingEmptySubsequences: false)
        for item in items {
            let text = item.trimmingWhitespace()
            let number = Int(text)  // accepts one optional sign, so "++5" and "+-5" are refused
            if let number, allowed.contains(signed ? abs(number) : number) {
                result.append(number)
                continue
            }
            let range =
                signed
                ? "from \(allowed.lowerBound) to \(allowed.upperBound) or -\(allowed.upperBound) to -\(allowed.lowerBound)"
                : "from \(allowed.lowerBound) to \(allowed.upperBound)"
            throw RecurrenceError(
                .malformedRule, part: part,
                "\(shown): expected whole numbers \(range), separated by commas")
        }
        return result
    }

    /// Parses a BYDAY list such as `MO,TU` or `2TU,-1FR`.
    static func parseByDay(_ value: Substring, shown: String) throws(RecurrenceError)
        -> [WeekdayRule]
    {
        var result: [WeekdayRule] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingWhitespace()
            guard text.count >= 2, let day = Weekday(code: text.suffix(2)) else {
                throw RecurrenceError(
                    .malformedRule, part: "BYDAY",
                    "\(shown): expected MO, TU, WE, TH, FR, SA or SU, optionally after a signed ordinal such as 2TU or -1FR"
                )
            }
            let prefix = text.dropLast(2)
            if prefix.isEmpty {
                result.append(WeekdayRule(day))
                continue
            }
            guard let n = Int(prefix), n != 0, abs(n) <= 53 else {
                throw RecurrenceError(
                    .malformedRule, part: "BYDAY",
                    "\(shown): the ordinal before a weekday must be from 1 to 53 or -53 to -1, such as 2TU or -1FR"
                )
            }
            result.append(WeekdayRule(day, ordinal: n))
        }
        return result
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> Substring {
        let s = Substring(self)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = s.firstIndex(where: { !isSpace($0) }),
            let last = s.lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return s[first...last]
    }
}

extension Array where Element == String {
    /// `A, B or C`.
    func joinedAsAlternatives(_ conjunction: String = "or") -> String {
        guard count > 1 else { return first ?? "" }
        return dropLast().joined(separator: ", ") + " \(conjunction) " + (last ?? "")
    }
}
