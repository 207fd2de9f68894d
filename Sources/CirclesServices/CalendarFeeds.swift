import CirclesDomain
import CirclesStore
import Foundation
import ICalendar
import Postgres

/// Serves calendar feeds by token: a person's meetings or a team's, from 8 weeks back to the
/// horizon, with the HTTP validators that let a polling calendar program cost one small query.
///
/// The ETag is a digest of every column the feed writes, computed by PostgreSQL over the
/// feed's meetings (no rendering); Last-Modified is when a request first saw that digest. A
/// request whose `If-None-Match` (or, without one, `If-Modified-Since`) matches is answered
/// without reading or rendering the meetings.
public struct CalendarFeeds: Sendable {
    /// What a feed request gets.
    public enum Outcome: Sendable, Equatable {
        /// Unknown, revoked or no longer permitted token: 404, saying no more.
        case notFound
        /// The client's copy is current: 304 with the validators.
        case notModified(Validators)
        /// The feed: 200 with the validators and the iCalendar bytes.
        case feed(Validators, [UInt8])

        /// The feed's validators, when there is a feed.
        public var validators: Validators? {
            switch self {
            case .notFound: nil
            case .notModified(let validators), .feed(let validators, _): validators
            }
        }
    }

    /// The HTTP validators of a feed's current content.
    public struct Validators: Sendable, Equatable {
        /// The strong entity tag, quoted, e.g. `"3f…"`.
        public let etag: String
        /// When the content last changed, to the second.
        public let lastModified: Date
    }

    /// How far back a feed reaches.
    public static let window: TimeInterval = 8 * 7 * 86_400

    /// The pool reads come from.
    public let pool: PostgresPool
    /// The domain in the events' UIDs: the mail domain, as the invitations use.
    public let domain: String
    /// Validators kept in memory (circles-web, with a change listener), or nil to ask every time.
    public let cache: FeedValidatorCache?

    /// Feeds over `pool` whose UIDs use `domain` (configuration `mail.domain`); with `cache`, a
    /// revalidation that matches what the cache holds is answered without a query.
    public init(pool: PostgresPool, domain: String, cache: FeedValidatorCache? = nil) {
        self.pool = pool
        self.domain = domain.lowercased()
        self.cache = cache
    }

    /// The feed for `token` as text from the path (anything not a token is `.notFound` without a query).
    public func feed(token text: String, ifNoneMatch: String?, ifModifiedSince: Date?, now: Date = Date()) async throws -> Outcome {
        guard let token = FeedToken(text) else { return .notFound }
        if let held = revalidated(token: token, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince, now: now) {
            return .notModified(held)
        }
        let ticket = cache?.ticket()
        let since = now.addingTimeInterval(-Self.window)
        let domain = domain
        let (outcome, expires) = try await pool.withTransaction { connection -> (Outcome, Date?) in
            guard let version = try FeedStore.version(token: token, since: since, salt: "v1|" + domain, on: connection) else {
                return (.notFound, nil)
            }
            let validators = Validators(etag: "\"\(version.digest)\"", lastModified: version.changedAt)
            // The feed changes by itself when its earliest meeting leaves the window.
            let expires = version.earliestStart?.addingTimeInterval(Self.window) ?? .distantFuture
            if Self.isCurrent(validators, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince) {
                return (.notModified(validators), expires)
            }
            let meetings = try FeedStore.meetings(personID: version.personID, teamID: version.teamID, since: since, on: connection)
            let calendar = try Self.calendar(meetings, name: version.teamName.map { "Circles: \($0)" } ?? "Circles: my meetings", domain: domain)
            return (.feed(validators, calendar.renderedBytes()), expires)
        }
        // Kept once committed (Last-Modified may just have been stored), unless a change came meanwhile.
        switch outcome {
        case .notModified(let validators), .feed(let validators, _):
            cache?.store(validators, for: token.text, ticket: ticket, expires: expires, now: now)
        case .notFound:
            break
        }
        return outcome
    }

    /// The validators to answer 304 with, when the cache holds `token`'s and the client's copy
    /// matches them; nil when the database must be asked.
    public func revalidated(token: FeedToken, ifNoneMatch: String?, ifModifiedSince: Date?, now: Date) -> Validators? {
        guard ifNoneMatch != nil || ifModifiedSince != nil, let held = cache?.validators(for: token.text, now: now),
            Self.isCurrent(held, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince)
        else { return nil }
        return held
    }

    /// Whether the client's copy is current: `If-None-Match` decides when present, else
    /// `If-Modified-Since` (RFC 9110 §13.2.2).
    static func isCurrent(_ validators: Validators, ifNoneMatch: String?, ifModifiedSince: Date?) -> Bool {
        if let ifNoneMatch { return matches(ifNoneMatch, validators.etag) }
        if let ifModifiedSince { return validators.lastModified <= ifModifiedSince }
        return false
    }

    /// Whether an `If-None-Match` value (`*` or a list of entity tags, weak or strong) matches
    /// `etag`, by the weak comparison RFC 9110 §13.1.2 asks for.
    public static func matches(_ ifNoneMatch: String, _ etag: String) -> Bool {
        // On bytes: calendar programs send this every few minutes.
        let etag = etag.utf8
        return ifNoneMatch.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).contains { candidate in
            var tag = candidate.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            while let last = tag.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { tag = tag.dropLast() }
            if tag.elementsEqual("*".utf8) { return true }
            if tag.starts(with: "W/".utf8) { tag = tag.dropFirst(2) }
            return tag.elementsEqual(etag)
        }
    }

    /// The meetings as a published calendar with the invitations' UIDs and SEQUENCEs.
    static func calendar(_ meetings: [FeedStore.FeedMeeting], name: String, domain: String) throws -> CalendarFeed {
        let events = meetings.map { meeting in
            CalendarEvent(
                uid: CalendarEvent.uid(seriesID: meeting.seriesID.description, originalStart: meeting.originalStart, domain: domain),
                sequence: meeting.sequence, dtstamp: meeting.updatedAt, start: meeting.startsAt, end: meeting.endsAt,
                timeZoneID: meeting.timeZone, summary: meeting.title, location: meeting.location,
                url: meeting.onlineURL.flatMap { URL(string: $0) },
                organizer: CalendarOrganizer(name: "", email: "circles@\(domain)"),
                status: meeting.status == .cancelled ? .cancelled : .confirmed)
        }
        do {
            return try CalendarFeed(name: name, events: events)
        } catch {
            throw ServiceError(.invalid, "the calendar feed cannot be written: \(error)")
        }
    }
}
