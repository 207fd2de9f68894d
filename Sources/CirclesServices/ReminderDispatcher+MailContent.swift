import CirclesDomain
import CirclesStore
import Foundation
import LinkTokens
import MailComposition

extension ReminderDispatcher.Context {
    /// What a meeting email may show, built from the reminder's context. Nothing here carries
    /// meeting notes: the content type has no place for them.
    /// With `links` (circles-web set up), invitations and reminders carry the recipient's signed answer links.
    public func mailContent(unsubscribeURL: URL, unsubscribeMailto: String? = nil, links: MailLinks? = nil) throws -> MeetingMailContent {
        guard let kind = MeetingMailKind(reminder.kind), let meeting, let series else {
            throw ServiceError(.invalid, "reminder \(reminder.id) (\(reminder.kind.rawValue)) is not about a meeting")
        }
        func person(_ person: Person) -> MeetingMailContent.Person {
            MeetingMailContent.Person(name: person.displayName, email: person.email)
        }
        let isFacilitator = meeting.facilitatorID == recipient.id
        var content = MeetingMailContent(
            idempotencyKey: reminder.idempotencyKey, kind: kind,
            recipient: .init(name: recipient.displayName, email: recipient.email, timeZoneID: recipient.timeZone),
            seriesID: series.id, seriesTitle: series.title, originalStart: meeting.originalStart, start: meeting.startsAt,
            end: meeting.endsAt, seriesTimeZoneID: series.timeZone, sequence: meeting.sequence, cancelReason: meeting.cancelReason,
            location: series.location, onlineURL: series.onlineURL.flatMap(URL.init(string:)), facilitator: facilitator.map(person),
            recipientIsFacilitator: isFacilitator,
            openFollowUps: isFacilitator ? openFollowUps.map { .init(title: $0.title, dueOn: $0.dueOn) } : [],
            organizer: person(organizer ?? recipient), attendees: invitees.map(person),
            unsubscribeURL: unsubscribeURL, unsubscribeMailto: unsubscribeMailto)
        content.withdrawn = kind == .cancellation && meeting.status == .scheduled
        content.replyAddress = replyAddress
        if let links, kind != .cancellation {
            let meetingID: ID<Meeting> = try CirclesServices.stored(meeting.id)
            let personID: ID<Person> = try CirclesServices.stored(recipient.id)
            content.responseLinks = .init(
                accept: links.respond(meeting: meetingID, person: personID, meetingEnds: meeting.endsAt, suggesting: "accepted"),
                decline: links.respond(meeting: meetingID, person: personID, meetingEnds: meeting.endsAt, suggesting: "declined"))
        }
        // Shown once people can answer (links in mail) or have (calendar replies).
        if isFacilitator, kind != .cancellation, links != nil || !responses.isEmpty {
            content.answersSoFar = answersSoFar
        }
        return content
    }

