/// Why a rule, date-time, time zone or phrase was refused; `description` is written for a person.
public struct RecurrenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, for code that needs to branch on it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The stable name of the code.
        public let name: String
        /// Wraps a code name.
        init(_ name: String) { self.name = name }
        /// The code's name.
        public var description: String { name }

        /// A rule part is missing, repeated, unknown, or its value is not in the accepted form.
        public static let malformedRule = Code("malformedRule")
        /// Rule parts are well formed but combined in a way RFC 5545 forbids.
        public static let invalidCombination = Code("invalidCombination")
        /// A date or date-time is not in the accepted form or does not exist.
        public static let malformedDateTime = Code("malformedDateTime")
        /// The time zone is not a known IANA name.
        public static let unknownTimeZone = Code("unknownTimeZone")
        /// A recurrence set (DTSTART, RRULE, RDATE, EXDATE lines) is not well formed.
        public static let malformedSet = Code("malformedSet")
        /// A plain-language phrase was not understood.
        public static let unrecognisedPhrase = Code("unrecognisedPhrase")
    }

    /// The kind of problem.
    public let code: Code
    /// The rule part or field at fault (`BYDAY`, `DTSTART`), when there is one.
    public let part: String?
    /// A sentence saying what was wrong and what would be accepted.
    public let message: String

    /// An error with its code, the part at fault and the message.
    public init(_ code: Code, part: String? = nil, _ message: String) {
        self.code = code
        self.part = part
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
