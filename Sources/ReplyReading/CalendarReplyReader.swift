import Foundation
import ICalendar

/// Finds iTIP REPLYs in a message: every `text/calendar` or `application/ics` part (inline or
/// attached, any transfer encoding; also a `.ics` file sent as `application/octet-stream`) whose
/// VCALENDAR says `METHOD:REPLY`. Pure; reads nothing from outside the bytes it is given.
public struct CalendarReplyReader: Sendable {
    /// Limits for each calendar part.
    public var limits: ICalendarReadLimits

    /// A reader with the iCalendar reader's limits capped at 1 MiB a part.
    public init(limits: ICalendarReadLimits = ICalendarReadLimits(maximumBytes: 1 << 20)) {
        self.limits = limits
    }

    /// What the calendar parts of a message said.
    public struct Finding: Sendable, Hashable {
        /// The REPLY events found, in order.
        public var replies: [CalendarReply]
        /// Calendar parts found at all (REPLY or not).
        public var calendarParts: Int
        /// Why a calendar part could not be read (charset, syntax, limits), each naming the part.
        public var problems: [String]
        /// Methods of calendar parts that were not REPLY (REQUEST, COUNTER, …).
        public var otherMethods: [String]
    }

    /// Whether `part` is a calendar by type or by file name.
    public static func isCalendar(_ part: MIMEPart) -> Bool {
        let type = part.contentType.mediaType
        if type == "text/calendar" || type == "application/ics" || type == "text/x-vcalendar" { return true }
        if type == "application/octet-stream", let name = part.filename?.lowercased(), name.hasSuffix(".ics") { return true }
        return false
    }

    /// The REPLYs in `message`.
    public func replies(in message: MIMEMessage) -> Finding {
        var finding = Finding(replies: [], calendarParts: 0, problems: [], otherMethods: [])
        let reader = ICalendarReader(limits: limits)
        for (index, part) in message.parts.enumerated() where Self.isCalendar(part) {
            finding.calendarParts += 1
            let label = "part \(index + 1) (\(part.contentType.mediaType))"
            guard let text = part.text else {
                finding.problems.append("\(label): not text in charset \(part.contentType.parameters["charset"] ?? "utf-8")")
                continue
            }
            let calendars: [ICalendarComponent]
            do {
                calendars = try reader.read(text)
            } catch {
                finding.problems.append("\(label): \(error)")
                continue
            }
            for calendar in calendars where calendar.name == "VCALENDAR" {
                let method = calendar.property("METHOD")?.value.uppercased() ?? part.contentType.parameters["method"]?.uppercased() ?? ""
                guard method == "REPLY" else {
                    finding.otherMethods.append(method.isEmpty ? "none" : method)
                    continue
                }
                for event in calendar.components("VEVENT") {
                    do {
                        finding.replies.append(try Self.reply(event))
                    } catch {
                        finding.problems.append("\(label): \(error)")
                    }
                }
            }
        }
        return finding
    }

    /// One VEVENT as a reply; fails without a UID or with an unreadable RECURRENCE-ID.
    static func reply(_ event: ICalendarComponent) throws(ICalendarReadError) -> CalendarReply {
        guard let uid = event.property("UID")?.text.trimmingCharacters(in: .whitespaces), !uid.isEmpty else {
            throw ICalendarReadError(line: event.line, "the VEVENT has no UID")
        }
        let recurrenceID = try event.property("RECURRENCE-ID")?.dateTime()
        // A SEQUENCE past what PostgreSQL's integer holds is no invitation Circles sent: it is held to that.
        let sequence = event.property("SEQUENCE").flatMap { Int($0.value.trimmingCharacters(in: .whitespaces)) }
            .map { min($0, Int(Int32.max)) } ?? 0
        var dtstamp: Date?
        if let stamp = try event.property("DTSTAMP")?.dateTime(), stamp.form == .utc {
            dtstamp = CalendarReply.instant(stamp, floatingZone: TimeZone(identifier: "UTC") ?? .current)
        }
        let attendees = event.properties("ATTENDEE").map { property in
            CalendarReply.Attendee(
                email: Self.address(property.value), partstat: (property.parameter("PARTSTAT") ?? "NEEDS-ACTION").uppercased())
        }
        let comments = event.properties("COMMENT").map(\.text).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        return CalendarReply(
            uid: uid, recurrenceID: recurrenceID, sequence: max(0, sequence), dtstamp: dtstamp, attendees: attendees,
            comment: comments.isEmpty ? nil : comments.joined(separator: "\n"),
            organizer: event.property("ORGANIZER").map { Self.address($0.value) })
    }

    /// `mailto:Sam@Example.org` → `sam@example.org`.
    static func address(_ value: String) -> String {
        var text = value.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
        return (text.removingPercentEncoding ?? text).lowercased()
    }
}
