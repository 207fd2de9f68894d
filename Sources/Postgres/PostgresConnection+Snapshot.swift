/// A transaction's snapshot, exported so that other sessions can read exactly what it reads
/// (`pg_export_snapshot()`). Valid while the exporting transaction is open.
public struct PostgresSnapshot: Sendable, Hashable {
    /// The server's identifier, e.g. `00000003-0000001B-1`. Only `exportSnapshot()` makes one,
    /// so it never holds anything but what the server gave.
    public let id: String

    init?(id: String) {
        // Checked all the same, as it is spliced into SET TRANSACTION SNAPSHOT '…'.
        guard !id.isEmpty, id.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit) })
        else { return nil }
        self.id = id
    }
}

extension PostgresConnection {
    /// Runs `body` in a REPEATABLE READ, READ ONLY transaction: every statement in it sees the
    /// database as of one moment. With `snapshot`, that moment is the exporting transaction's,
    /// so several sessions can read one consistent state in parallel. Must be the outermost
    /// transaction (the isolation level is fixed at BEGIN).
    @discardableResult
    public func withReadOnlySnapshot<Result: Sendable>(
        importing snapshot: PostgresSnapshot? = nil, _ body: @Sendable (isolated PostgresConnection) async throws -> Result
    ) async throws -> Result {
        guard transactionDepth == 0 else {
            throw PostgresTransactionError(step: .begin, underlying: PostgresError(code: .server, message: "a snapshot transaction cannot be nested"))
        }
        var begin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
        if let snapshot { begin += "; SET TRANSACTION SNAPSHOT '\(snapshot.id)'" }
        return try await withTransaction(beginning: begin, body)
    }

    /// This transaction's snapshot, for `withReadOnlySnapshot(importing:)` on other sessions.
    public func exportSnapshot() throws -> PostgresSnapshot {
        let id = try query("SELECT pg_export_snapshot()")[0].decode(String.self)
        guard let snapshot = PostgresSnapshot(id: id) else {
            throw PostgresError(code: .decoding, message: "unexpected snapshot identifier from the server")
        }
        return snapshot
    }
}
