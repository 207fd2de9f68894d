import CCurl

/// What libcurl's callbacks read and write during one mail: the bytes to upload, and the
/// server's answers as they arrive. One per session, reset before each mail; it outlives
/// the curl handle because the `QUIT` at clean-up still calls the debug callback.
final class SMTPExchange {
    /// The message being uploaded.
    private var body: [UInt8] = []
    private var offset = 0
    /// The lines of a multi-line answer received so far.
    private var pendingLines: [String] = []
    /// The server's last complete answer, such as `550 5.1.1 Mailbox … does not exist`.
    private(set) var lastAnswer: String?
    /// The step the last answer replied to: `greeting`, `EHLO`, `RCPT TO`, `end of message`, ….
    private(set) var stage = "greeting"
    /// Every complete answer of the current mail, for debug logging.
    private(set) var answers: [String] = []
    /// The first answer of the current mail with a 4xx or 5xx code, and the step it replied to.
    /// libcurl stops at the first refusal, but may still say `QUIT` before it returns, so the
    /// last answer is not always the one that decided.
    private(set) var refusal: SMTPRefusal?

    /// Starts a new mail on the same session.
    func reset(body: [UInt8]) {
        self.body = body
        offset = 0
        pendingLines = []
        lastAnswer = nil
        answers = []
        refusal = nil
        // A reused connection is already past its greeting; the next command names the stage.
        stage = "connection"
    }

    /// Forgets the body once libcurl is done with it.
    func releaseBody() {
        body = []
        offset = 0
    }

    /// Copies the next bytes of the message into libcurl's buffer; 0 ends the upload.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, body.count - offset)
        guard count > 0 else { return 0 }
        body[offset..<offset + count].withUnsafeBytes { buffer.copyMemory(from: $0) }
        offset += count
        return count
    }

    /// Takes one chunk of libcurl's protocol trace: server answers, our commands, our data.
    func record(_ type: curl_infotype, _ bytes: UnsafeRawBufferPointer) {
        switch type {
        case CURLINFO_HEADER_IN:
            for line in Self.lines(bytes) { receive(line) }
        case CURLINFO_HEADER_OUT:
            // Only the verb: AUTH arguments and AUTH LOGIN continuation lines carry credentials.
            for line in Self.lines(bytes) {
                if let verb = Self.verb(of: line) { stage = verb }
            }
        case CURLINFO_DATA_OUT:
            stage = "end of message"
        default:
            break
        }
    }

    private func receive(_ line: String) {
        let utf8 = Array(line.utf8)
        let isFinal = utf8.count <= 3 || utf8[3] != UInt8(ascii: "-")
        if pendingLines.isEmpty {
            pendingLines.append(line)
        } else {
            // Continuation lines repeat the code; keep only their text.
            pendingLines.append(String(line.dropFirst(4)))
        }
        if isFinal {
            let answer = pendingLines.joined(separator: " ")
            lastAnswer = answer
            answers.append(answer)
            pendingLines = []
            if refusal == nil, let code = Int(answer.prefix(3)), code >= 400 {
                refusal = SMTPRefusal(stage: stage, answer: answer, code: code)
            }
        }
    }

    private static func lines(_ bytes: UnsafeRawBufferPointer) -> [String] {
        String(decoding: bytes, as: UTF8.self)
            .split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
            .map(String.init)
            .filter { !$0.isEmpty }
    }

    private static let verbs: [String: String] = [
        "EHLO": "EHLO", "HELO": "HELO", "STARTTLS": "STARTTLS", "AUTH": "AUTH", "MAIL": "MAIL FROM",
        "RCPT": "RCPT TO", "DATA": "DATA", "RSET": "RSET", "QUIT": "QUIT", "NOOP": "NOOP",
    ]

    private static func verb(of line: String) -> String? {
        let word = line.prefix { $0 != " " && $0 != ":" }.uppercased()
        return verbs[word]
    }
}
