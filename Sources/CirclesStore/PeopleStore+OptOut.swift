import CirclesDomain
import Postgres

extension PeopleStore {
    /// Stops reminder mail to the person (their `email_opt_out`); true when this changed it.
    @discardableResult
    public static func optOut(id: ID<Person>, on connection: isolated PostgresConnection) throws -> Bool {
        try connection.execute("UPDATE people SET email_opt_out = true WHERE id = \(id) AND NOT email_opt_out") == 1
    }
}
