import Logging

/// Delivers mail to an SMTP server with libcurl, one connection per batch.
///
/// libcurl's easy interface blocks, so the transport is an actor on a serial executor of
/// its own (a dispatch queue) and never occupies Swift's cooperative pool. Batches on one
/// transport run one after another; make several transports to send in parallel.
/// Connect and whole-mail timeouts come from the configuration.
public actor SMTPTransport: MailTransport {
    /// The server and settings this transport sends to.
    public let configuration: SMTPConfiguration
    /// Where delivery results and the server's answers go, at debug level.
    public let logger: Logger
    private let executor = TransportExecutor(label: "circles.mail.smtp")

    /// Runs the actor, and so every blocking libcurl call, on the transport's own queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Creates a transport; nothing connects until the first `send`.
    public init(
        configuration: SMTPConfiguration, logger: Logger = Logger(label: "circles.mail.smtp")
    ) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Sends the batch over one connection where the server allows it; one outcome per mail, in order.
    ///
    /// A refused mail does not stop the batch. If the task is cancelled, mails not yet
    /// started are returned as temporary failures; the mail in flight finishes or times out.
    public func send(_ batch: [OutgoingMail]) async -> [DeliveryOutcome] {
        guard !batch.isEmpty else { return [] }
        let session: SMTPSession
        do {
            session = try SMTPSession(configuration: configuration)
        } catch {
            logger.error(
                "mail session could not start", metadata: ["mail.error": "\(error.reason)"])
            return batch.map { _ in .temporaryFailure(error.reason) }
        }
        defer { session.close() }
        var outcomes: [DeliveryOutcome] = []
        outcomes.reserveCapacity(batch.count)
        for mail in batch {
            if Task.isCancelled {
                outcomes.append(.temporaryFailure("not attempted: sending was cancelled"))
                continue
            }
            let outcome = session.deliver(mail)
            log(outcome, of: mail, answers: session.lastAnswers)
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func log(_ outcome: DeliveryOutcome, of mail: OutgoingMail, answers: [String]) {
        var metadata: Logger.Metadata = [
            "mail.id": "\(mail.id)",
            "smtp.server": "\(configuration.hostForURL):\(configuration.port)",
        ]
        switch outcome {
        case .delivered:
            metadata["smtp.answer"] = answers.last.map { "\($0)" }
            logger.debug("mail delivered", metadata: metadata)
        case .temporaryFailure(let reason):
            metadata["mail.reason"] = "\(reason)"
            logger.debug("mail delivery failed temporarily", metadata: metadata)
        case .permanentFailure(let reason):
            metadata["mail.reason"] = "\(reason)"
            logger.debug("mail delivery failed permanently", metadata: metadata)
        }
    }
}
