import Foundation

/// One meeting occurrence as a VEVENT: every occurrence is its own event with its own UID, never an RRULE.
public struct CalendarEvent: Sendable, Hashable {
    /// Globally unique, stable for the occurrence across updates and cancellation; see `uid(seriesID:originalStart:domain:)`.
    public var uid: String
    /// Revision number; each update or cancellation of the same UID must carry a higher one.
    public var sequence: Int
    /// When this message was created (written in UTC).
    public var dtstamp: Date
    /// When the meeting starts.
    public var start: Date
    /// When the meeting ends; must be after `start`.
    public var end: Date
    /// The IANA time zone the meeting is held in, e.g. `Europe/London`; DTSTART and DTEND are written in it.
    public var timeZoneID: String
    /// The meeting's title.
    public var summary: String
    /// Where the meeting is held, if it has a place.
    public var location: String?
    /// The link for joining online, if any.
    public var url: URL?
    /// Plain text for the body: time, place or link, facilitator and follow-up titles — never meeting notes.
    public var description: String?
    /// Who sends the invitation and receives replies.
    public var organizer: CalendarOrganizer
    /// Who is invited; the facilitator as `.chair`.
    public var attendees: [CalendarAttendee]
    /// CONFIRMED for a request, CANCELLED for a cancellation.
    public var status: CalendarEventStatus
    /// The occurrence's original start (RECURRENCE-ID); leave nil when the UID already names the occurrence.
    public var recurrenceID: Date?

    /// Creates an event; `CalendarInvitation` checks it when it is put into a message.
    public init(
        uid: String,
        sequence: Int = 0,
        dtstamp: Date,
        start: Date,
        end: Date,
        timeZoneID: String,
        summary: String,
        location: String? = nil,
        url: URL? = nil,
        description: String? = nil,
        organizer: CalendarOrganizer,
        attendees: [CalendarAttendee] = [],
        status: CalendarEventStatus = .confirmed,
        recurrenceID: Date? = nil
    ) {
        self.uid = uid
        self.sequence = sequence
        self.dtstamp = dtstamp
        self.start = start
        self.end = end
        self.timeZoneID = timeZoneID
        self.summary = summary
        self.location = location
        self.url = url
        self.description = description
        self.organizer = organizer
        self.attendees = attendees
        self.status = status
        self.recurrenceID = recurrenceID
    }

    /// A stable UID for one occurrence of a series: `<seriesID>-<yyyymmddThhmmssZ>@<domain>`, from its original start.
    public static func uid(seriesID: String, originalStart: Date, domain: String) -> String {
        "\(seriesID)-\(ICalDateTime.utc(originalStart))@\(domain)"
    }

    /// The same event cancelled: STATUS:CANCELLED, the same UID, SEQUENCE one higher, stamped `dtstamp`.
    public func cancelled(dtstamp: Date) -> CalendarEvent {
        var copy = self
        copy.status = .cancelled
        copy.sequence = sequence + 1
        copy.dtstamp = dtstamp
        return copy
    }
}
