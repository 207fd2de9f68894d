import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import ReplyReading

/// What became of one message from the reply mailbox.
public struct ReplyDecision: Sendable, Hashable {
    /// The four outcomes, each with its folder.
    public enum Outcome: String, Sendable, Hashable {
        /// Understood and matched to a person and their meetings: filed as processed.
        case matched
        /// Not a calendar reply, or not one Circles can place: for a person to read.
        case needsPerson = "needs_person"
        /// A reply Circles will not believe (a token of another meeting or person, failed authentication).
        case refused
        /// The same message (Message-ID) was matched before.
        case duplicate
    }

    public var outcome: Outcome
    /// In words, without names or addresses (it is stored).
    public var reason: String
    /// The person the token names, when known.
    public var personID: String?
    /// Answers recorded (changed) by this message.
    public var answers: Int
}

/// Matches an incoming reply to a person and meetings and decides the answers, inside the
/// caller's transaction; the rules of issue 14 in one place.
enum ReplyMatcher {
    /// A message's decision, and the answers it takes: the caller saves them last in its
    /// transaction, with the COMMIT (`ResponseStore.save(_:action:committing:on:)`), so the audit
    /// chain's head, which every audited write waits for, is held for that one round trip only.
    struct Applied: Sendable {
        var decision: ReplyDecision
        var answers: [ResponseStore.AuditedAnswer] = []
    }

