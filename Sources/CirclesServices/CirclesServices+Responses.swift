import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Records a person's own answer to a meeting — from a signed link (`source: .link`) or a
    /// calendar's iTIP REPLY (`source: .calendar`, with its SEQUENCE and DTSTAMP as `ordering`) —
    /// in one audited transaction whose actor is the person.
    ///
    /// The caller has already established who the person is (a verified link token, a matched
    /// reply); this checks everything else: the meeting exists and has not started, was not
    /// cancelled or held; the person is active and invited (or facilitates it). An answer older
    /// than the one held is `superseded`; the same answer and note again is `unchanged`. Only
    /// `recorded` writes anything (the current answer, a history row and an audit record).
    /// Throws for a note that breaks `TextRule.responseNote`, `source: .facilitator` (use
    /// `recordResponse(…, as:)`), or a meeting or person that does not exist.
    public func recordResponse(
        meeting meetingID: ID<Meeting>, person personID: ID<Person>, answer: ResponseAnswer, note: String?,
        source: ResponseSource, ordering: ResponseOrdering?, at now: Date
    ) async throws -> ResponseOutcome {
        guard source != .facilitator else {
            throw ServiceError(.invalid, "an answer recorded by a facilitator names who recorded it: use recordResponse(…, as:)")
        }
        let note = try TextRule.responseNote.check(optional: note)
        return try await pool.withTransaction { connection in
            guard let person = try PeopleStore.find(id: personID, on: connection) else {
                throw ServiceError(.notFound, "no person with id \(personID)")
            }
            guard person.active else { return .refused(.personInactive) }
            try Self.setAuditContext(
                actorID: person.id, actorEmail: "\(source.rawValue):\(person.email)", action: "meeting.respond", on: connection)
            let response = MeetingResponse(
                meetingID: meetingID, personID: personID, answer: answer, note: note, source: source, answeredAt: ordering?.timestamp ?? now,
                ordering: ordering)
            return try Self.record(response, now: now, on: connection)
        }
    }

    /// Records an answer on someone's behalf ("she phoned to say she can't come"): administrators,
    /// the team's leads and the meeting's facilitator, audited as them. The same rules as
    /// `recordResponse(meeting:person:answer:note:source:ordering:at:)` apply, without ordering.
    public func recordResponse(
        meeting meetingID: ID<Meeting>, personEmail: String, answer: ResponseAnswer, note: String?, at now: Date,
        as actorEmail: String
    ) async throws -> ResponseOutcome {
        let note = try TextRule.responseNote.check(optional: note)
        let email = try EmailAddress(personEmail).value
        return try await perform(as: actorEmail, action: "meeting.respond") { connection, actor in
            let (meeting, _, team) = try Self.meetingContext(meetingID, on: connection)
            try AccessPolicy.authorize(actor, .recordMeeting(teamID: team.id, teamName: team.name, facilitatorID: meeting.facilitatorID))
            guard let person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
            guard person.active else { return .refused(.personInactive) }
            let response = MeetingResponse(
                meetingID: meetingID, personID: try Self.stored(person.id), answer: answer, note: note, source: .facilitator,
                answeredAt: now, ordering: nil)
            return try Self.record(response, now: now, on: connection)
        }
    }

    /// The current answers to a meeting. Administrators, the team's leads and members.
    public func responses(meeting meetingID: ID<Meeting>, as actorEmail: String) async throws -> [MeetingResponse] {
        try await read(as: actorEmail) { connection, actor in
            let (_, _, team) = try Self.meetingContext(meetingID, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "answers to meetings")))
            return try ResponseStore.list(meeting: meetingID, on: connection)
        }
    }

    /// What a response page shows the person a verified link names; changes nothing (a read-only
    /// transaction), so mail scanners that open every link cannot answer for anyone.
    public func responseInvitation(meeting meetingID: ID<Meeting>, person personID: ID<Person>, now: Date) async throws -> ResponseInvitation {
        try await pool.withConnection { connection in try await connection.withReadOnlySnapshot { connection in
            let (meeting, series, _) = try Self.meetingContext(meetingID, on: connection)
            guard let person = try PeopleStore.find(id: personID, on: connection) else {
                throw ServiceError(.notFound, "no person with id \(personID)")
            }
            let refusal = try Self.refusal(meeting: meeting, series: series, person: person, now: now, on: connection)
            return ResponseInvitation(
                meetingID: meetingID, personID: personID, personName: person.displayName, personTimeZone: person.timeZone,
                title: series.title, start: meeting.startsAt, end: meeting.endsAt, seriesTimeZone: series.timeZone,
                location: series.location, state: refusal.map { .closed($0) } ?? .open,
                current: try ResponseStore.find(meeting: meetingID, person: personID, on: connection))
        } }
    }

    /// The one place the rules are applied, inside the caller's audited transaction.
    static func record(_ offered: MeetingResponse, now: Date, on connection: isolated PostgresConnection) throws -> ResponseOutcome {
        let (meeting, series, _) = try meetingContext(offered.meetingID, on: connection)
        guard let person = try PeopleStore.find(id: offered.personID, on: connection) else {
            throw ServiceError(.notFound, "no person with id \(offered.personID)")
        }
        return try record(offered, meeting: meeting, series: series, person: person, now: now, on: connection)
    }

    /// `record(_:now:on:)` with the meeting, its series and the person already read in this
    /// transaction (the reply reader has them, and saves four statements a message).
    static func record(
        _ offered: MeetingResponse, meeting: Meeting, series: MeetingSeries, person: Person, now: Date,
        on connection: isolated PostgresConnection
    ) throws -> ResponseOutcome {
        let outcome = try decide(offered, meeting: meeting, series: series, person: person, now: now, on: connection)
        if case .recorded = outcome { try ResponseStore.save(offered, on: connection) }
        return outcome
    }

    /// What `record` would do with `offered`, without the write: `.recorded` means the caller
    /// saves it later in this transaction (the answer is locked until then). `standing`, when
    /// given, is the answer the caller has already decided for this meeting and person in this
    /// transaction, not yet saved: it stands in for the stored one.
    static func decide(
        _ offered: MeetingResponse, meeting: Meeting, series: MeetingSeries, person: Person, now: Date,
        standing: MeetingResponse? = nil, on connection: isolated PostgresConnection
    ) throws -> ResponseOutcome {
        guard meeting.id.lowercased() == offered.meetingID.description, person.id.lowercased() == offered.personID.description else {
            throw ServiceError(.notFound, "the answer for meeting \(offered.meetingID) was offered with another meeting's or person's details")
        }
        if let refusal = try refusal(meeting: meeting, series: series, person: person, now: now, on: connection) {
            return .refused(refusal)
        }
        let held: MeetingResponse?
        if let standing {
            held = standing  // locked when it was decided
        } else {
            try ResponseStore.lock(meeting: offered.meetingID, person: offered.personID, on: connection)
            held = try ResponseStore.find(meeting: offered.meetingID, person: offered.personID, forUpdate: true, on: connection)
        }
        if let held {
            if isOlder(offered, than: held) { return .superseded(current: held) }
            if held.answer == offered.answer && held.note == offered.note { return .unchanged(held) }
        }
        return .recorded(offered, previous: held)
    }

    /// Whether `offered` (a calendar reply) is older than the answer already held: a lower
    /// SEQUENCE, or the same SEQUENCE and a DTSTAMP not after it; or, against an answer without
    /// ordering (a link or the facilitator), a DTSTAMP before that answer was given.
    static func isOlder(_ offered: MeetingResponse, than held: MeetingResponse) -> Bool {
        guard let incoming = offered.ordering else { return false }  // a person's own click is always the newest word
        if let standing = held.ordering {
            return incoming.sequence < standing.sequence
                || (incoming.sequence == standing.sequence && incoming.timestamp < standing.timestamp)
        }
        return incoming.timestamp < held.answeredAt
    }

    /// Why the meeting no longer takes this person's answer, or nil when it does.
    static func refusal(
        meeting: Meeting, series: MeetingSeries, person: Person, now: Date, on connection: isolated PostgresConnection
    ) throws -> ResponseRefusal? {
        let personID: ID<Person> = try stored(person.id)
        let seriesID: ID<MeetingSeries> = try stored(series.id)
        return try refusal(
            status: meeting.status, startsAt: meeting.startsAt, facilitates: meeting.facilitatorID == person.id, personActive: person.active,
            now: now, isInvited: { try ResponseStore.isInvited(series: seriesID, person: personID, on: connection) })
    }

    /// The rules themselves, over what they look at; `isInvited` is asked only when it decides.
    static func refusal(
        status: OccurrenceStatus, startsAt: Date, facilitates: Bool, personActive: Bool, now: Date, isInvited: () throws -> Bool
    ) rethrows -> ResponseRefusal? {
        guard personActive else { return .personInactive }
        switch status {
        case .cancelled: return .meetingCancelled
        case .held: return .meetingHeld
        case .scheduled: break
        }
        guard now < startsAt else { return .meetingStarted }
        if facilitates { return nil }
        guard try isInvited() else { return .notInvited }
        return nil
    }
}
