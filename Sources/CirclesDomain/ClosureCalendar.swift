import Foundation

/// A named list of closed days: a division's bank holidays, a council's Christmas closure, a
/// team's training days. Shared calendars (no team) are managed by administrators; a team's own
/// calendar by its leads.
public struct ClosureCalendar: Sendable, Hashable, Codable {
    /// Where a calendar's closures came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Added by hand with `closures add`.
        case manual
        /// The UK government's `bank-holidays.json`.
        case govUKJSON = "gov-uk-json"
        /// An iCalendar file.
        case icalendar
    }

    /// Stable identifier.
    public let id: String
    /// Its name, unique in Circles (case-insensitively).
    public let name: String
    /// The team that owns it, or nil for a shared calendar.
    public let teamID: String?
    /// Where its closures came from.
    public var source: Source
    /// The division or file name it was imported from.
    public var sourceDetail: String?

    /// Creates a calendar value.
    public init(id: String, name: String, teamID: String?, source: Source, sourceDetail: String?) {
        self.id = id
        self.name = name
        self.teamID = teamID
        self.source = source
        self.sourceDetail = sourceDetail
    }
}
