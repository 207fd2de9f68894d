/// Settings that cannot be used: every problem found, each naming its key, where the value came
/// from, what was wrong and what is accepted. Never repeats a secret value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One key's problem.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The dotted key, e.g. `worker.batchSize`, or the file for problems of the file as a whole.
        public var key: String
        /// Where the bad value came from, e.g. `CIRCLES_BATCH_SIZE` or `circles.yaml line 12`.
        public var source: String?
        /// What was wrong and what would be accepted.
        public var message: String

        /// A problem with `key`'s value.
        public init(key: String, source: String? = nil, _ message: String) {
            self.key = key
            self.source = source
            self.message = message
        }

        init(key: SettingKey, source: String? = nil, _ message: String) {
            self.init(key: key.name, source: source, message)
        }

        /// `worker.batchSize: 0 is out of range; accepted: … (from CIRCLES_BATCH_SIZE)`
        public var description: String {
            "\(key): \(message)" + (source.map { " (from \($0))" } ?? "")
        }
    }

    /// Every problem, in the catalogue's order.
    public var problems: [Problem]

    /// Settings with `problems`.
    public init(_ problems: [Problem]) { self.problems = problems }

    /// One problem per line; a header when there are several.
    public var description: String {
        if problems.count == 1 { return "invalid configuration: \(problems[0])" }
        return "invalid configuration (\(problems.count) problems):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
