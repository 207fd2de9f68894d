/// A 4xx or 5xx answer from the server and the step it replied to.
struct SMTPRefusal: Hashable {
    /// The step: `greeting`, `EHLO`, `STARTTLS`, `AUTH`, `MAIL FROM`, `RCPT TO`, `DATA`, `end of message`.
    var stage: String
    /// The answer as the server sent it, such as `550 5.1.1 Mailbox … does not exist`.
    var answer: String
    /// The answer's three-digit code.
    var code: Int
}
