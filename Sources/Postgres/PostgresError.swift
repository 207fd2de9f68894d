/// An error from PostgreSQL or from this layer, safe to print: its `description`
/// never includes bound values, row values or passwords (an enumeration code a row holds that the
/// program does not know is named: it is no personal data, and the point of the error).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The configuration (URL or conninfo) could not be understood.
        public static let invalidConfiguration = Code("invalid configuration")
        /// No connection could be established.
        public static let connectionFailed = Code("connection failed")
        /// The connection was lost while in use.
        public static let connectionLost = Code("connection lost")
        /// The server answered a statement with an error (see `sqlState`).
        public static let server = Code("server error")
        /// A result value could not be decoded into the requested Swift type.
        public static let decoding = Code("decoding failed")
        /// A COPY could not be completed.
        public static let copyFailed = Code("copy failed")
        /// The pool has been shut down.
        public static let poolClosed = Code("pool closed")
        /// No connection of the pool became free within its deadline.
        public static let poolTimeout = Code("pool timeout")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence for a person: what went wrong. Never contains bound values.
    public var message: String
    /// The five-character SQLSTATE, for server errors.
    public var sqlState: SQLState?
    /// The server's DETAIL field. May quote row values, so it is kept out of `description`.
    public var detail: String?
    /// The server's HINT field.
    public var hint: String?
    /// The constraint that was violated, if any.
    public var constraint: String?
    /// The schema of the table involved, if any.
    public var schema: String?
    /// The table involved, if any.
    public var table: String?
    /// The column involved, if any.
    public var column: String?
    /// The host and port (or socket) of a failed connection.
    public var server: String?

    /// Creates an error; library users normally only read errors.
    public init(
        code: Code, message: String, sqlState: SQLState? = nil, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, schema: String? = nil,
        table: String? = nil, column: String? = nil, server: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.schema = schema
        self.table = table
        self.column = column
        self.server = server
    }

    /// Whether the database is out of reach or overloaded rather than refusing this statement: no
    /// connection (or none free in time), a connection lost, the server shutting down or out of
    /// resources, a statement cancelled at its timeout. Worth trying again later; says nothing about the input.
    public var meansUnavailable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .poolClosed, .poolTimeout: return true
        case .server: return ["08", "53", "57"].contains(sqlState?.class ?? "")
        default: return false
        }
    }

    /// The PostgreSQL error behind `error`: itself, or what a transaction's BEGIN, COMMIT or
    /// ROLLBACK failed with (a lost connection usually shows first at the BEGIN sent with the
    /// first statement); nil for any other error.
    public static func underlying(_ error: any Error) -> PostgresError? {
        if let error = error as? PostgresError { return error }
        if let error = error as? PostgresTransactionError { return underlying(error.underlying) }
        return nil
    }

    /// Whether `error`, or the PostgreSQL error behind it, `meansUnavailable`.
    public static func meansUnavailable(_ error: any Error) -> Bool {
        underlying(error)?.meansUnavailable ?? false
    }

    public var description: String {
        switch code {
        case .connectionFailed:
            return "could not connect to PostgreSQL at \(server ?? "the configured server") (\(message))"
        case .server:
            var text = "PostgreSQL error \(sqlState?.code ?? "?????"): \(redactedMessage)"
            if let constraint { text += " (constraint \(constraint))" }
            else if let table { text += " (table \(table))" }
            if let hint { text += ". Hint: \(hint)" }
            return text
        default:
            return message
        }
    }

    /// Data exceptions (class 22) quote the offending input after a colon,
    /// e.g. `invalid input syntax for type integer: "abc"`; that input is a bound value.
    private var redactedMessage: String {
        guard sqlState?.class == "22", let colon = message.range(of: ": \"", options: .backwards) else {
            return message
        }
        return String(message[..<colon.lowerBound])
    }
}

/// A five-character SQLSTATE code, with names for the ones callers branch on.
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    /// The raw code, e.g. `23505`.
    public let code: String
    /// Wraps a raw code.
    public init(_ code: String) { self.code = code }
    /// The two-character class, e.g. `23` for integrity constraint violations.
    public var `class`: Substring { code.prefix(2) }
    public var description: String { code }

    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let notNullViolation = SQLState("23502")
    public static let checkViolation = SQLState("23514")
    public static let exclusionViolation = SQLState("23P01")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let insufficientPrivilege = SQLState("42501")
    public static let undefinedTable = SQLState("42P01")
    public static let raiseException = SQLState("P0001")
    public static let featureNotSupported = SQLState("0A000")
}

/// Thrown by `withTransaction` when BEGIN, COMMIT or ROLLBACK itself fails;
/// a failure inside the body is rethrown unchanged after a successful rollback.
public struct PostgresTransactionError: Error, Sendable, CustomStringConvertible {
    /// The step of the transaction that failed.
    public enum Step: String, Sendable {
        case begin, commit, rollback
    }

    /// Which step failed.
    public var step: Step
    /// Why it failed.
    public var underlying: any Error
    /// The body's error that led to the rollback, when `step` is `.rollback`.
    public var bodyError: (any Error)?

    /// An error for `step`, failed with `underlying` (while undoing `bodyError`).
    public init(step: Step, underlying: any Error, bodyError: (any Error)? = nil) {
        self.step = step
        self.underlying = underlying
        self.bodyError = bodyError
    }

    public var description: String {
        var text = "transaction \(step.rawValue) failed: \(underlying)"
        if let bodyError { text += " (while undoing: \(bodyError))" }
        return text
    }
}
