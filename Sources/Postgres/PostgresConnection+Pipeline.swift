import CLibPQ

extension PostgresConnection {
    /// Runs `queries` in one round trip (libpq pipeline mode) and returns their rows in order.
    ///
    /// The server runs them one after the other without waiting for this thread between them.
    /// When one fails the rest are skipped and its error is thrown; inside a transaction that
    /// leaves the transaction failed, as a failed `query` would. The first statement of a
    /// transaction takes its BEGIN along in the same round trip.
    public func pipeline(_ queries: [PostgresQuery]) throws -> [PostgresRows] {
        try runPipelined(queries, committing: false)
    }

    /// Runs `query` as the last statement of the enclosing `withTransaction` and commits the
    /// transaction in the same round trip; returns the number of rows it affected.
    ///
    /// Why: a statement that takes a lock every writer needs (the audit chain's head) holds it
    /// until COMMIT, and COMMIT is sent only once this thread has read the statement's result —
    /// on a machine busy with other threads, milliseconds later. Sent together, the server
    /// commits as soon as the statement is done. `withTransaction` then commits nothing more.
    /// Outside a transaction, or in a nested one (a savepoint), it is a plain `execute`.
    @discardableResult
    public func executeCommitting(_ query: PostgresQuery) throws -> Int {
        try executeCommitting([query])[0]
    }

    /// Runs `queries`, in order, as the last statements of the enclosing `withTransaction` and
    /// commits it, all in one round trip; returns the number of rows each affected. Outside a
    /// transaction, or in a nested one, they run as a `pipeline` (one round trip, no COMMIT).
    @discardableResult
    public func executeCommitting(_ queries: [PostgresQuery]) throws -> [Int] {
        guard !queries.isEmpty else { return [] }
        guard transactionDepth == 1 else { return try pipeline(queries).map(\.affectedRows) }
        let rows = try runPipelined(queries, committing: true)
        committedEarly = true
        return rows.map(\.affectedRows)
    }

    private func runPipelined(_ queries: [PostgresQuery], committing: Bool) throws -> [PostgresRows] {
        let handle = try connectedHandle()
        try Task.checkCancellation()
        // Statements are prepared (one round trip each, once per session) before the pipeline;
        // a prepared statement belongs to the session, so a BEGIN still pending can wait.
        let names = try queries.map { try preparedName(for: $0, on: handle) }
        let begin = pendingBegin
        pendingBegin = nil
        // A connection lost before the BEGIN's own result came back: no transaction began.
        var begun = begin == nil
        func lost() -> any Error {
            let error = Self.lostOrFailed(handle)
            guard !begun else { return error }
            beginFailed = true
            return PostgresTransactionError(step: .begin, underlying: error)
        }
        guard PQenterPipelineMode(handle) == 1 else { throw lost() }
        defer { PQexitPipelineMode(handle) }
        if let begin {
            guard PQsendQueryParams(handle, begin, 0, nil, nil, nil, nil, 0) == 1 else { throw lost() }
        }
        for (query, name) in zip(queries, names) {
            let sent = Self.withBinds(query.binds) { values in
                if let name {
                    PQsendQueryPrepared(handle, name, Int32(query.binds.count), values, nil, nil, 0)
                } else {
                    PQsendQueryParams(handle, query.sql, Int32(query.binds.count), nil, values, nil, nil, 0)
                }
            }
            guard sent == 1 else { throw lost() }
        }
        if committing {
            guard PQsendQueryParams(handle, "COMMIT", 0, nil, nil, nil, nil, 0) == 1 else { throw lost() }
        }
        guard PQpipelineSync(handle) == 1 else { throw lost() }

        // Each statement's result, then the NULL that ends it; skipped ones say PIPELINE_ABORTED.
        var rows: [PostgresRows] = []
        var failure: (any Error)?
        let first = begin == nil ? 0 : -1  // -1: the BEGIN
        for index in first..<(queries.count + (committing ? 1 : 0)) {
            var answered = false
            while let result = PQgetResult(handle) {
                answered = true
                if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                    PQclear(result)
                    continue
                }
                do {
                    let checked = try Self.check(result, on: handle)
                    if index < 0 { begun = true }
                    if index >= 0 && index < queries.count { rows.append(checked) }
                } catch {
                    if failure == nil {
                        if index < 0 { beginFailed = true }
                        failure = switch index {
                        case ..<0: PostgresTransactionError(step: .begin, underlying: error)
                        case ..<queries.count: error
                        default: PostgresTransactionError(step: .commit, underlying: error)
                        }
                    }
                }
            }
            if !answered, PQstatus(handle) != CONNECTION_OK { throw lost() }
        }
        // The sync point closes the pipeline.
        var empty = 0
        while true {
            guard let result = PQgetResult(handle) else {
                empty += 1
                guard PQstatus(handle) == CONNECTION_OK, empty < 3 else { throw failure ?? lost() }
                continue
            }
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if let failure { throw failure }
        return rows
    }
}
