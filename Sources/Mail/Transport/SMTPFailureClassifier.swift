import CCurl

/// Turns what libcurl reports about one mail into a `DeliveryOutcome`.
///
/// - A 5xx answer to `MAIL FROM`, `RCPT TO`, `DATA` or the message is permanent: the server
///   refused this mail, and sending it again will be refused again.
/// - A 4xx answer at any step is temporary, as SMTP defines it.
/// - Everything about the session rather than the mail is temporary, even a 5xx: a refused
///   or dropped connection, a timeout, TLS (handshake, certificate, STARTTLS not offered),
///   authentication (535), a 5xx greeting or `EHLO`. These fail every mail alike and are
///   cured by fixing the server or the configuration, so the mail waits and retries within
///   the retry policy's limit, as an MTA defers rather than bounces them.
enum SMTPFailureClassifier {
    /// The steps whose answer is about the mail itself.
    static let mailStages: Set<String> = ["MAIL FROM", "RCPT TO", "DATA", "end of message"]

    /// The steps whose failure says nothing about the mail, only about the server or session.
    static let sessionStages: Set<String> = [
        "greeting", "connection", "EHLO", "HELO", "STARTTLS", "AUTH",
    ]

    private static let connectErrors = [
        CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
    ]

    private static let tlsErrors = [
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
        CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
    ]

    /// Whether a failure shows the server unusable for now, so the batch's later mails need
    /// not try: it refused or dropped the connection, timed out, failed TLS or authentication,
    /// or refused the session before any mail.
    static func isSessionFailure(code: CURLcode, refusal: SMTPRefusal?) -> Bool {
        if code == CURLE_OK { return false }
        if connectErrors.contains(code) || tlsErrors.contains(code) { return true }
        if [CURLE_OPERATION_TIMEDOUT, CURLE_USE_SSL_FAILED, CURLE_LOGIN_DENIED].contains(code) {
            return true
        }
        return refusal.map { sessionStages.contains($0.stage) } ?? false
    }

    /// The outcome of one `curl_easy_perform`.
    /// - Parameters:
    ///   - code: libcurl's result.
    ///   - refusal: the server's first 4xx or 5xx answer during the mail.
    ///   - stage: the last step taken, which a timeout was waiting on.
    ///   - detail: libcurl's error buffer, such as "Failed to connect to … port 25 …".
    static func outcome(
        code: CURLcode, refusal: SMTPRefusal?, stage: String, detail: String
    ) -> DeliveryOutcome {
        if code == CURLE_OK { return .delivered }
        let curlText = detail.isEmpty ? CurlLibrary.describe(code) : detail
        if code == CURLE_OPERATION_TIMEDOUT {
            let waiting =
                stage == "greeting" || stage == "connection"
                ? "the connection or greeting" : "the answer to \(stage)"
            return .temporaryFailure("timed out waiting for \(waiting): \(curlText)")
        }
        if connectErrors.contains(code) {
            return .temporaryFailure("could not connect: \(curlText)")
        }
        if tlsErrors.contains(code) {
            return .temporaryFailure("TLS failed: \(curlText)")
        }
        if code == CURLE_USE_SSL_FAILED {
            let why = refusal?.answer ?? curlText
            return .temporaryFailure(
                "STARTTLS is required but the server did not agree to it: \(why)")
        }
        if code == CURLE_LOGIN_DENIED {
            return .temporaryFailure("authentication failed: \(refusal?.answer ?? curlText)")
        }
        // Otherwise the server said no, or the connection broke: classify by the answer.
        guard let refusal else {
            return .temporaryFailure("\(curlText) (during \(stage))")
        }
        let said = "\(refusal.stage): \(refusal.answer)"
        if refusal.code >= 500, mailStages.contains(refusal.stage) {
            return .permanentFailure(said)
        }
        return .temporaryFailure(said)
    }
}
