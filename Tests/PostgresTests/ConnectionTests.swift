import Postgres
import PostgresTestSupport
import Testing

@Suite("connecting and configuration")
struct ConnectionTests {
    @Test("a refused connection names the server and the reason, never the password")
    func refusedConnection() async throws {
        let configuration = try PostgresConfiguration("postgres://circles:s3cret-pw@127.0.0.1:1/circles?connect_timeout=2")
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.description == "could not connect to PostgreSQL at 127.0.0.1:1 (connection refused)")
        #expect(configuration.description.contains("s3cret-pw") == false)
    }

    @Test("a malformed URL is refused with what would be accepted")
    func malformedURL() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConfiguration("postgres://user:pw@host:notaport/db?nonsense=1")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("Expected postgres://") == true)
        #expect(error?.description.contains("pw") == false)
    }

    @Test("the statement timeout from the URL is applied to every session")
    func statementTimeout() async throws {
        let url = try TestDatabase.serverURL()
        let separator = url.contains("?") ? "&" : "?"
        let configuration = try PostgresConfiguration(url + separator + "statement_timeout=150ms")
        let connection = try await PostgresConnection.connect(configuration)
        let setting = try await connection.query("SHOW statement_timeout")[0].decode(String.self, at: 0)
        #expect(setting == "150ms")
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT pg_sleep(2)") }
        #expect(error?.sqlState == .queryCanceled)
        await connection.close()
    }

    @Test("the session runs in UTC regardless of the server's time zone")
    func sessionTimeZone() async throws {
        let connection = try await PostgresConnection.connect(try PostgresConfiguration(try TestDatabase.serverURL()))
        #expect(try await connection.query("SHOW TimeZone")[0].decode(String.self, at: 0) == "UTC")
        await connection.close()
    }
}
