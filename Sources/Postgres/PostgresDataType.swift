/// A PostgreSQL type, identified by its OID as the server reports it for a result column.
public struct PostgresDataType: Hashable, Sendable, CustomStringConvertible {
    /// The type's OID.
    public let oid: UInt32
    /// Wraps an OID.
    public init(oid: UInt32) { self.oid = oid }

    public static let bool = Self(oid: 16)
    public static let bytea = Self(oid: 17)
    public static let name = Self(oid: 19)
    public static let int8 = Self(oid: 20)
    public static let int2 = Self(oid: 21)
    public static let int4 = Self(oid: 23)
    public static let text = Self(oid: 25)
    public static let oidType = Self(oid: 26)
    public static let json = Self(oid: 114)
    public static let float4 = Self(oid: 700)
    public static let float8 = Self(oid: 701)
    public static let unknown = Self(oid: 705)
    public static let bpchar = Self(oid: 1042)
    public static let varchar = Self(oid: 1043)
    public static let date = Self(oid: 1082)
    public static let time = Self(oid: 1083)
    public static let timestamp = Self(oid: 1114)
    public static let timestamptz = Self(oid: 1184)
    public static let interval = Self(oid: 1186)
    public static let numeric = Self(oid: 1700)
    public static let uuid = Self(oid: 2950)
    public static let jsonb = Self(oid: 3802)
    public static let boolArray = Self(oid: 1000)
    public static let int2Array = Self(oid: 1005)
    public static let int4Array = Self(oid: 1007)
    public static let textArray = Self(oid: 1009)
    public static let varcharArray = Self(oid: 1015)
    public static let int8Array = Self(oid: 1016)
    public static let uuidArray = Self(oid: 2951)

    private static let names: [UInt32: String] = [
        16: "boolean", 17: "bytea", 19: "name", 20: "bigint", 21: "smallint", 23: "integer",
        25: "text", 26: "oid", 114: "json", 700: "real", 701: "double precision", 705: "unknown",
        1042: "character", 1043: "character varying", 1082: "date", 1083: "time",
        1114: "timestamp", 1184: "timestamptz", 1186: "interval", 1700: "numeric", 2950: "uuid",
        3802: "jsonb", 1000: "boolean[]", 1005: "smallint[]", 1007: "integer[]", 1009: "text[]",
        1015: "character varying[]", 1016: "bigint[]", 2951: "uuid[]",
    ]

    public var description: String { Self.names[oid] ?? "type with oid \(oid)" }

    /// Text-like types, and types with OIDs assigned at run time (enums, domains, citext).
    var isTextual: Bool {
        [.text, .varchar, .bpchar, .name, .unknown].contains(self) || oid >= 16384
    }
}
