/// Enumerations stored as their raw values (a `text` column with a CHECK, say) decode strictly:
/// a value the type does not know throws, naming the value, so a kind or state added by a newer
/// migration is an error an older program reports instead of a default it acts on. Opt in with
/// an empty conformance, `extension ReminderKind: PostgresDecodable {}`, where the type meets the store.
extension PostgresDecodable where Self: RawRepresentable, RawValue: PostgresDecodable {
    public static func accepts(_ type: PostgresDataType) -> Bool { RawValue.accepts(type) }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Self {
        let raw = try RawValue.decode(postgresText: bytes, type: type)
        guard let value = Self(rawValue: raw) else {
            // The raw value of a closed set of codes is no personal data; naming it is the point.
            throw PostgresDecodingFailure("unknown value \"\(raw)\"")
        }
        return value
    }
}

/// …and encode as their raw values.
extension PostgresEncodable where Self: RawRepresentable, RawValue: PostgresEncodable {
    public var postgresText: String? { rawValue.postgresText }
}
