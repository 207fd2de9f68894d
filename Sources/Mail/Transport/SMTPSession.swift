import CCurl

/// One libcurl easy handle configured for a server, used for the mails of one batch.
///
/// libcurl keeps the connection open between `curl_easy_perform` calls on the same handle,
/// so consecutive mails share one TCP/TLS connection and one login; after a refused mail
/// libcurl closes it and the next mail opens a new one. Not thread-safe: the transport
/// uses it only on its own serial executor.
final class SMTPSession {
    private let handle: UnsafeMutableRawPointer
    private let exchange = SMTPExchange()
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var closed = false

    /// Why a session could not be set up.
    struct SetupError: Error {
        let reason: String
    }

    init(configuration: SMTPConfiguration) throws(SetupError) {
        guard CurlLibrary.isReady else {
            throw SetupError(
                reason:
                    "libcurl could not initialise: \(CurlLibrary.describe(CurlLibrary.initialization))"
            )
        }
        guard let handle = curl_easy_init() else {
            throw SetupError(reason: "libcurl could not create a handle")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CIRCLES_CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CIRCLES_CURL_ERROR_SIZE))
        do {
            try configure(configuration)
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Ends the session: says `QUIT` on an open connection and frees the handle.
    func close() {
        guard !closed else { return }
        closed = true
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    private func configure(_ configuration: SMTPConfiguration) throws(SetupError) {
        let context = Unmanaged.passUnretained(exchange).toOpaque()
        try set(
            "CURLOPT_URL", circles_curl_setopt_string(handle, CURLOPT_URL, configuration.curlURL))
        try set(
            "CURLOPT_PROTOCOLS_STR",
            circles_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        try set("CURLOPT_UPLOAD", circles_curl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        // Timeouts must not use signals in a threaded process.
        try set("CURLOPT_NOSIGNAL", circles_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try set(
            "CURLOPT_CONNECTTIMEOUT_MS",
            circles_curl_setopt_long(
                handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
        try set(
            "CURLOPT_TIMEOUT_MS",
            circles_curl_setopt_long(
                handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout))
        )
        let useSSL: curl_usessl =
            switch configuration.security {
            case .implicitTLS, .startTLSRequired: CURLUSESSL_ALL
            case .startTLSOpportunistic: CURLUSESSL_TRY
            case .plaintext: CURLUSESSL_NONE
            }
        try set(
            "CURLOPT_USE_SSL",
            circles_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(useSSL.rawValue)))
        if let username = configuration.username, let password = configuration.password {
            try set(
                "CURLOPT_USERNAME", circles_curl_setopt_string(handle, CURLOPT_USERNAME, username))
            try set(
                "CURLOPT_PASSWORD", circles_curl_setopt_string(handle, CURLOPT_PASSWORD, password))
        }
        if let caFile = configuration.caFile {
            try set("CURLOPT_CAINFO", circles_curl_setopt_string(handle, CURLOPT_CAINFO, caFile))
        }
        if !configuration.verifiesCertificate {
            try set(
                "CURLOPT_SSL_VERIFYPEER",
                circles_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0))
            try set(
                "CURLOPT_SSL_VERIFYHOST",
                circles_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0))
        }
        try set(
            "CURLOPT_ERRORBUFFER",
            circles_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try set(
            "CURLOPT_READFUNCTION", circles_curl_setopt_read_function(handle, Self.readCallback))
        try set("CURLOPT_READDATA", circles_curl_setopt_pointer(handle, CURLOPT_READDATA, context))
        // The debug callback is the only place libcurl shows the server's answer text.
        try set(
            "CURLOPT_DEBUGFUNCTION", circles_curl_setopt_debug_function(handle, Self.debugCallback))
        try set(
            "CURLOPT_DEBUGDATA", circles_curl_setopt_pointer(handle, CURLOPT_DEBUGDATA, context))
        try set("CURLOPT_VERBOSE", circles_curl_setopt_long(handle, CURLOPT_VERBOSE, 1))
    }

    private func set(_ option: String, _ code: CURLcode) throws(SetupError) {
        guard code == CURLE_OK else {
            throw SetupError(reason: "libcurl refused \(option): \(CurlLibrary.describe(code))")
        }
    }

    /// Why the server proved unusable during this session, if it did; later mails are not tried.
    private(set) var sessionFailure: String?

    /// Sends one mail over the session's connection (opening it if needed) and says what became of it.
    ///
    /// After a failure of the session itself (see `SMTPFailureClassifier.isSessionFailure`),
    /// later mails fail temporarily without another attempt, so a batch against a dead or
    /// silent server costs one timeout, not one per mail.
    func deliver(_ mail: OutgoingMail) -> DeliveryOutcome {
        if let sessionFailure {
            return .temporaryFailure(
                "not attempted, an earlier mail of the batch found the server unusable: \(sessionFailure)"
            )
        }
        if let problem = EnvelopeAddress.problem(with: mail.sender) {
            return .permanentFailure("invalid sender: \(problem)")
        }
        if mail.recipients.isEmpty {
            return .permanentFailure("invalid recipients: the mail has no envelope recipient")
        }
        for recipient in mail.recipients {
            if let problem = EnvelopeAddress.problem(with: recipient) {
                return .permanentFailure("invalid recipient: \(problem)")
            }
        }

        var recipients: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipients) }
        for recipient in mail.recipients {
            guard let appended = curl_slist_append(recipients, recipient) else {
                return .temporaryFailure("libcurl ran out of memory building the recipient list")
            }
            recipients = appended
        }

        exchange.reset(body: mail.bytes)
        errorBuffer[0] = 0
        defer {
            // The list is freed above; libcurl must not keep pointing at it.
            _ = circles_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            exchange.releaseBody()
        }
        let size = curl_off_t(mail.bytes.count)
        let setup = [
            (
                "CURLOPT_MAIL_FROM",
                circles_curl_setopt_string(handle, CURLOPT_MAIL_FROM, mail.sender)
            ),
            ("CURLOPT_MAIL_RCPT", circles_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)),
            (
                "CURLOPT_INFILESIZE_LARGE",
                circles_curl_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, size)
            ),
        ]
        if let (option, code) = setup.first(where: { $0.1 != CURLE_OK }) {
            return .temporaryFailure("libcurl refused \(option): \(CurlLibrary.describe(code))")
        }

        let code = curl_easy_perform(handle)
        var refusal = exchange.refusal
        if refusal == nil, code != CURLE_OK {
            var responseCode = 0
            _ = circles_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
            if responseCode >= 400 {
                refusal = SMTPRefusal(
                    stage: exchange.stage, answer: "\(responseCode)", code: responseCode)
            }
        }
        let outcome = SMTPFailureClassifier.outcome(
            code: code, refusal: refusal, stage: exchange.stage,
            detail: String(cString: errorBuffer))
        if SMTPFailureClassifier.isSessionFailure(code: code, refusal: refusal) {
            sessionFailure = outcome.reason
        }
        return outcome
    }

    /// The server's answers during the last mail, for debug logs (never our commands, which may hold credentials).
    var lastAnswers: [String] { exchange.answers }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    private static let readCallback: circles_curl_read_callback = { buffer, size, count, userdata in
        guard let buffer, let userdata else { return 0 }
        let exchange = Unmanaged<SMTPExchange>.fromOpaque(userdata).takeUnretainedValue()
        return exchange.read(
            into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
    }

    private static let debugCallback: circles_curl_debug_callback = {
        _, type, data, size, userdata in
        guard let data, let userdata else { return 0 }
        let exchange = Unmanaged<SMTPExchange>.fromOpaque(userdata).takeUnretainedValue()
        exchange.record(type, UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }
}
