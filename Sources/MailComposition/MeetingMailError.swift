/// A meeting email that cannot be composed: what was wrong and what would be accepted.
///
/// Every case is permanent: composing the same content again fails the same way.
public struct MeetingMailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, extensible without breaking callers that switch on known codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A stable, machine-readable name such as `unknownTimeZone`.
        public let name: String

        /// A recipient or series time zone that is not a known IANA name.
        public static let unknownTimeZone = Code(name: "unknownTimeZone")
        /// An address, header or attachment the Mail module refused.
        public static let invalidMail = Code(name: "invalidMail")
        /// A meeting the ICalendar module refused (e.g. the end not after the start).
        public static let invalidCalendar = Code(name: "invalidCalendar")
        /// A link that is not http(s), or an unsubscribe page that is not https.
        public static let invalidLink = Code(name: "invalidLink")

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
