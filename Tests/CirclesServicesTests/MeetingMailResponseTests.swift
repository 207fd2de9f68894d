import Foundation
import Mail
import MailComposition
import Testing

/// The answer links and the facilitator's answers so far in meeting mail (issue 13). Pure.
@Suite("meeting mail: answer links and who is coming")
struct MeetingMailResponseTests {
    typealias Base = MeetingMailComposerTests
    static let accept = URL(string: "https://circles.example.org/circles/r/TOKEN?a=accepted")!
    static let decline = URL(string: "https://circles.example.org/circles/r/TOKEN?a=declined")!

    static func content(kind: MeetingMailKind = .meetingReminder, isFacilitator: Bool = false) -> MeetingMailContent {
        var content = Base.content(kind: kind, isFacilitator: isFacilitator)
        content.responseLinks = .init(accept: accept, decline: decline)
        content.answersSoFar = .init(
            lines: [
                .init(name: "Sam Okafor", answer: "coming", note: nil),
                .init(name: "Jo <b>Whitfield</b>", answer: "can't make it", note: "on a home visit\r\nBcc: x"),
            ],
            notAnswered: 2)
        return content
    }

    @Test("invitations and reminders carry both links in the text and the HTML; cancellations carry none")
    func links() throws {
        for kind in [MeetingMailKind.invitation, .meetingReminder] {
            let message = try Base.compose(Self.content(kind: kind))
            #expect(message.textBody.contains("I\u{2019}ll be there: \(Self.accept.absoluteString)"))
            #expect(message.textBody.contains("Sorry, I can\u{2019}t make it: \(Self.decline.absoluteString)"))
            #expect(message.htmlBody?.contains("href=\"https://circles.example.org/circles/r/TOKEN?a=accepted\"") == true)
            #expect(message.htmlBody?.contains(">Sorry, I can\u{2019}t make it</a>") == true)
        }
        let cancelled = try Base.compose(Self.content(kind: .cancellation))
        #expect(!cancelled.textBody.contains("/r/TOKEN"))
        #expect(cancelled.htmlBody?.contains("/r/TOKEN") == false)
    }

    @Test("only the facilitator sees the answers so far, one line each, escaped in HTML and kept on one line")
    func answersForFacilitator() throws {
        let facilitator = try Base.compose(Self.content(isFacilitator: true))
        #expect(facilitator.textBody.contains("""
            Answers so far:
            - Sam Okafor: coming
            - Jo <b>Whitfield</b>: can't make it (on a home visit Bcc: x)
            - 2 not answered yet
            """))
        #expect(facilitator.htmlBody?.contains("Jo &lt;b&gt;Whitfield&lt;/b&gt;") == true)
        let member = try Base.compose(Self.content(isFacilitator: false))
        #expect(!member.textBody.contains("Answers so far"))
        #expect(!member.textBody.contains("home visit"))
    }

    @Test("answer links that are not https are refused")
    func httpsOnly() {
        var content = Self.content()
        content.responseLinks = .init(accept: URL(string: "http://circles.example.org/r/x")!, decline: Self.decline)
        #expect(throws: MeetingMailError.self) { try Base.compose(content) }
    }
}
