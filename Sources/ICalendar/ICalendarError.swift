/// A calendar message we refuse to build: what was wrong, in which event, and what would be accepted.
public struct ICalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem; extensible without breaking callers that switch on known codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A short stable name for logs and tests.
        public let name: String

        /// An invitation must carry at least one event.
        public static let noEvents = Code(name: "noEvents")
        /// The time zone id is not one Foundation knows.
        public static let unknownTimeZone = Code(name: "unknownTimeZone")
        /// The end is not after the start.
        public static let endNotAfterStart = Code(name: "endNotAfterStart")
        /// SEQUENCE is negative.
        public static let negativeSequence = Code(name: "negativeSequence")
        /// A date lies outside the years 1900–9999.
        public static let dateOutOfRange = Code(name: "dateOutOfRange")
        /// The event's STATUS does not fit the METHOD (REQUEST needs CONFIRMED, CANCEL needs CANCELLED).
        public static let statusDoesNotMatchMethod = Code(name: "statusDoesNotMatchMethod")
        /// Two events share a UID (and RECURRENCE-ID) in one message.
        public static let duplicateEvent = Code(name: "duplicateEvent")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of problem.
    public let code: Code
    /// The UID of the event at fault, when one is.
    public let uid: String?
    /// A sentence saying what was wrong and what would be accepted.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, uid: String? = nil, _ message: String) {
        self.code = code
        self.uid = uid
        self.message = message
    }

    /// The message, prefixed with the event's UID when there is one.
    public var description: String {
        uid.map { "event \($0): \(message)" } ?? message
    }
}