    /// Decides `reply` on `connection` (already in a transaction), locking the answers it takes.
    /// Nothing is taken unless every calendar event in the message is matched and believed.
    static func apply(
        _ reply: IncomingReply, settings: ReplyMailboxSettings, now: Date, on connection: isolated PostgresConnection
    ) throws -> Applied {
        func decision(_ outcome: ReplyDecision.Outcome, _ reason: String, person: String? = nil) -> Applied {
            Applied(decision: ReplyDecision(outcome: outcome, reason: reason, personID: person, answers: 0))
        }
        if let messageID = reply.messageID, try ReplyStore.wasMatched(messageID: messageID, on: connection) {
            return decision(.duplicate, "a message with this Message-ID was matched before")
        }
        let events = unique(reply.calendar.replies)
        guard !events.isEmpty else {
            if !reply.calendar.problems.isEmpty {
                return decision(.needsPerson, "the calendar could not be read: " + reply.calendar.problems.joined(separator: "; "))
            }
            if !reply.calendar.otherMethods.isEmpty {
                return decision(.needsPerson, "a calendar \(reply.calendar.otherMethods.joined(separator: ", ")), not a REPLY")
            }
            let skipped = reply.skipped.isEmpty ? "" : " (skipped: \(reply.skipped.joined(separator: "; ")))"
            return decision(.needsPerson, "no calendar reply in the message" + skipped)
        }
        guard let token = reply.token else {
            return decision(.needsPerson, "a calendar reply not sent to a reply address with a token")
        }
        guard let holder = try ReplyStore.holder(of: token.value, on: connection) else {
            return decision(.refused, "the token matches no invitation")
        }
        if let refusal = settings.authentication.refusal(reply.authentication) {
            return decision(.refused, refusal, person: holder.personID)
        }
        let personID: ID<Person> = try CirclesServices.stored(holder.personID)
        guard let person = try PeopleStore.find(id: personID, on: connection) else {
            return decision(.needsPerson, "the token's person no longer exists")
        }

        // Match every event first; apply only when all are matched and believed.
        var targets: [(meetings: [Meeting], series: MeetingSeries, answer: ResponseAnswer, event: CalendarReply)] = []
        for event in events {
            switch try target(event, holder: holder, person: person, settings: settings, now: now, on: connection) {
            case .failure(let failure):
                return decision(failure.refused ? .refused : .needsPerson, failure.reason, person: holder.personID)
            case .success(let (meetings, series, answer)):
                targets.append((meetings, series, answer, event))
            }
        }

        var taken: [ResponseStore.AuditedAnswer] = []
        // What each meeting holds as the message goes on: an answer taken earlier in it counts.
        var standing: [ID<Meeting>: MeetingResponse] = [:]
        var said: [String] = []
        for (meetings, series, answer, event) in targets {
            // A DTSTAMP from the future (a wrong clock, or a sender wanting the last word) is taken
            // as now, and a SEQUENCE past the meeting's as the meeting's: neither can make a reply
            // outrank every later one.
            // (Now to the second, as a DTSTAMP is written, so that it does not outrank a reply made later in that second.)
            let stamp = min(event.dtstamp ?? now, Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))
            for meeting in meetings {
                let ordering = try ResponseOrdering(sequence: min(event.sequence, meeting.sequence), timestamp: stamp)
                let meetingID: ID<Meeting> = try CirclesServices.stored(meeting.id)
                // A reply to a SEQUENCE the meeting has moved past counts only if the person has said
                // nothing since by other means (a link, the facilitator), whose time we cannot order against it.
                if event.sequence < meeting.sequence,
                    let held = try standing[meetingID] ?? ResponseStore.find(meeting: meetingID, person: personID, on: connection),
                    held.ordering == nil
                {
                    said.append("superseded")
                    continue
                }
                let response = MeetingResponse(
                    meetingID: meetingID, personID: personID, answer: answer, note: note(event.comment), source: .calendar,
                    answeredAt: stamp, ordering: ordering)
                switch try CirclesServices.decide(
                    response, meeting: meeting, series: series, person: person, now: now, standing: standing[meetingID], on: connection)
                {
                case .recorded:
                    taken.append(.init(response, actor: personID, actorLabel: "\(ResponseSource.calendar.rawValue):\(person.email)"))
                    standing[meetingID] = response
                    said.append("recorded")
                case .unchanged: said.append("unchanged")
                case .superseded: said.append("superseded")
                case .refused(let why): said.append("not taken: \(why)")
                }
            }
        }
        let summary = Dictionary(grouping: said, by: { $0 }).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
        // An answer that could not be taken (the meeting started, was cancelled, …) is news for a
        // person, the facilitator first: "sorry, can't come" sent after the start must not vanish
        // into the processed folder. Answers taken, unchanged or superseded need nobody.
        let nothingTaken = !said.isEmpty && said.allSatisfy { $0.hasPrefix("not taken") }
        return Applied(
            decision: ReplyDecision(
                outcome: nothingTaken ? .needsPerson : .matched, reason: said.isEmpty ? "no meeting to answer" : summary,
                personID: holder.personID, answers: taken.count),
            answers: taken)
    }

    struct Failure: Error {
        let refused: Bool
        let reason: String
    }

    /// The meetings one event answers for, and the answer; or why it cannot be placed.
    private static func target(
        _ event: CalendarReply, holder: ReplyStore.TokenHolder, person: Person, settings: ReplyMailboxSettings, now: Date,
        on connection: isolated PostgresConnection
    ) throws -> Result<([Meeting], MeetingSeries, ResponseAnswer), Failure> {
        guard let uid = EventUID(event.uid, domain: settings.domain) else {
            return .failure(Failure(refused: false, reason: "the event's UID is not one of Circles' meetings"))
        }
        guard uid.seriesID == holder.seriesID else {
            return .failure(Failure(refused: true, reason: "the token was sent for a meeting of another series"))
        }
        // The single ATTENDEE, case-insensitively; an address nobody in Circles has is the token's
        // person writing from an alias; another person's address is refused.
        let mine = person.email.lowercased()
        let attendee: CalendarReply.Attendee
        if let own = event.attendees.first(where: { $0.email == mine }) {
            attendee = own
        } else {
            guard event.attendees.count == 1, let only = event.attendees.first else {
                return .failure(Failure(refused: false, reason: "the reply names \(event.attendees.count) attendees and none is the token's person"))
            }
            if let other = try PeopleStore.find(email: only.email, on: connection), other.id != person.id {
                return .failure(Failure(refused: true, reason: "the token was sent to another person than the reply's attendee"))
            }
            attendee = only
        }
        guard let answer = ReplyAnswer(partstat: attendee.partstat).flatMap({ ResponseAnswer(rawValue: $0.rawValue) }) else {
            return .failure(Failure(refused: false, reason: "PARTSTAT \(attendee.partstat) is not ACCEPTED, DECLINED or TENTATIVE"))
        }
        let seriesID: ID<MeetingSeries> = try CirclesServices.stored(uid.seriesID)
        guard let series = try SeriesStore.find(id: seriesID, on: connection) else {
            return .failure(Failure(refused: false, reason: "the meeting series the reply names no longer exists"))
        }
        let zone = TimeZone(identifier: series.timeZone) ?? TimeZone(identifier: "UTC") ?? .current
        var recurrence: Date?
        if event.recurrenceID != nil {
            guard let instant = event.recurrenceInstant(floatingZone: zone) else {
                return .failure(Failure(refused: false, reason: "the RECURRENCE-ID's time zone is unknown"))
            }
            recurrence = instant
        }
        switch (uid.originalStart, recurrence) {
        case (let start?, let instant):
            if let instant, instant != start {
                return .failure(Failure(refused: false, reason: "the RECURRENCE-ID is not the meeting the UID names"))
            }
            guard let meeting = try ReplyStore.meeting(seriesID: seriesID, originalStart: start, on: connection) else {
                return .failure(Failure(refused: false, reason: "the meeting the reply names no longer exists"))
            }
            guard meeting.id == holder.meetingID else {
                return .failure(Failure(refused: true, reason: "the token was sent for another meeting"))
            }
            return .success(([meeting], series, answer))
        case (nil, let instant?):
            guard let meeting = try ReplyStore.meeting(seriesID: seriesID, originalStart: instant, on: connection) else {
                return .failure(Failure(refused: false, reason: "no meeting of the series at the RECURRENCE-ID"))
            }
            return .success(([meeting], series, answer))
        case (nil, nil):
            // The whole series: every meeting still to come that the person was invited to (others are refused by the service).
            return .success((try ReplyStore.futureMeetings(seriesID: seriesID, after: now, on: connection), series, answer))
        }
    }

    /// Events without repeats (Google sends the same one inline and as invite.ics).
    static func unique(_ events: [CalendarReply]) -> [CalendarReply] {
        var seen: Set<CalendarReply> = []
        return events.filter { seen.insert($0).inserted }
    }

    /// COMMENT as a response note: one line, no controls, at most 500 code points (as the column
    /// counts them); nil when empty.
    static func note(_ comment: String?) -> String? {
        guard let comment else { return nil }
        let scalars = comment.unicodeScalars.map { scalar -> Character in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : Character(scalar)
        }
        let line = String(scalars).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return line.isEmpty ? nil : line.clipped(toScalars: 500)
    }
}