    /// The facilitator's view of who is coming: answers first (coming, maybe, can't make it, each by
    /// name), then how many invitees have not answered.
    var answersSoFar: MeetingMailContent.AnswersSoFar {
        let names = Dictionary(invitees.map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        let rank: [ResponseAnswer: Int] = [.accepted: 0, .tentative: 1, .declined: 2]
        let lines = responses.compactMap { response -> (rank: Int, name: String, line: MeetingMailContent.AnswersSoFar.Line)? in
            guard let name = names[response.personID.description] else { return nil }  // no longer invited
            return (rank[response.answer] ?? 3, name, .init(name: name, answer: response.answer.phrase, note: response.note))
        }
        .sorted { ($0.rank, $0.name) < ($1.rank, $1.name) }.map(\.line)
        let answered = Set(responses.map(\.personID.description))
        return .init(lines: lines, notAnswered: invitees.filter { !answered.contains($0.id) }.count)
    }

    /// What a follow-up reminder may show.
    public func followUpMailContent(unsubscribeURL: URL) throws -> FollowUpMailContent {
        guard let followUp, let dueOn = followUp.dueOn,
            reminder.kind == .followUpDue || reminder.kind == .followUpOverdue
        else {
            throw ServiceError(.invalid, "reminder \(reminder.id) (\(reminder.kind.rawValue)) is not about a dated follow-up")
        }
        return FollowUpMailContent(
            idempotencyKey: reminder.idempotencyKey, kind: reminder.kind == .followUpDue ? .dueTomorrow : .overdue,
            recipient: .init(name: recipient.displayName, email: recipient.email, timeZoneID: recipient.timeZone),
            title: followUp.title, dueOn: dueOn, origin: followUpOrigin, unsubscribeURL: unsubscribeURL)
    }

    /// What a weekly digest may show.
    public func digestMailContent(unsubscribeURL: URL) throws -> DigestMailContent {
        guard let digest, reminder.kind == .digest else {
            throw ServiceError(.invalid, "reminder \(reminder.id) (\(reminder.kind.rawValue)) is not a digest")
        }
        func meeting(_ m: TeamDigestFacts.Meeting) -> DigestMailContent.Meeting {
            var listed = DigestMailContent.Meeting(
                title: m.title, start: m.startsAt, end: m.endsAt, facilitatorName: m.facilitatorName, cancelReason: m.cancelReason,
                attended: m.attended, recorded: m.recorded)
            listed.invited = m.invited
            listed.coming = m.coming
            return listed
        }
        return DigestMailContent(
            idempotencyKey: reminder.idempotencyKey,
            recipient: .init(name: recipient.displayName, email: recipient.email, timeZoneID: recipient.timeZone),
            teamName: digest.teamName, upcoming: digest.upcoming.map(meeting), cancelled: digest.cancelled.map(meeting),
            lowAttendance: digest.lowAttendance.map(meeting),
            overdue: digest.overdue.map { .init(title: $0.title, ownerName: $0.ownerName, dueOn: $0.dueOn) },
            unsubscribeURL: unsubscribeURL)
    }

    /// What a pair's introduction may show; with `links` (circles-web set up), the recipient's own
    /// signed "we met" and "we couldn't" links, working until four weeks after the round's last day.
    public func pairIntroductionMailContent(unsubscribeURL: URL, links: MailLinks? = nil) throws -> PairIntroductionMailContent {
        guard let facts = pairIntroduction, reminder.kind == .pairIntroduction else {
            throw ServiceError(.invalid, "reminder \(reminder.id) (\(reminder.kind.rawValue)) is not a pair introduction")
        }
        let me = facts.members.first { $0.id == recipient.id }
        var content = PairIntroductionMailContent(
            idempotencyKey: reminder.idempotencyKey,
            recipient: .init(name: recipient.displayName, email: recipient.email, timeZoneID: recipient.timeZone),
            recipientTeamName: me?.teamName,
            partners: facts.members.filter { $0.id != recipient.id }.map { .init(name: $0.name, email: $0.email, teamName: $0.teamName) },
            schemeName: facts.schemeName, isMentoring: facts.isMentoring, roundNumber: facts.roundNumber,
            suggestedStart: facts.startsAt, endsOn: facts.endsOn, unsubscribeURL: unsubscribeURL)
        if let links {
            let pairID: ID<PairingRound.Group> = try CirclesServices.stored(facts.groupID)
            let personID: ID<Person> = try CirclesServices.stored(recipient.id)
            let roundEnds = try Self.endOfDay(facts.endsOn, zone: facts.timeZone)
            content.metURL = links.pairMeeting(pair: pairID, person: personID, roundEnds: roundEnds, suggesting: "met")
            content.missedURL = links.pairMeeting(pair: pairID, person: personID, roundEnds: roundEnds, suggesting: "missed")
        }
        return content
    }

    /// The instant `day` (`YYYY-MM-DD`) ends in `zone`.
    static func endOfDay(_ day: String, zone: String) throws -> Date {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        guard parts.count == 3, let timeZone = TimeZone(identifier: zone) else {
            throw ServiceError(.invalid, "round end \(day) in \(zone): expected YYYY-MM-DD in a known time zone")
        }
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else {
            throw ServiceError(.invalid, "round end \(day) in \(zone) is not a calendar day")
        }
        return end
    }
}
