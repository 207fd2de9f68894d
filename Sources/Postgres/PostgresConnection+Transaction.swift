extension PostgresConnection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    /// Nested calls use savepoints, so an inner failure undoes only the inner work.
    ///
    /// A failure in `body` is rethrown as it was; a failure of BEGIN, COMMIT or ROLLBACK
    /// itself is a `PostgresTransactionError` naming that step.
    ///
    /// BEGIN is sent with the body's first statement: in the same round trip when that is a
    /// `pipeline` or `executeCommitting`, just before it otherwise. A body that runs no
    /// statement costs no round trip at all.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        _ body: (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withTransaction(beginning: "BEGIN", body)
    }

    /// `withTransaction`, opened with `begin` (BEGIN with its modes) when it is the outermost.
    func withTransaction<Result: Sendable>(
        beginning begin: String, _ body: (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let depth = transactionDepth
        let savepoint = "circles_savepoint_\(depth)"
        if depth == 0 && begin == "BEGIN" {
            pendingBegin = begin
        } else {
            do {
                try execute(unsafeSQL: depth == 0 ? begin : "SAVEPOINT \(savepoint)")
            } catch {
                throw PostgresTransactionError(step: .begin, underlying: error)
            }
        }
        transactionDepth = depth + 1
        defer {
            transactionDepth = depth
            if depth == 0 { pendingBegin = nil }
        }
        if depth == 0 { (committedEarly, beginFailed) = (false, false) }
        let result: Result
        do {
            result = try await body(self)
        } catch {
            if depth == 0, pendingBegin != nil { throw error }  // nothing was sent: nothing to roll back
            if depth == 0, beginFailed { throw error }  // the BEGIN sent with the first statement failed: no transaction
            if depth == 0, committedEarly {
                committedEarly = false
                throw error  // committed (or ended by a failed COMMIT) already: nothing to roll back
            }
            do {
                try execute(unsafeSQL: depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
            } catch let rollbackError {
                throw PostgresTransactionError(step: .rollback, underlying: rollbackError, bodyError: error)
            }
            throw error
        }
        if depth == 0, committedEarly {
            committedEarly = false
            return result  // the body's last statement committed it (`executeCommitting`)
        }
        if depth == 0, pendingBegin != nil { return result }  // the body ran no statement
        do {
            try execute(unsafeSQL: depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT \(savepoint)")
        } catch {
            throw PostgresTransactionError(step: .commit, underlying: error)
        }
        return result
    }
}
