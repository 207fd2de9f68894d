/// One cell of a result in PostgreSQL's text format, lent to a decoder.
/// The bytes belong to the result and are valid only during the `decode` call.
public struct PostgresValue {
    /// The cell's bytes, or `nil` for SQL NULL.
    public let bytes: UnsafeBufferPointer<UInt8>?
    /// The column's type as the server reported it.
    public let type: PostgresDataType

    init(bytes: UnsafeBufferPointer<UInt8>?, type: PostgresDataType) {
        self.bytes = bytes
        self.type = type
    }

    /// The cell as a Swift string (`nil` for NULL).
    public var string: String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Why a single value could not be decoded; the row adds the column name and types.
public struct PostgresDecodingFailure: Error, Sendable {
    /// A short reason, never containing a free-text value (an unknown enumeration code is named).
    public var reason: String
    /// Creates a failure with a reason.
    public init(_ reason: String) { self.reason = reason }
}
