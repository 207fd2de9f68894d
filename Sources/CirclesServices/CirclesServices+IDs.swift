import CirclesDomain
import CirclesStore
import Postgres

extension CirclesServices {
    /// How many candidates an ambiguous prefix names.
    static let ambiguousCandidatesShown = 5

    /// The one id of `Entity` that starts with what the person typed. None is "not found"; more
    /// than one is refused, naming the candidates, so a short prefix never picks one at random.
    public func resolve<Entity: StoredEntity>(_ prefix: IDPrefix<Entity>, as actorEmail: String) async throws -> ID<Entity> {
        try await read(as: actorEmail) { connection, _ in try Self.resolve(prefix, on: connection) }
    }

    static func resolve<Entity: StoredEntity>(_ prefix: IDPrefix<Entity>, on connection: isolated PostgresConnection) throws -> ID<Entity> {
        let found = try IDStore.ids(startingWith: prefix, limit: ambiguousCandidatesShown + 1, on: connection)
        guard let first = found.first else {
            throw ServiceError(.notFound, "no \(Entity.noun) has an id starting \(prefix)")
        }
        guard found.count == 1 else {
            let shown = found.prefix(ambiguousCandidatesShown).map(\.description).joined(separator: ", ")
            let more = found.count > ambiguousCandidatesShown ? " and more" : ""
            throw ServiceError(
                .invalid, "the id \(prefix) is ambiguous: \(Entity.noun) ids \(shown)\(more) start with it; give more of the id")
        }
        return first
    }
}

extension CirclesServices {
    /// An id the store read back as text (entities still carry their ids as strings), as its type.
    /// Every such text came from a `uuid` column, so the failure is a store defect, reported as one.
    static func stored<Entity>(_ text: String) throws -> ID<Entity> {
        guard let id = ID<Entity>(text) else {
            throw PostgresError(code: .decoding, message: "a stored \(Entity.self) id is not a UUID")
        }
        return id
    }
}
