extension RecurrenceSet {
    /// The set as iCalendar content lines: `DTSTART`, then `RRULE`, `RDATE` and `EXDATE` when present.
    public var icalendar: String {
        var lines = ["DTSTART\(parameter):\(value(start))"]
        if let rule { lines.append("RRULE:\(rule)") }
        if !extraDates.isEmpty {
            lines.append("RDATE\(parameter):" + extraDates.map(value).joined(separator: ","))
        }
        if !exceptionDates.isEmpty {
            lines.append("EXDATE\(parameter):" + exceptionDates.map(value).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// `;TZID=…` for a zoned set, nothing otherwise.
    private var parameter: String {
        if case .zone(let name) = timeReference { return ";TZID=\(name)" }
        return ""
    }

    /// A date-time in the set's form: `…Z` for UTC, bare for zoned and floating.
    private func value(_ t: LocalDateTime) -> String {
        timeReference == .utc ? t.icalendar + "Z" : t.icalendar
    }

    /// Reads `DTSTART`, `RRULE`, `RDATE` and `EXDATE` content lines (folded lines are joined).
    ///
    /// RDATE and EXDATE values in another zone or in UTC are converted to DTSTART's zone.
    /// - Throws: `RecurrenceError` naming the line at fault.
    public init(icalendar text: String) throws(RecurrenceError) {
        var unfolded: [String] = []
        for raw in text.split(
            omittingEmptySubsequences: true,
            whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            if let first = raw.first, first == " " || first == "\t", !unfolded.isEmpty {
                unfolded[unfolded.count - 1] += raw.dropFirst()
            } else {
                unfolded.append(String(raw))
            }
        }
        var start: (LocalDateTime, TimeReference)?
        var rule: RecurrenceRule?
        var pending: [(name: String, zone: TimeReference?, values: [Substring])] = []
        for line in unfolded where !line.trimmingWhitespace().isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw RecurrenceError(
                    .malformedSet, part: line, "\"\(line)\": expected NAME[;PARAM=VALUE]:VALUE")
            }
            let head = line[..<colon].split(separator: ";")
            let name = head.first.map { $0.uppercased() } ?? ""
            let body = line[line.index(after: colon)...].trimmingWhitespace()
            var zone: TimeReference?
            for parameter in head.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                let key = pair.first.map { $0.uppercased() } ?? ""
                let argument = pair.count == 2 ? String(pair[1]).trimmingQuotes() : ""
                switch key {
                case "TZID": zone = .zone(argument)
                case "VALUE" where argument.uppercased() == "DATE-TIME": break
                case "VALUE":
                    throw RecurrenceError(
                        .malformedSet, part: name,
                        "\(name);VALUE=\(argument): only DATE-TIME values are supported; write times such as 20261208T140000"
                    )
                default: break  // other parameters do not change the times
                }
            }
            switch name {
            case "DTSTART":
                guard start == nil else {
                    throw RecurrenceError(
                        .malformedSet, part: name, "DTSTART appears more than once; give one start")
                }
                let (local, reference) = try Self.dateTime(body, zone: zone, property: name)
                start = (local, reference)
            case "RRULE":
                guard rule == nil else {
                    throw RecurrenceError(
                        .malformedSet, part: name,
                        "RRULE appears more than once; combine them into one rule")
                }
                rule = try RecurrenceRule(parsing: String(body))
            case "RDATE", "EXDATE":
                pending.append((name, zone, body.split(separator: ",")))
            default:
                throw RecurrenceError(
                    .malformedSet, part: name,
                    "\(name) is not part of a recurrence set; expected DTSTART, RRULE, RDATE or EXDATE"
                )
            }
        }
        guard let (startTime, reference) = start else {
            throw RecurrenceError(
                .malformedSet, part: "DTSTART",
                "the set has no DTSTART line, e.g. DTSTART;TZID=Europe/London:20261208T140000")
        }
        let home = try reference.rules()
        var extra: [LocalDateTime] = []
        var excluded: [LocalDateTime] = []
        for (name, zone, values) in pending {
            for text in values {
                let (local, valueReference) = try Self.dateTime(text, zone: zone, property: name)
                var converted = local
                if valueReference != reference {
                    guard reference != .floating && valueReference != .floating else {
                        throw RecurrenceError(
                            .malformedSet, part: name,
                            "\(name):\(text): a floating DTSTART needs floating \(name) values (no TZID, no Z)"
                        )
                    }
                    var cursor = -1
                    let instant = try valueReference.rules().resolve(
                        local: local.localSeconds, cursor: &cursor
                    ).instant
                    converted = LocalDateTime(
                        localSeconds: instant + Int64(home.offset(atInstant: instant)))
                }
                if name == "RDATE" { extra.append(converted) } else { excluded.append(converted) }
            }
        }
        try self.init(
            start: startTime, timeReference: reference, rule: rule, exceptionDates: excluded,
            extraDates: extra)
    }

    /// A DTSTART, RDATE or EXDATE value with its time reference.
    private static func dateTime(_ text: Substring, zone: TimeReference?, property: String)
        throws(RecurrenceError) -> (LocalDateTime, TimeReference)
    {
        let upper = text.uppercased()
        if upper.hasSuffix("Z"), zone == nil, let t = LocalDateTime(icalendar: upper.dropLast()) {
            return (t, .utc)
        }
        if let t = LocalDateTime(icalendar: Substring(upper)) {
            let reference = zone ?? .floating
            _ = try reference.rules()
            return (t, reference)
        }
        throw RecurrenceError(
            .malformedDateTime, part: property,
            "\(property):\(text): expected a date-time such as 20261208T140000 (with TZID), 20261208T140000Z (UTC) or 20261208T140000 (floating)"
        )
    }
}

extension String {
    /// The string without surrounding double quotes.
    func trimmingQuotes() -> String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
