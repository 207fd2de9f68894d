import CirclesDomain
import CirclesServices
import MailComposition

/// The page a response link opens: the one meeting (title, time in the person's zone, place),
/// their answer so far, and a button per answer — or, once the meeting has started, why nothing
/// can change. Nothing about anyone else.
struct ResponsePage: Sendable {
    let layout: PageLayout

    /// The page for `invitation`; `formToken` goes into the form; `suggested` is the answer the
    /// mail link stood for (its button comes first and stands out); `saved` after a POST.
    func render(_ invitation: ResponseInvitation, formToken: String, suggested: ResponseAnswer?, saved: Bool) -> HTML {
        let when = (try? MeetingTimeText.span(from: invitation.start, to: invitation.end, zoneID: invitation.personTimeZone))
            ?? (try? MeetingTimeText.span(from: invitation.start, to: invitation.end, zoneID: invitation.seriesTimeZone))
            ?? ""
        let place: HTML? = invitation.location.map { "<p>Where: \($0)</p>" }
        var body: HTML = """
            <h1>\(invitation.title)</h1>
            <p class="when">\(when)</p>
            \(place)
            """
        switch invitation.state {
        case .open:
            body = "\(body)\n\(status(invitation.current, saved: saved))\n\(form(invitation, formToken: formToken, suggested: suggested))"
        case .closed(let reason):
            body = "\(body)\n\(closed(reason, current: invitation.current))"
        }
        return layout.page(title: invitation.title, body)
    }

    func status(_ current: MeetingResponse?, saved: Bool) -> HTML {
        guard let current else { return "<p>Will you come? Choose an answer below.</p>" }
        let note: HTML? = current.note.map { " Your note: “\($0)”." }
        let lead = saved ? "Thank you, your answer is saved:" : "Your answer so far:"
        return "<p class=\"status\" role=\"status\">\(lead) <strong>\(Self.words(current.answer))</strong>.\(note)</p>"
    }

    func form(_ invitation: ResponseInvitation, formToken: String, suggested: ResponseAnswer?) -> HTML {
        var order: [ResponseAnswer] = [.accepted, .tentative, .declined]
        if let suggested, let index = order.firstIndex(of: suggested) { order.insert(order.remove(at: index), at: 0) }
        let buttons = order.map { answer -> HTML in
            let primary = answer == (suggested ?? .accepted) ? " class=\"primary\"" : ""
            return "<button type=\"submit\" name=\"answer\" value=\"\(answer.rawValue)\"\(HTML(stringLiteral: primary))>\(Self.button(answer))</button>"
        }
        return """
            <form method="post">
            <input type="hidden" name="form" value="\(formToken)">
            <label for="note">Anything to add? <span class="hint">Optional, up to 500 characters, for example “on a home visit until 2”. Only the organisers see it.</span></label>
            <input type="text" id="note" name="note" maxlength="500" autocomplete="off" value="\(invitation.current?.note ?? "")">
            <div class="buttons">
            \(HTML(joining: buttons, separator: "\n"))
            </div>
            </form>
            <p class="small">You can change your answer until the meeting starts.</p>
            """
    }

    func closed(_ reason: ResponseRefusal, current: MeetingResponse?) -> HTML {
        let sentence: String
        switch reason {
        case .meetingStarted, .meetingHeld: sentence = "This meeting has already started, so answers can no longer be given or changed."
        case .meetingCancelled: sentence = "This meeting has been cancelled, so there is nothing to answer."
        case .notInvited: sentence = "You are no longer invited to this meeting, so there is nothing to answer."
        case .personInactive: sentence = "This link can no longer be used."
        }
        let answer: HTML? = current.map { "<p>Your answer was: <strong>\(Self.words($0.answer))</strong>.</p>" }
        return "<p class=\"notice\" role=\"status\">\(sentence)</p>\n\(answer)"
    }

    static func button(_ answer: ResponseAnswer) -> String {
        switch answer {
        case .accepted: "I’ll be there"
        case .tentative: "Maybe"
        case .declined: "Sorry, I can’t make it"
        }
    }

    static func words(_ answer: ResponseAnswer) -> String {
        switch answer {
        case .accepted: "you’ll be there"
        case .tentative: "maybe"
        case .declined: "you can’t make it"
        }
    }
}
