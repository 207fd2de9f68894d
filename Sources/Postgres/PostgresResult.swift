import CLibPQ

/// Owns a libpq result. A finished PGresult is read-only, so reading it from any thread is safe.
final class PostgresResult: @unchecked Sendable {
    let pointer: OpaquePointer
    let rowCount: Int
    let columnCount: Int
    let columnTypes: [PostgresDataType]

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
        self.rowCount = Int(PQntuples(pointer))
        self.columnCount = Int(PQnfields(pointer))
        self.columnTypes = (0..<Int32(PQnfields(pointer))).map { PostgresDataType(oid: PQftype(pointer, $0)) }
    }

    /// Column names are read only when asked for: most rows are decoded by position.
    var columns: [PostgresColumn] {
        (0..<columnCount).map { PostgresColumn(name: columnName($0), type: columnTypes[$0]) }
    }

    func columnName(_ index: Int) -> String {
        PQfname(pointer, Int32(index)).map { String(cString: $0) } ?? "?column?"
    }

    deinit { PQclear(pointer) }

    var affectedRows: Int {
        guard let text = PQcmdTuples(pointer), text.pointee != 0 else { return rowCount }
        return Int(String(cString: text)) ?? 0
    }

    func value(row: Int, column: Int) -> PostgresValue {
        let type = columnTypes[column]
        if PQgetisnull(pointer, Int32(row), Int32(column)) == 1 {
            return PostgresValue(bytes: nil, type: type)
        }
        let length = Int(PQgetlength(pointer, Int32(row), Int32(column)))
        let start = PQgetvalue(pointer, Int32(row), Int32(column))
        let bytes = start.map { UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: length) }
        return PostgresValue(bytes: bytes ?? UnsafeBufferPointer(start: nil, count: 0), type: type)
    }
}

/// A result column's name and type.
public struct PostgresColumn: Sendable, Hashable {
    /// The column's name (or alias) in the statement.
    public let name: String
    /// The column's type.
    public let type: PostgresDataType
}
