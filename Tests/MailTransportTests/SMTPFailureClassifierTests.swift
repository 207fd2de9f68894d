import CCurl
import Testing

@testable import Mail

/// Answers the sink cannot easily give: a refused greeting, a 5xx to EHLO, a dropped connection.
@Suite("Classifying SMTP failures")
struct SMTPFailureClassifierTests {
    @Test(
        "a 5xx to MAIL FROM, RCPT TO, DATA or the message is permanent",
        arguments: ["MAIL FROM", "RCPT TO", "DATA", "end of message"])
    func mailAnswersArePermanent(stage: String) {
        let outcome = SMTPFailureClassifier.outcome(
            code: CURLE_SEND_ERROR,
            refusal: SMTPRefusal(
                stage: stage, answer: "553 5.7.1 Sender address rejected", code: 553),
            stage: "QUIT", detail: "")
        #expect(outcome == .permanentFailure("\(stage): 553 5.7.1 Sender address rejected"))
        #expect(
            !SMTPFailureClassifier.isSessionFailure(
                code: CURLE_SEND_ERROR, refusal: SMTPRefusal(stage: stage, answer: "553", code: 553)
            ))
    }

    @Test(
        "a refusal of the session itself is temporary even with a 5xx, and stops the batch",
        arguments: ["greeting", "EHLO", "HELO"])
    func sessionAnswersAreTemporary(stage: String) {
        let refusal = SMTPRefusal(stage: stage, answer: "554 5.7.1 No SMTP service here", code: 554)
        let outcome = SMTPFailureClassifier.outcome(
            code: CURLE_WEIRD_SERVER_REPLY, refusal: refusal, stage: stage, detail: "")
        #expect(outcome == .temporaryFailure("\(stage): 554 5.7.1 No SMTP service here"))
        #expect(
            SMTPFailureClassifier.isSessionFailure(code: CURLE_WEIRD_SERVER_REPLY, refusal: refusal)
        )
    }

    @Test("a 4xx is temporary at any step")
    func fourHundredsAreTemporary() {
        let outcome = SMTPFailureClassifier.outcome(
            code: CURLE_SEND_ERROR,
            refusal: SMTPRefusal(
                stage: "MAIL FROM", answer: "421 4.7.0 Try again later, closing connection",
                code: 421),
            stage: "MAIL FROM",
            detail: "MAIL failed: 421")
        #expect(
            outcome == .temporaryFailure("MAIL FROM: 421 4.7.0 Try again later, closing connection")
        )
    }

    @Test("a connection dropped without an answer is temporary and names the step")
    func droppedConnectionIsTemporary() {
        let outcome = SMTPFailureClassifier.outcome(
            code: CURLE_RECV_ERROR, refusal: nil, stage: "end of message", detail: "Connection died"
        )
        #expect(outcome == .temporaryFailure("Connection died (during end of message)"))
        #expect(!SMTPFailureClassifier.isSessionFailure(code: CURLE_RECV_ERROR, refusal: nil))
    }

    @Test(
        "connection, timeout, TLS and login failures are temporary and stop the batch",
        arguments: [
            CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT,
            CURLE_SSL_CONNECT_ERROR,
            CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED, CURLE_LOGIN_DENIED,
        ])
    func sessionErrorsAreTemporary(code: CURLcode) {
        let outcome = SMTPFailureClassifier.outcome(
            code: code, refusal: nil, stage: "greeting", detail: "")
        guard case .temporaryFailure(let reason) = outcome else {
            Issue.record("expected a temporary failure, got \(outcome)")
            return
        }
        #expect(reason.contains(CurlLibrary.describe(code)))
        #expect(SMTPFailureClassifier.isSessionFailure(code: code, refusal: nil))
    }
}
