import Foundation

/// A development transport that writes each mail to `<directory>/<id>.eml` instead of sending it.
///
/// Each file appears whole or not at all (written to a temporary name, then renamed), so a
/// tool watching the directory never reads half a message. The bytes are the message as
/// given; the envelope is not recorded. File I/O runs on the sink's own queue.
public actor FileSinkTransport: MailTransport {
    /// The directory the `.eml` files go to; it must exist.
    public let directory: String
    /// The directory as an absolute path ending in `/`, worked out once: building each file's
    /// path through `URL` cost more than writing the file.
    private let pathPrefix: String
    private let executor = TransportExecutor(label: "circles.mail.filesink")

    /// Runs the actor, and so its file writes, on the sink's own queue.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Creates a sink writing into an existing directory.
    public init(directory: String) {
        self.directory = directory
        let absolute = URL(fileURLWithPath: directory, isDirectory: true).path
        pathPrefix = absolute.hasSuffix("/") ? absolute : absolute + "/"
    }

    /// Writes each mail as `<id>.eml`, replacing a file of the same name; one outcome per mail, in order.
    ///
    /// A directory that is missing or cannot be written fails the mail permanently; a full
    /// disk or an I/O error fails it temporarily. An id that is not a plain file name
    /// (letters, digits, `.`, `-`, `_`, not starting with `.`) fails permanently.
    public func send(_ batch: [OutgoingMail]) async -> [DeliveryOutcome] {
        batch.map(write)
    }

    private func write(_ mail: OutgoingMail) -> DeliveryOutcome {
        guard Self.isSafeFileName(mail.id) else {
            return .permanentFailure(
                "the mail id '\(mail.id)' cannot name a file: use letters, digits, '.', '-' and '_', not starting with '.'"
            )
        }
        // The id is a plain file name (checked above), so it needs no escaping in a path.
        let final = pathPrefix + mail.id + ".eml"
        let temporary = pathPrefix + "." + mail.id + ".eml." + UUID().uuidString + ".tmp"

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            return failure(errno, "cannot create a file in \(directory)")
        }
        var written = 0
        let writeError: Int32? = mail.bytes.withUnsafeBytes { bytes in
            while written < bytes.count {
                let result = Foundation.write(
                    descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return nil
        }
        let closeError = close(descriptor) == 0 ? nil : errno
        if let error = writeError ?? closeError {
            unlink(temporary)
            return failure(error, "cannot write \(temporary)")
        }
        guard rename(temporary, final) == 0 else {
            let error = errno
            unlink(temporary)
            return failure(error, "cannot rename the message to \(final)")
        }
        return .delivered
    }

    private func failure(_ error: Int32, _ what: String) -> DeliveryOutcome {
        let reason = "\(what): \(String(cString: strerror(error)))"
        switch error {
        case ENOSPC, EDQUOT, EIO, EAGAIN, EMFILE, ENFILE, ENOMEM:
            return .temporaryFailure(reason)
        default:
            return .permanentFailure(reason)
        }
    }

    static func isSafeFileName(_ id: String) -> Bool {
        guard let first = id.first, first != ".", id.utf8.count <= 200 else { return false }
        return id.allSatisfy {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_")
        }
    }
}
