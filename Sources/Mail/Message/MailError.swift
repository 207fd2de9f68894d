/// A message that cannot be composed as asked: what was wrong and what would be accepted.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, extensible without breaking callers that switch on known codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A stable, machine-readable name such as `invalidAddress`.
        public let name: String

        /// An address that is not of the form `local@domain.example`.
        public static let invalidAddress = Code(name: "invalidAddress")
        /// A domain (for a Message-ID or an address) that is not a dotted host name.
        public static let invalidDomain = Code(name: "invalidDomain")
        /// A header name that is malformed or reserved for the renderer.
        public static let invalidHeader = Code(name: "invalidHeader")
        /// A content type that is not `type/subtype` with well-formed parameters.
        public static let invalidMediaType = Code(name: "invalidMediaType")
        /// An attachment without a usable file name.
        public static let invalidAttachment = Code(name: "invalidAttachment")
        /// A message with nobody to send it to.
        public static let noRecipients = Code(name: "noRecipients")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// A sentence for the person reading the log; never contains message bodies.
    public let message: String

    /// Creates an error of one kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, for logs and people.
    public var description: String { message }
}
