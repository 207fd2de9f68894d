import CLibPQ
import Dispatch
import Foundation
import Logging
import Synchronization

/// One PostgreSQL session.
///
/// libpq calls block, so each connection is an actor with its own serial executor (a
/// dispatch queue) and never runs on Swift's cooperative pool, which has about as many
/// threads as cores. Code that is lent the connection as `isolated` (see
/// `PostgresPool.withConnection`) runs on that queue too, so its queries cost no thread hops.
public actor PostgresConnection {
    private let executor: ConnectionExecutor
    private var handle: LibPQHandle?
    private var statements: [String: String] = [:]
    private var statementCounter = 0
    var transactionDepth = 0
    /// Set when `executeCommitting` has committed the outermost transaction already.
    var committedEarly = false
    /// The outermost transaction's BEGIN, not sent yet: it goes with the first statement.
    var pendingBegin: String?
    /// Set when that BEGIN failed: there is no transaction to roll back.
    var beginFailed = false
    /// Set while a notification stream occupies the connection's thread.
    let listening = Mutex<StopFlag?>(nil)
    /// Where server notices and connection events go.
    public let logger: Logger
    /// Cancels the running statement from another thread (task cancellation, a signal).
    let canceller = StatementCanceller()

    /// How many prepared statements a connection keeps before it stops preparing new ones.
    static let statementCacheLimit = 512

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(logger: Logger) {
        self.logger = logger
        self.executor = ConnectionExecutor()
    }

    /// Opens a session and applies the configuration's session settings.
    public static func connect(
        _ configuration: PostgresConfiguration,
        logger: Logger = Logger(label: "circles.postgres")
    ) async throws -> PostgresConnection {
        let connection = PostgresConnection(logger: logger)
        try await connection.open(configuration)
        return connection
    }

    private func open(_ configuration: PostgresConfiguration) throws {
        let handle = try Self.openHandle(configuration)
        self.handle = handle
        canceller.arm(for: handle.pointer)
        routeNoticesToLogger(handle.pointer)
        let searchPath = configuration.searchPath.map { path in
            path.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ", ")
        }
        // One round trip; every value is a parameter. UTC and ISO make timestamps parseable.
        try query("""
            SELECT set_config('TimeZone', 'UTC', false), set_config('DateStyle', 'ISO, YMD', false),
                   set_config('extra_float_digits', '3', false), set_config('client_encoding', 'UTF8', false),
                   set_config('statement_timeout', coalesce(\(configuration.statementTimeout), current_setting('statement_timeout')), false),
                   set_config('idle_in_transaction_session_timeout',
                              coalesce(\(configuration.idleInTransactionTimeout), current_setting('idle_in_transaction_session_timeout')), false),
                   set_config('search_path', coalesce(\(searchPath), current_setting('search_path')), false)
            """)
        logger.debug("connected to PostgreSQL", metadata: ["postgres.server": "\(configuration)"])
    }

    private static func openHandle(_ configuration: PostgresConfiguration) throws -> LibPQHandle {
        var parameters = configuration.parameters
        if configuration.value(for: "application_name") == nil {
            parameters.append(("application_name", configuration.applicationName))
        }
        if configuration.value(for: "connect_timeout") == nil {
            parameters.append(("connect_timeout", "10"))
        }
        // TCP keepalives and a user timeout, so that a server gone without a word (a host lost, a
        // network cut) is noticed within about a minute rather than the system's two hours (an
        // idle socket) or fifteen minutes (one with a statement unacknowledged).
        for (keyword, value) in [
            ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"), ("tcp_user_timeout", "60000"),
        ]
        where configuration.value(for: keyword) == nil {
            parameters.append((keyword, value))
        }
        let keywords = parameters.map { strdup($0.keyword) }
        let values = parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let handle = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { keywordPointers in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 0)
            }
        }
        guard let handle else {
            throw PostgresError(code: .connectionFailed, message: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let error = connectionError(handle, configuration: configuration)
            PQfinish(handle)
            throw error
        }
        return LibPQHandle(handle)
    }

    private static func connectionError(_ handle: OpaquePointer, configuration: PostgresConfiguration) -> PostgresError {
        let raw = String(cString: PQerrorMessage(handle))
        let host = PQhost(handle).map { String(cString: $0) } ?? configuration.value(for: "host") ?? "localhost"
        let port = PQport(handle).map { String(cString: $0) } ?? configuration.value(for: "port") ?? "5432"
        let server = host.hasPrefix("/") ? "socket \(host)/.s.PGSQL.\(port)" : "\(host):\(port)"
        return PostgresError(code: .connectionFailed, message: summarizeConnectionFailure(raw), server: server)
    }

    /// Sends server notices (`NOTICE: relation … already exists, skipping`) to the logger at
    /// debug level instead of libpq's default, which writes them to standard error.
    private func routeNoticesToLogger(_ handle: OpaquePointer) {
        // safe: the connection owns its handle, so it outlives every callback.
        let context = Unmanaged.passUnretained(self).toOpaque()
        PQsetNoticeProcessor(handle, { context, message in
            guard let context, let message else { return }
            let connection = Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue()
            connection.logger.debug("\(String(cString: message).trimmingTrailingWhitespace)")
        }, context)
    }

    /// Turns libpq's multi-line connection message into a short reason:
    /// `connection to server at "127.0.0.1", port 5432 failed: Connection refused …` → `connection refused`.
    static func summarizeConnectionFailure(_ raw: String) -> String {
        var lines = raw.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        lines.removeAll { $0.isEmpty || $0.hasPrefix("Is the server running") }
        guard var reason = lines.last else { return "unknown reason" }
        if let range = reason.range(of: "failed: ") { reason = String(reason[range.upperBound...]) }
        if reason.hasPrefix("FATAL:  ") { reason = String(reason.dropFirst("FATAL:  ".count)) }
        guard let first = reason.first else { return "unknown reason" }
        return first.lowercased() + reason.dropFirst()
    }

    /// Closes the session; later calls fail with `connectionLost`.
    public func close() {
        canceller.disarm()
        handle = nil
    }

    /// Asks the server to cancel the statement this session is running, if any; callable from
    /// any thread while the session's own thread waits for the result. The statement then fails
    /// (with `CancellationError` when its task was cancelled, else SQLSTATE 57014). The pool does
    /// this when a task holding a connection is cancelled.
    public nonisolated func cancelRunningStatement() {
        canceller.cancel()
    }

    /// Stops a notification stream that occupies the connection, then closes it.
    public nonisolated func stopListeningAndClose() async {
        listening.withLock { $0?.stop() }
        await close()
    }

    /// The live libpq handle, or a `connectionLost` error, with the transaction begun (a
    /// pending BEGIN is sent first): every statement but a pipeline's comes through here.
    func liveHandle() throws -> OpaquePointer {
        let handle = try connectedHandle()
        if let begin = pendingBegin {
            pendingBegin = nil
            do {
                _ = try Self.check(PQexec(handle, begin), on: handle)
            } catch {
                beginFailed = true
                throw PostgresTransactionError(step: .begin, underlying: error)
            }
        }
        return handle
    }

    /// The live libpq handle, or a `connectionLost` error; a pending BEGIN stays pending.
    func connectedHandle() throws -> OpaquePointer {
        guard let handle, PQstatus(handle.pointer) == CONNECTION_OK else {
            throw PostgresError(code: .connectionLost, message: "the connection to PostgreSQL was lost")
        }
        return handle.pointer
    }

    /// Whether the session is still usable, found without a round trip: a backend that was
    /// terminated has already sent its FATAL message and closed the socket.
    public func isUsable() -> Bool {
        guard let handle = handle?.pointer, PQstatus(handle) == CONNECTION_OK else { return false }
        // Read whatever arrived while idle: a FATAL message, then end-of-file on the next read.
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        for _ in 0..<4 where poll(&descriptor, 1, 0) > 0 {
            guard PQconsumeInput(handle) == 1 else { return false }
        }
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    // MARK: - Queries

    /// Runs a statement and returns its rows (empty for commands).
    @discardableResult
    public func query(_ query: PostgresQuery) throws -> PostgresRows {
        try run(query, on: try liveHandle())
    }

    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs one or more statements of raw SQL with no parameters (migrations, scripts).
    /// The caller vouches that the text holds no user input.
    public func execute(unsafeSQL script: String) throws {
        let handle = try liveHandle()
        _ = try Self.check(PQexec(handle, script), on: handle)
    }

    /// Runs a query with a parameter-less prepared statement cache keyed by SQL text, as
    /// drivers do: the server parses and plans each distinct statement once per session.
    private func run(_ query: PostgresQuery, on handle: OpaquePointer) throws -> PostgresRows {
        // A cancelled task starts no new statement (one already running is cancelled by the pool).
        // Transaction control (`execute(unsafeSQL:)`) still runs, so a rollback can follow.
        try Task.checkCancellation()
        let name: String? = try preparedName(for: query, on: handle)
        let result = Self.withBinds(query.binds) { values in
            if let name {
                PQexecPrepared(handle, name, Int32(query.binds.count), values, nil, nil, 0)
            } else {
                PQexecParams(handle, query.sql, Int32(query.binds.count), nil, values, nil, nil, 0)
            }
        }
        do {
            return try Self.check(result, on: handle)
        } catch let error as PostgresError where error.sqlState == .featureNotSupported && name != nil {
            // "cached plan must not change result type": the schema changed under the
            // statement. Forget it and run the statement unprepared once.
            statements.removeValue(forKey: query.sql)
            let retry = Self.withBinds(query.binds) { values in
                PQexecParams(handle, query.sql, Int32(query.binds.count), nil, values, nil, nil, 0)
            }
            return try Self.check(retry, on: handle)
        }
    }

    func preparedName(for query: PostgresQuery, on handle: OpaquePointer) throws -> String? {
        if let name = statements[query.sql] { return name }
        guard statements.count < Self.statementCacheLimit, PQtransactionStatus(handle) != PQTRANS_INERROR else {
            return nil
        }
        statementCounter += 1
        let name = "circles_\(statementCounter)"
        let result = PQprepare(handle, name, query.sql, Int32(query.binds.count), nil)
        _ = try Self.check(result, on: handle)
        statements[query.sql] = name
        return name
    }

    static func withBinds<R>(_ binds: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        if binds.isEmpty { return body(nil) }
        let copies: [UnsafeMutablePointer<CChar>?] = binds.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Turns a libpq result into rows or a typed error.
    static func check(_ result: OpaquePointer?, on handle: OpaquePointer) throws -> PostgresRows {
        guard let result else {
            throw lostOrFailed(handle)
        }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return PostgresRows(result: PostgresResult(result))
        default:
            let error = serverError(result, handle: handle)
            PQclear(result)
            // The statement was cancelled because its task was (see `cancelRunningStatement`).
            if error.sqlState == .queryCanceled, Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    static func lostOrFailed(_ handle: OpaquePointer) -> PostgresError {
        let message = String(cString: PQerrorMessage(handle)).trimmingTrailingWhitespace
        if PQstatus(handle) != CONNECTION_OK {
            return PostgresError(code: .connectionLost, message: "the connection to PostgreSQL was lost: \(message)")
        }
        return PostgresError(code: .server, message: message)
    }

    static func serverError(_ result: OpaquePointer, handle: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        guard let sqlState = field(CIRCLES_PG_DIAG_SQLSTATE) else {
            return lostOrFailed(handle)
        }
        return PostgresError(
            code: PQstatus(handle) == CONNECTION_OK ? .server : .connectionLost,
            message: field(CIRCLES_PG_DIAG_MESSAGE_PRIMARY) ?? "unknown error",
            sqlState: SQLState(sqlState),
            detail: field(CIRCLES_PG_DIAG_MESSAGE_DETAIL),
            hint: field(CIRCLES_PG_DIAG_MESSAGE_HINT),
            constraint: field(CIRCLES_PG_DIAG_CONSTRAINT_NAME),
            schema: field(CIRCLES_PG_DIAG_SCHEMA_NAME),
            table: field(CIRCLES_PG_DIAG_TABLE_NAME),
            column: field(CIRCLES_PG_DIAG_COLUMN_NAME)
        )
    }

    /// Quotes an identifier (a table or channel name) with libpq's own escaping.
    nonisolated func quoteIdentifier(_ name: String, on handle: OpaquePointer) throws -> String {
        guard let quoted = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError(code: .server, message: "invalid identifier")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }
}

/// Owns a libpq connection handle and closes it when released.
final class LibPQHandle: @unchecked Sendable {
    // safe: used only by the connection actor that owns it.
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { PQfinish(pointer) }
}

/// A serial executor on a dispatch queue of its own: blocking libpq calls wait there,
/// not on the cooperative pool.
final class ConnectionExecutor: SerialExecutor {
    private let queue = DispatchQueue(label: "circles.postgres.connection")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
