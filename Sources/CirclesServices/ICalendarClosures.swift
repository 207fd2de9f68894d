import CirclesDomain
import Foundation
import ICalendar
import Recurrence

/// Reads closures from an iCalendar file: each VEVENT is a closure — all day (DTSTART as a DATE;
/// DTEND exclusive, or DURATION, or one day) or timed (DTEND or DURATION required) — named by its
/// SUMMARY. An event with an RRULE (and EXDATE/RDATE) is expanded from a year back to
/// `ClosureImportLimits.yearsAhead` years ahead; a VEVENT with a RECURRENCE-ID replaces that
/// instance. TZIDs must be IANA names; floating times are read in Europe/London. Cancelled
/// events are left out. Every problem is reported with its line.
struct ICalendarClosures {
    let now: Date
    /// The zone for floating times.
    var floatingZone = "Europe/London"

    func read(_ data: Data, fileName: String) throws(ImportError) -> [ImportedClosure] {
        let components: [ICalendarComponent]
        do {
            components = try ICalendarReader(limits: .init()).read(Array(data))
        } catch {
            throw ImportError(
                .malformed, fileName: fileName, summary: "\(fileName) is not a readable iCalendar file; nothing was imported",
                problems: [.init(line: error.line, error.reason)])
        }
        let events = components.filter { $0.name == "VCALENDAR" }.flatMap { $0.components("VEVENT") }
        guard !components.isEmpty, components.allSatisfy({ $0.name == "VCALENDAR" }) else {
            throw ImportError(.malformed, fileName: fileName, summary: "\(fileName) does not hold a VCALENDAR; nothing was imported")
        }
        var problems: [ImportError.Problem] = []
        var found: [String: (ImportedClosure, line: Int)] = [:]
        var overrides: [(ImportedClosure, line: Int)] = []
        for event in events {
            do {
                let (read, isOverride) = try closures(of: event)
                for closure in read {
                    if isOverride {
                        overrides.append((closure, event.line))
                    } else if let earlier = found[closure.key] {
                        problems.append(.init(line: event.line, "UID \(closure.key) is used already by the VEVENT at line \(earlier.line)"))
                    } else {
                        found[closure.key] = (closure, event.line)
                    }
                }
            } catch {
                problems.append(error)
            }
            if found.count > ClosureImportLimits.maxClosures {
                throw ImportError(
                    .tooLarge, fileName: fileName,
                    summary: "\(fileName) yields more than \(ClosureImportLimits.maxClosures) closures; nothing was imported")
            }
        }
        for (closure, line) in overrides {
            if closure.reason.isEmpty { found[closure.key] = nil } else { found[closure.key] = (closure, line) }
        }
        guard problems.isEmpty else {
            throw ImportError(
                .invalidRows, fileName: fileName,
                summary: "\(problems.count == 1 ? "1 problem" : "\(problems.count) problems") in \(fileName); nothing was imported",
                problems: problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return found.values.map(\.0).sorted { $0.key < $1.key }
    }

    /// The closures one VEVENT stands for, and whether it overrides an instance (RECURRENCE-ID).
    /// A cancelled override stands for the instance's removal (an empty reason).
    private func closures(of event: ICalendarComponent) throws(ImportError.Problem) -> ([ImportedClosure], Bool) {
        func fail(_ line: Int, _ message: String) -> ImportError.Problem { .init(line: line, message) }
        guard let uidProperty = event.property("UID") else { throw fail(event.line, "the VEVENT has no UID; each closure needs one so a re-import can find it") }
        let uid: String
        do {
            uid = try TextRule(field: "UID", shape: .line, maxLength: 900).check(uidProperty.text)
        } catch {
            throw fail(uidProperty.line, error.description)
        }
        guard !uid.isEmpty else { throw fail(uidProperty.line, "the UID is empty") }
        let cancelled = event.property("STATUS")?.value.uppercased() == "CANCELLED"
        let recurrenceID = event.property("RECURRENCE-ID")
        if cancelled && recurrenceID == nil { return ([], false) }
        guard let startProperty = event.property("DTSTART") else { throw fail(event.line, "the VEVENT has no DTSTART") }
        let start: ICalendarDateTime
        do {
            start = try startProperty.dateTime()
        } catch {
            throw fail(error.line, error.reason)
        }
        var reason = ""
        if !cancelled {
            guard let summary = event.property("SUMMARY") else {
                throw fail(event.line, "the VEVENT has no SUMMARY; it is the closure's reason, e.g. SUMMARY:Christmas closure")
            }
            do {
                reason = try TextRule.reason.check(summary.text)
            } catch {
                throw fail(summary.line, "SUMMARY: \(error.description)")
            }
            guard !reason.isEmpty else { throw fail(summary.line, "the SUMMARY is empty; it is the closure's reason") }
        }
        let allDay = start.form == .date
        let length = try self.length(of: event, start: start, allDay: allDay)
        let reference = try timeReference(start, line: startProperty.line)
        guard let local = LocalDateTime(
            year: start.year, month: start.month, day: start.day, hour: start.hour, minute: start.minute, second: start.second)
        else { throw fail(startProperty.line, "DTSTART is not a real date or time") }

        if let recurrenceID {
            let original: ICalendarDateTime
            do {
                original = try recurrenceID.dateTime()
            } catch {
                throw fail(error.line, error.reason)
            }
            guard let originalLocal = LocalDateTime(
                year: original.year, month: original.month, day: original.day, hour: original.hour, minute: original.minute,
                second: original.second),
                let instance = try instances(from: local, reference: reference, rule: nil, line: recurrenceID.line).first,
                let originalInstance = try instances(
                    from: originalLocal, reference: try timeReference(original, line: recurrenceID.line), rule: nil,
                    line: recurrenceID.line).first
            else { throw fail(recurrenceID.line, "RECURRENCE-ID is not a real date or time") }
            let key = "\(uid)/\(instanceKey(originalInstance, allDay: original.form == .date))"
            return ([ImportedClosure(span: span(instance, allDay: allDay, length: length), reason: reason, key: key)], true)
        }

        let rule: RecurrenceRule?
        if let property = event.property("RRULE") {
            do {
                rule = try RecurrenceRule(parsing: property.value)
            } catch {
                throw fail(property.line, "RRULE: \(error)")
            }
        } else {
            rule = nil
        }
        // EXDATE and RDATE values are read as wall-clock times in DTSTART's zone (or dates).
        func dates(_ name: String) throws(ImportError.Problem) -> [LocalDateTime] {
            var result: [LocalDateTime] = []
            for property in event.properties(name) {
                let values: [ICalendarDateTime]
                do {
                    values = try property.dateTimes()
                } catch {
                    throw fail(error.line, "\(name): \(error.reason)")
                }
                for value in values {
                    guard let parsed = LocalDateTime(
                        year: value.year, month: value.month, day: value.day, hour: allDay ? 0 : value.hour,
                        minute: allDay ? 0 : value.minute, second: allDay ? 0 : value.second)
                    else { throw fail(property.line, "\(name) holds a date that does not exist") }
                    result.append(parsed)
                }
            }
            return result
        }
        let exceptions = try dates("EXDATE")
        let extras = try dates("RDATE")
        let occurrences = try instances(
            from: local, reference: reference, rule: rule, exceptions: exceptions, extras: extras, line: startProperty.line)
        let isRecurring = rule != nil || !extras.isEmpty
        return (occurrences.map { occurrence in
            ImportedClosure(
                span: span(occurrence, allDay: allDay, length: length), reason: reason,
                key: isRecurring ? "\(uid)/\(instanceKey(occurrence, allDay: allDay))" : uid)
        }, false)
    }

    /// Days (all day) or seconds (timed) the event lasts.
    private func length(of event: ICalendarComponent, start: ICalendarDateTime, allDay: Bool) throws(ImportError.Problem) -> Int {
        if let end = event.property("DTEND") {
            let value: ICalendarDateTime
            do {
                value = try end.dateTime()
            } catch {
                throw .init(line: error.line, error.reason)
            }
            guard (value.form == .date) == allDay else {
                throw .init(line: end.line, "DTEND must be a DATE when DTSTART is one, and a DATE-TIME when DTSTART is one")
            }
            guard let from = try? instant(start, line: end.line), let until = try? instant(value, line: end.line) else {
                throw .init(line: end.line, "DTEND is not a real date or time")
            }
            let seconds = Int(until.timeIntervalSince(from))
            return try bounded(allDay ? seconds / 86_400 : seconds, allDay: allDay, line: end.line)
        }
        if let duration = event.property("DURATION") {
            guard let seconds = Self.seconds(inDuration: duration.value) else {
                throw .init(line: duration.line, "DURATION \"\(duration.value)\" is not an RFC 5545 duration such as P1D or PT4H")
            }
            return try bounded(allDay ? seconds / 86_400 : seconds, allDay: allDay, line: duration.line)
        }
        guard allDay else {
            throw .init(line: event.line, "a timed closure needs DTEND or DURATION (an all-day one may leave both out for one day)")
        }
        return 1
    }

    private func bounded(_ length: Int, allDay: Bool, line: Int) throws(ImportError.Problem) -> Int {
        let limit = allDay ? ClosureImportLimits.maxDays : ClosureImportLimits.maxDays * 86_400
        guard length > 0 else { throw .init(line: line, "the closure ends before it starts (or lasts no time)") }
        guard length <= limit else { throw .init(line: line, "a closure may last at most \(ClosureImportLimits.maxDays) days") }
        return length
    }

    private func timeReference(_ value: ICalendarDateTime, line: Int) throws(ImportError.Problem) -> TimeReference {
        switch value.form {
        case .date: return .floating
        case .floating: return .zone(floatingZone)
        case .utc: return .utc
        case .zoned(let tzid):
            guard TimeZone(identifier: tzid) != nil, tzid.contains("/") || tzid == "UTC" else {
                throw .init(line: line, "TZID \"\(tzid)\" is not an IANA time zone name such as Europe/London")
            }
            return .zone(tzid)
        }
    }

    private func instant(_ value: ICalendarDateTime, line: Int) throws(ImportError.Problem) -> Date {
        guard let local = LocalDateTime(
            year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute, second: value.second),
            let first = try instances(from: local, reference: try timeReference(value, line: line), rule: nil, line: line).first
        else { throw .init(line: line, "not a real date or time") }
        return first.date
    }

    private func instances(
        from start: LocalDateTime, reference: TimeReference, rule: RecurrenceRule?, exceptions: [LocalDateTime] = [],
        extras: [LocalDateTime] = [], line: Int
    ) throws(ImportError.Problem) -> [Occurrence] {
        do {
            let set = try RecurrenceSet(
                start: start, timeReference: reference, rule: rule, exceptionDates: exceptions, extraDates: extras)
            guard rule != nil || !extras.isEmpty else { return set.first(1) }
            let from = now.addingTimeInterval(-366 * 86_400)
            let to = now.addingTimeInterval(Double(ClosureImportLimits.yearsAhead) * 366 * 86_400)
            var result: [Occurrence] = []
            for occurrence in set.occurrences(from: from, to: to) {
                result.append(occurrence)
                if result.count > ClosureImportLimits.maxInstancesPerEvent {
                    throw ImportError.Problem(
                        line: line,
                        "the event recurs more than \(ClosureImportLimits.maxInstancesPerEvent) times in \(ClosureImportLimits.yearsAhead + 1) years; a closure calendar holds closed days, not frequent events")
                }
            }
            return result
        } catch let problem as ImportError.Problem {
            throw problem
        } catch {
            throw .init(line: line, "\(error)")
        }
    }

    private func span(_ occurrence: Occurrence, allDay: Bool, length: Int) -> Closure.Span {
        if allDay {
            let first = occurrence.local.date
            return .days(first: first.description, last: first.adding(days: length - 1).description)
        }
        return .timed(from: occurrence.date, until: occurrence.date.addingTimeInterval(TimeInterval(length)))
    }

    private func instanceKey(_ occurrence: Occurrence, allDay: Bool) -> String {
        allDay ? occurrence.local.date.description : Occurrence(epochSeconds: occurrence.epochSeconds, utcOffset: 0).rfc3339
    }

    /// Seconds in an RFC 5545 duration (`P1D`, `PT4H30M`, `P1W`); nil when it is not one or is negative.
    static func seconds(inDuration text: String) -> Int? {
        var rest = Substring(text.uppercased())
        guard rest.hasPrefix("P") else { return nil }
        rest = rest.dropFirst()
        var total = 0, number = "", inTime = false, any = false
        for character in rest {
            if character.isASCII && character.isNumber {
                number.append(character)
                guard number.count <= 6 else { return nil }
                continue
            }
            if character == "T" && number.isEmpty && !inTime {
                inTime = true
                continue
            }
            guard let value = Int(number) else { return nil }
            number = ""
            any = true
            switch (character, inTime) {
            case ("W", false): total += value * 7 * 86_400
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3_600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        return any && number.isEmpty ? total : nil
    }
}

/// A problem found in one entry is thrown up to the reader, which collects them all.
extension ImportError.Problem: Error {}
