extension PostgresConnection {
    /// Runs `body` holding the session-level advisory lock named `key`, waiting until it is free;
    /// releases the lock when `body` returns or throws.
    ///
    /// The lock is per schema (`hashtext(key || current_schema())`), so that runs in separate
    /// schemas — tests, benchmarks — do not wait for one another. A session lock outlives
    /// transactions, so `body` may commit several of its own; it dies with the connection.
    @discardableResult
    public func withAdvisoryLock<Result: Sendable>(
        key: String, _ body: (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        _ = try query("SELECT pg_advisory_lock(hashtext(\(key)::text || current_schema()))")
        return try await holdingAdvisoryLock(key: key, body)
    }

    /// `withAdvisoryLock`, without waiting: nil at once, and `body` not run, when another
    /// session holds the lock.
    public func withAdvisoryLockIfAvailable<Result: Sendable>(
        key: String, _ body: (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result? {
        let locked = try query("SELECT pg_try_advisory_lock(hashtext(\(key)::text || current_schema()))")[0].decode(Bool.self, at: 0)
        guard locked else { return nil }
        return try await holdingAdvisoryLock(key: key, body)
    }

    /// Runs `body` with the lock taken, then releases it: a failed release is reported only when `body` succeeded.
    private func holdingAdvisoryLock<Result: Sendable>(
        key: String, _ body: (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let unlock: PostgresQuery = "SELECT pg_advisory_unlock(hashtext(\(key)::text || current_schema()))"
        let result: Result
        do {
            result = try await body(self)
        } catch {
            _ = try? query(unlock)
            throw error
        }
        _ = try query(unlock)
        return result
    }
}
