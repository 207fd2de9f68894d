import CirclesServices
import CirclesStore
import Postgres
import PostgresTestSupport

/// A migrated private schema with services over it and a first administrator.
struct ServiceFixture {
    let database: TestDatabase
    let pool: PostgresPool
    let services: CirclesServices
    let admin = "admin@example.org"

    static func make() async throws -> ServiceFixture {
        let database = try await TestDatabase.make(prefix: "svc")
        let pool = try database.pool()
        try await Migrator().migrate(pool)
        let services = CirclesServices(pool: pool)
        _ = try await services.addAdministrator(.init(email: "admin@example.org", displayName: "Ada Admin"), as: nil)
        return ServiceFixture(database: database, pool: pool, services: services)
    }

    func tearDown() async throws {
        await pool.close()
        try await database.drop()
    }

    /// The rows of every domain table, to prove a refused request changed nothing.
    func snapshot() async throws -> [String] {
        var lines: [String] = []
        for table in ["people", "administrators", "teams", "team_memberships", "workshops", "action_items", "audit_log"] {
            let rows = try await pool.query(PostgresQuery(unsafeSQL: "SELECT t::text FROM \(table) t ORDER BY t::text"))
            lines += try rows.map { "\(table): " + (try $0.decode(String.self, at: 0)) }
        }
        return lines
    }
}
