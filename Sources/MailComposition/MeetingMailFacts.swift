import Foundation
import Mail

/// What one meeting email says, worked out once and then written as text, HTML and calendar
/// description: every value single-line, every time in the recipient's zone with the zone named.
struct MeetingMailFacts {
    /// One labelled line such as `When: Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)`.
    struct Row {
        let label: String
        let value: String
        /// A link the value stands for, written as an anchor in HTML.
        let link: URL?
    }

    /// The series title on one line.
    let title: String
    /// `Reminder: …`, `Invitation: …` or `Cancelled: …`.
    let heading: String
    /// The heading with the start in the recipient's zone, e.g. `…, Tue 8 Dec 14:00 GMT`.
    let subject: String
    /// Sentences opening the body.
    let intro: [String]
    /// `Reason: …` (or that none was given), for cancellations.
    let cancellation: String?
    /// When, where, how to join, who facilitates.
    let rows: [Row]
    /// The place on one line, if any.
    let location: String?
    /// For the facilitator: the open follow-ups, one line each; nil for everyone else.
    let followUps: [String]?
    /// Why the recipient gets this email.
    let reason: String
    /// The sentence before the unsubscribe link.
    let stopText: String
    /// The https page that stops these emails.
    let unsubscribeURL: URL
    /// The answer links, for invitations and reminders when circles-web is set up.
    let responseLinks: MeetingMailContent.ResponseLinks?
    /// For the facilitator: one line per answer, then how many have not answered; nil otherwise.
    let answers: [String]?

    /// Works out the facts, refusing unknown zones and links that are not http(s).
    init(_ content: MeetingMailContent) throws(MeetingMailError) {
        let mine = try MeetingTimeFormatter(zoneID: content.recipient.timeZoneID, role: "recipient")
        title = MailText.singleLine(content.seriesTitle)
        switch content.kind {
        case .meetingReminder: heading = "Reminder: \(title)"
        case .invitation: heading = "Invitation: \(title)"
        case .cancellation: heading = content.withdrawn ? "No longer invited: \(title)" : "Cancelled: \(title)"
        }
        subject = "\(heading), \(mine.short(content.start))"

        var rows = [
            Row(label: "When", value: mine.span(from: content.start, to: content.end), link: nil)
        ]
        if content.seriesTimeZoneID != content.recipient.timeZoneID {
            let theirs = try MeetingTimeFormatter(zoneID: content.seriesTimeZoneID, role: "series")
            rows.append(
                Row(
                    label: "Meeting's local time", value: theirs.span(from: content.start, to: content.end),
                    link: nil))
        }
        let place = content.location.map(MailText.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        location = place
        if let place { rows.append(Row(label: "Where", value: place, link: nil)) }
        if let url = content.onlineURL {
            guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
                throw MeetingMailError(.invalidLink, "the online link must be an http or https URL")
            }
            rows.append(Row(label: "Join online", value: url.absoluteString, link: url))
        }
        if content.recipientIsFacilitator {
            rows.append(Row(label: "Facilitator", value: "You", link: nil))
        } else if let facilitator = content.facilitator {
            let name = MailText.singleLine(facilitator.name)
            let email = MailText.singleLine(facilitator.email)
            rows.append(
                Row(label: "Facilitator", value: name.isEmpty ? email : "\(name) (\(email))", link: nil))
        }
        self.rows = rows

        var intro: [String]
        switch content.kind {
        case .meetingReminder:
            intro = ["This is a reminder of your next meeting."]
            cancellation = nil
        case .invitation:
            intro = ["You are invited to this meeting. The attached invitation adds it to your calendar."]
            cancellation = nil
        case .cancellation where content.withdrawn:
            let line = "You are no longer on the invitation list for this meeting."
            intro = [line + " The attached update removes it from your calendar."]
            cancellation = line
        case .cancellation:
            let why = content.cancelReason.map(MailText.singleLine) ?? ""
            let line = why.isEmpty ? "No reason was given." : "Reason: \(why)"
            intro = [
                "This meeting has been cancelled. The attached update removes it from your calendar.", line,
            ]
            cancellation = line
        }
        if content.recipientIsFacilitator && content.kind != .cancellation {
            intro.append("You are facilitating this meeting.")
            followUps = content.openFollowUps.map(Self.line)
        } else {
            followUps = nil
        }
        self.intro = intro

        guard content.unsubscribeURL.scheme?.lowercased() == "https" else {
            throw MeetingMailError(.invalidLink, "the unsubscribe page must be an https URL (RFC 8058)")
        }
        unsubscribeURL = content.unsubscribeURL
        if content.kind != .cancellation, let links = content.responseLinks {
            for url in [links.accept, links.decline] where url.scheme?.lowercased() != "https" {
                throw MeetingMailError(.invalidLink, "the answer links must be https URLs")
            }
            responseLinks = links
        } else {
            responseLinks = nil
        }
        if content.recipientIsFacilitator, content.kind != .cancellation, let summary = content.answersSoFar {
            answers = Self.lines(summary)
        } else {
            answers = nil
        }
        reason = "You get this email because you are a member of \u{201C}\(title)\u{201D} in Circles."
        stopText =
            content.kind == .meetingReminder
            ? "To stop these reminders, unsubscribe:"
            : "To stop emails about these meetings, unsubscribe:"
    }

