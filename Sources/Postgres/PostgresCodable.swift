/// A Swift value that can be sent to PostgreSQL as a bound parameter (text format).
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format, or `nil` for SQL NULL.
    var postgresText: String? { get }
}

/// A Swift value that can be read from a result cell in PostgreSQL's text format.
public protocol PostgresDecodable {
    /// Whether a column of this PostgreSQL type may be decoded as `Self`.
    static func accepts(_ type: PostgresDataType) -> Bool
    /// Decodes a non-NULL cell.
    static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Self
    /// Decodes a cell that may be NULL; non-optional types throw on NULL.
    static func decode(_ value: PostgresValue) throws -> Self
}

extension PostgresDecodable {
    public static func decode(_ value: PostgresValue) throws -> Self {
        guard let bytes = value.bytes else {
            throw PostgresDecodingFailure("the value is NULL; decode it as an Optional")
        }
        return try decode(postgresText: bytes, type: value.type)
    }
}

/// Both directions.
public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? {
        switch self {
        case .none: nil
        case .some(let wrapped): wrapped.postgresText
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func accepts(_ type: PostgresDataType) -> Bool { Wrapped.accepts(type) }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Self {
        try Wrapped.decode(postgresText: bytes, type: type)
    }

    public static func decode(_ value: PostgresValue) throws -> Self {
        guard let bytes = value.bytes else { return nil }
        return try Wrapped.decode(postgresText: bytes, type: value.type)
    }
}
