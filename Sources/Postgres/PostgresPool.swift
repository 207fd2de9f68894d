import Logging

/// A bounded pool of connections, safe to share between tasks.
///
/// Tasks wait (without blocking a thread) when every connection is in use. A connection
/// whose backend went away is noticed when it is next handed out and replaced, so a dropped
/// connection costs nothing but a reconnect.
public final class PostgresPool: Sendable {
    /// The configuration every connection is opened with.
    public let configuration: PostgresConfiguration
    /// The most connections open at once.
    public let maximumConnections: Int
    /// How long a task waits for a free connection before `PostgresError.Code.poolTimeout`; nil: as long as it takes.
    public let acquisitionTimeout: Duration?
    private let state: PoolState
    private let logger: Logger

    /// Creates a pool; connections are opened lazily, on first use. With `acquisitionTimeout`, a
    /// task that finds every connection lent out waits at most that long (a server answering
    /// people should say "try again" rather than hold them while the database is stuck).
    public init(
        _ configuration: PostgresConfiguration,
        maximumConnections: Int = 4,
        acquisitionTimeout: Duration? = nil,
        logger: Logger = Logger(label: "circles.postgres")
    ) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.maximumConnections = maximumConnections
        self.acquisitionTimeout = acquisitionTimeout
        self.logger = logger
        self.state = PoolState(limit: maximumConnections)
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    ///
    /// `body` runs isolated to the connection, on its own thread, so the queries it makes
    /// are plain synchronous calls. Cancelling the task cancels the statement running on the
    /// server (the call then throws `CancellationError`), and the connection is closed rather
    /// than reused, so a late cancel request cannot reach someone else's statement.
    public func withConnection<Result: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire()
        do {
            let result = try await withTaskCancellationHandler {
                try await body(connection)
            } onCancel: {
                connection.cancelRunningStatement()
            }
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.withTransaction(body)
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try $0.query(query) }
    }

    /// Runs one statement and returns how many rows it changed.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try $0.execute(query) }
    }

    /// How many connections are open and how many of them are lent out.
    public func usage() async -> (open: Int, inUse: Int) {
        await state.usage()
    }

    /// Closes idle connections and refuses new work; lent connections close when returned.
    public func close() async {
        for connection in await state.close() { await connection.close() }
    }

    private func acquire() async throws -> PostgresConnection {
        while true {
            switch try await state.reserve(timeout: acquisitionTimeout) {
            case .idle(let connection):
                if await connection.isUsable() { return connection }
                logger.info("replacing a PostgreSQL connection that was closed by the server")
                await connection.close()
                await state.discard()
            case .open:
                do {
                    return try await PostgresConnection.connect(configuration, logger: logger)
                } catch {
                    await state.discard()
                    throw error
                }
            }
        }
    }

    private func release(_ connection: PostgresConnection) async {
        if !Task.isCancelled, await connection.isUsable() {
            if let surplus = await state.checkIn(connection) { await surplus.close() }
        } else {
            await connection.close()
            await state.discard()
        }
    }
}

/// The pool's bookkeeping: idle connections, slots and waiting tasks.
private actor PoolState {
    enum Reservation {
        case idle(PostgresConnection)
        case open
    }

    private let limit: Int
    private var idle: [PostgresConnection] = []
    /// Connections that exist or are being opened.
    private var slots = 0
    private var lent = 0
    private var closed = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<Reservation, any Error>)] = []
    private var nextWaiter = 0
    /// The deadline of each waiter that has one, cancelled once it is served.
    private var deadlines: [Int: Task<Void, Never>] = [:]

    init(limit: Int) { self.limit = limit }

    func usage() -> (open: Int, inUse: Int) { (slots, lent) }

    /// An idle connection, or permission to open one, or a wait until either is available.
    func reserve(timeout: Duration?) async throws -> Reservation {
        if closed { throw PostgresError(code: .poolClosed, message: "the PostgreSQL pool has been closed") }
        if let connection = idle.popLast() {
            lent += 1
            return .idle(connection)
        }
        if slots < limit {
            slots += 1
            lent += 1
            return .open
        }
        let id = nextWaiter
        nextWaiter += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                    if let timeout {
                        deadlines[id] = Task {
                            try? await Task.sleep(for: timeout)
                            if !Task.isCancelled { self.expireWaiter(id, after: timeout) }
                        }
                    }
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        deadlines.removeValue(forKey: id)?.cancel()
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func expireWaiter(_ id: Int, after timeout: Duration) {
        deadlines[id] = nil
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(
            throwing: PostgresError(code: .poolTimeout, message: "no PostgreSQL connection was free within \(timeout) (all \(limit) in use)"))
    }

    /// The longest-waiting task, its deadline (if any) called off.
    private func takeFirstWaiter() -> CheckedContinuation<Reservation, any Error> {
        let waiter = waiters.removeFirst()
        deadlines.removeValue(forKey: waiter.id)?.cancel()
        return waiter.continuation
    }

    /// Takes a healthy connection back; returns it if the pool is closed and it should be closed.
    func checkIn(_ connection: PostgresConnection) -> PostgresConnection? {
        lent -= 1
        if closed {
            slots -= 1
            return connection
        }
        if !waiters.isEmpty {
            lent += 1
            takeFirstWaiter().resume(returning: .idle(connection))
        } else {
            idle.append(connection)
        }
        return nil
    }

    /// Gives up a slot whose connection failed or was closed.
    func discard() {
        lent -= 1
        slots -= 1
        if !closed, !waiters.isEmpty {
            slots += 1
            lent += 1
            takeFirstWaiter().resume(returning: .open)
        }
    }

    func close() -> [PostgresConnection] {
        closed = true
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(code: .poolClosed, message: "the PostgreSQL pool has been closed"))
        }
        waiters.removeAll()
        for deadline in deadlines.values { deadline.cancel() }
        deadlines.removeAll()
        let connections = idle
        slots -= idle.count
        idle.removeAll()
        return connections
    }
}
