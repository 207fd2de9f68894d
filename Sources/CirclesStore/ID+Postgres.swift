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
