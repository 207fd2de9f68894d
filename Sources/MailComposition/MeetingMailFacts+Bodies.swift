import Foundation
import Mail

extension MeetingMailFacts {
    /// The plain-text body: heading, intro, labelled facts, follow-ups, then the footer.
    var text: String {
        var lines = [heading, ""] + intro + [""] + rows.map { "\($0.label): \($0.value)" }
        lines += responseLines
        lines += followUpLines
        lines += answerLines
        lines += ["", "--", reason, stopText, unsubscribeURL.absoluteString]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The HTML body: the same content as the text, escaped, with no scripts, styles sheets,
    /// images or other external resources; facts in a table with row headers for screen readers.
    var html: String {
        let e = HTMLEscaping.escape
        var out = MailHTMLPage.opening(heading: heading)
        out += intro.map { "<p>\(e($0))</p>" }
        out.append("<table>")
        for row in rows {
            let value =
                row.link.map { "<a href=\"\(e($0.absoluteString))\">\(e(row.value))</a>" } ?? e(row.value)
            out.append("<tr><th scope=\"row\" align=\"left\">\(e(row.label))</th><td>\(value)</td></tr>")
        }
        out.append("</table>")
        if let responseLinks {
            out.append("<p>Will you come? Answer with one click (you can change it until the meeting starts):</p>")
            out.append(
                "<p><a href=\"\(e(responseLinks.accept.absoluteString))\">I\u{2019}ll be there</a>"
                    + " &nbsp;|&nbsp; <a href=\"\(e(responseLinks.decline.absoluteString))\">Sorry, I can\u{2019}t make it</a></p>")
        }
        if let followUps {
            if followUps.isEmpty {
                out.append("<p>No follow-ups are open from the last meeting.</p>")
            } else {
                out.append("<h2>Open follow-ups from the last meeting</h2>")
                out.append("<ul>")
                out += followUps.map { "<li>\(e($0))</li>" }
                out.append("</ul>")
            }
        }
        if let answers {
            out.append("<h2>Answers so far</h2>")
            out.append(answers.isEmpty ? "<p>Nobody is invited.</p>" : "<ul>" + answers.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        }
        out += MailHTMLPage.closing(reason: reason, stopText: stopText, unsubscribeURL: unsubscribeURL)
        return out.joined(separator: "\n") + "\n"
    }
}
