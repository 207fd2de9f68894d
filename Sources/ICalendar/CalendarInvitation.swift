import Foundation

/// An iTIP message (RFC 5546): a VCALENDAR with METHOD REQUEST or CANCEL, its events and their VTIMEZONEs.
public struct CalendarInvitation: Sendable, Hashable {
    /// The iTIP method: what the recipient's calendar should do with the events.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Add or update the events (invitation, reminder, change).
        case request = "REQUEST"
        /// Remove the events (cancellation).
        case cancel = "CANCEL"
    }

    /// What the recipient's calendar should do.
    public let method: Method
    /// The events, one VEVENT each, in the order given.
    public let events: [CalendarEvent]
    /// The zones the events use, resolved once when the message is built.
    let zones: [String: TimeZone]

    /// Builds a message, refusing one a calendar client could not apply (see `ICalendarError.Code`).
    public init(method: Method, events: [CalendarEvent]) throws(ICalendarError) {
        guard !events.isEmpty else {
            throw ICalendarError(.noEvents, "an invitation needs at least one event")
        }
        var zones: [String: TimeZone] = [:]
        var seen: Set<String> = []
        for event in events {
            try Self.check(event, method: method)
            if zones[event.timeZoneID] == nil {
                guard let zone = TimeZone(identifier: event.timeZoneID) else {
                    throw ICalendarError(
                        .unknownTimeZone, uid: event.uid,
                        "unknown time zone \"\(event.timeZoneID)\"; expected an IANA name such as Europe/London"
                    )
                }
                zones[event.timeZoneID] = zone
            }
            let key = event.uid + "|" + (event.recurrenceID.map(ICalDateTime.utc) ?? "")
            guard seen.insert(key).inserted else {
                throw ICalendarError(
                    .duplicateEvent, uid: event.uid,
                    "two events share this UID; each occurrence needs its own UID or RECURRENCE-ID")
            }
        }
        self.method = method
        self.events = events
        self.zones = zones
    }

    /// The MIME type for the attachment or `text/calendar` body part, e.g. `text/calendar; charset=UTF-8; method=REQUEST`.
    public var contentType: String {
        "text/calendar; charset=UTF-8; method=\(method.rawValue)"
    }

    private static func check(_ event: CalendarEvent, method: Method) throws(ICalendarError) {
        let expected: CalendarEventStatus = method == .request ? .confirmed : .cancelled
        guard event.status == expected else {
            throw ICalendarError(
                .statusDoesNotMatchMethod, uid: event.uid,
                "a \(method.rawValue) carries events with STATUS \(expected.rawValue), not \(event.status.rawValue)"
            )
        }
        guard event.sequence >= 0 else {
            throw ICalendarError(
                .negativeSequence, uid: event.uid, "SEQUENCE must be 0 or more (got \(event.sequence))")
        }
        for date in [event.dtstamp, event.start, event.end] + (event.recurrenceID.map { [$0] } ?? []) {
            guard ICalDateTime.isInRange(date) else {
                throw ICalendarError(
                    .dateOutOfRange, uid: event.uid,
                    "dates must lie between the years 1900 and 9999 (got \(date))")
            }
        }
        guard event.end > event.start else {
            throw ICalendarError(
                .endNotAfterStart, uid: event.uid,
                "the end (\(ICalDateTime.utc(event.end))) must be after the start (\(ICalDateTime.utc(event.start)))"
            )
        }
    }
}
