import Postgres
import PostgresTestSupport

/// Runs `statement` as `role` and returns the SQLSTATE it failed with (nil when it succeeded).
/// The role tests' one probe: raw SQL on purpose, fixed statements written in the tests.
func refusal(_ statement: String, as role: String, in database: TestDatabase) async throws -> SQLState? {
    let connection = try await database.connect()
    var state: SQLState?
    do {
        try await connection.execute(unsafeSQL: "SET ROLE \(role)")
        try await connection.execute(unsafeSQL: statement)
    } catch let error as PostgresError {
        state = error.sqlState
    }
    await connection.close()
    return state
}
