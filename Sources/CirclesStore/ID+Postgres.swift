import CirclesDomain
import Foundation
import Postgres

/// Ids bind as `uuid` parameters and read from `uuid` (or text) columns: the domain stays free of
/// PostgreSQL, and a store function that takes an `ID` cannot be handed a text that binds NULL.
extension ID: PostgresEncodable {
    public var postgresText: String? { description }
}

extension ID: PostgresDecodable {
    public static func accepts(_ type: PostgresDataType) -> Bool { UUID.accepts(type) }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> ID {
        ID(try UUID.decode(postgresText: bytes, type: type))
    }
}

extension ID {
    /// An id an entity carries as text because it was read from a `uuid` column (entities still
    /// hold their ids as strings). Anything else is a defect, reported as a decoding failure rather
    /// than bound as NULL.
    public init(stored text: String) throws {
        guard let id = ID(text) else {
            throw PostgresError(code: .decoding, message: "a stored \(Entity.self) id is not a UUID")
        }
        self = id
    }
}