    /// `Title — Owner, due Friday 18 December 2026`, with whichever parts are known.
    private static func line(_ followUp: MeetingMailContent.FollowUpLine) -> String {
        let owner = followUp.ownerName.map(MailText.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        let due = followUp.dueOn.map(MailText.singleLine).flatMap { $0.isEmpty ? nil : $0 }
            .map { "due " + MeetingTimeFormatter.calendarDate($0) }
        let details = [owner, due].compactMap { $0 }.joined(separator: ", ")
        let title = MailText.singleLine(followUp.title)
        return details.isEmpty ? title : "\(title) — \(details)"
    }

    /// `Sam One: coming`, `Jo: can't make it (on a home visit)`, …, then `2 not answered yet`.
    private static func lines(_ summary: MeetingMailContent.AnswersSoFar) -> [String] {
        let answered = summary.lines.map { line -> String in
            let name = MailText.singleLine(line.name)
            let note = line.note.map(MailText.singleLine).flatMap { $0.isEmpty ? nil : " (\($0))" } ?? ""
            return "\(name): \(MailText.singleLine(line.answer))\(note)"
        }
        let rest = summary.notAnswered == 0 ? [] : ["\(summary.notAnswered) not answered yet"]
        return answered + rest
    }

    /// The answer section as plain lines (a blank line first); empty without links.
    var responseLines: [String] {
        guard let responseLinks else { return [] }
        return [
            "", "Will you come? Answer with one click (you can change it until the meeting starts):",
            "I\u{2019}ll be there: \(responseLinks.accept.absoluteString)",
            "Sorry, I can\u{2019}t make it: \(responseLinks.decline.absoluteString)",
        ]
    }

    /// The facilitator's answers-so-far section as plain lines; empty for everyone else.
    var answerLines: [String] {
        guard let answers else { return [] }
        guard !answers.isEmpty else { return ["", "Answers so far: nobody is invited."] }
        return ["", "Answers so far:"] + answers.map { "- " + $0 }
    }

    /// The calendar event's DESCRIPTION: the reason for a cancellation, the facts and, for the
    /// facilitator, the follow-ups; no footer, never notes.
    var calendarDescription: String {
        let reason = cancellation.map { [$0, ""] } ?? []
        return (reason + rows.map { "\($0.label): \($0.value)" } + followUpLines).joined(
            separator: "\n")
    }

    /// The follow-up section as plain lines, empty when not for the facilitator.
    var followUpLines: [String] {
        guard let followUps else { return [] }
        guard !followUps.isEmpty else { return ["", "No follow-ups are open from the last meeting."] }
        return ["", "Open follow-ups from the last meeting:"] + followUps.map { "- " + $0 }
    }
}
