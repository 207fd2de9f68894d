import Foundation

extension MeetingMailContent {
    /// The two signed links every invitation and reminder carries (https pages on circles-web).
    public struct ResponseLinks: Sendable, Hashable {
        /// "I'll be there".
        public var accept: URL
        /// "Sorry, I can't make it".
        public var decline: URL

        /// Creates the pair.
        public init(accept: URL, decline: URL) {
            self.accept = accept
            self.decline = decline
        }
    }

    /// Who has answered, for the facilitator's reminder.
    public struct AnswersSoFar: Sendable, Hashable {
        /// One person's answer.
        public struct Line: Sendable, Hashable {
            /// Their name.
            public var name: String
            /// `coming`, `can't make it` or `maybe`.
            public var answer: String
            /// What they added, if anything.
            public var note: String?

            /// Creates a line.
            public init(name: String, answer: String, note: String?) {
                self.name = name
                self.answer = answer
                self.note = note
            }
        }

        /// The answers, in the order to show them.
        public var lines: [Line]
        /// How many of those invited have not answered.
        public var notAnswered: Int

        /// Creates the summary.
        public init(lines: [Line], notAnswered: Int) {
            self.lines = lines
            self.notAnswered = notAnswered
        }
    }
}
