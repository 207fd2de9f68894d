import CirclesServices
import MailComposition

/// The page a pair link opens: the scheme and round, who the person was paired with, what is
/// recorded so far, and a button each for "we met" and "we couldn't" (the one the mail link stood
/// for first). Nothing about anyone outside the pair.
struct PairMeetingPage: Sendable {
    let layout: PageLayout

    /// The outcome a form or link value stands for: `met` true, `missed` false, anything else nil.
    static func outcome(_ value: String) -> Bool? {
        switch value {
        case "met": true
        case "missed": false
        default: nil
        }
    }

    /// The page for `invitation`; `formToken` goes into the form; `saved` after a POST.
    func render(_ invitation: PairMeetingInvitation, formToken: String, suggested: Bool?, saved: Bool) -> HTML {
        let what = invitation.isMentoring ? "mentoring pair" : invitation.partnerNames.count > 1 ? "peer trio" : "peer pair"
        let names = invitation.partnerNames
        let together = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        let title = "Did you meet?"
        let intro: HTML = """
            <h1>\(title)</h1>
            <p>Round \(String(invitation.roundNumber)) of “\(invitation.schemeName)” made you a \(what) with <strong>\(together)</strong>. The round ends on \(MeetingTimeText.day(invitation.endsOn)).</p>
            """
        guard invitation.isOpen else {
            return layout.page(title: title, "\(intro)\n<p class=\"notice\" role=\"status\">This link can no longer be used.</p>")
        }
        return layout.page(title: title, """
            \(intro)
            \(status(invitation.met, saved: saved))
            \(form(suggested: suggested ?? invitation.met, formToken: formToken))
            """)
    }

    func status(_ met: Bool?, saved: Bool) -> HTML {
        guard let met else { return "<p>Once you have met, or if you could not, say so below: it counts as peer support for your team.</p>" }
        let lead = saved ? "Thank you, saved:" : "Recorded so far:"
        return "<p class=\"status\" role=\"status\">\(lead) <strong>\(met ? "you met" : "you could not meet")</strong>.</p>"
    }

    func form(suggested: Bool?, formToken: String) -> HTML {
        let order: [Bool] = suggested == false ? [false, true] : [true, false]
        let buttons = order.map { met -> HTML in
            let primary = met == (suggested ?? true) ? " class=\"primary\"" : ""
            return "<button type=\"submit\" name=\"outcome\" value=\"\(met ? "met" : "missed")\"\(HTML(stringLiteral: primary))>\(met ? "We met" : "We couldn’t meet")</button>"
        }
        return """
            <form method="post">
            <input type="hidden" name="form" value="\(formToken)">
            <div class="buttons">
            \(HTML(joining: buttons, separator: "\n"))
            </div>
            </form>
            <p class="small">Either of you can change this later; your team lead sees it in the round.</p>
            """
    }
}
