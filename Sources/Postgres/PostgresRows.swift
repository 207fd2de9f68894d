/// The rows of a statement's result, fully received, in order.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let result: PostgresResult

    init(result: PostgresResult) { self.result = result }

    public var startIndex: Int { 0 }
    public var endIndex: Int { result.rowCount }
    public subscript(position: Int) -> PostgresRow { PostgresRow(result: result, index: position) }

    /// The result's columns.
    public var columns: [PostgresColumn] { result.columns }

    /// Rows returned, or rows changed by INSERT/UPDATE/DELETE/COPY.
    public var affectedRows: Int { result.affectedRows }

    /// Decodes every row as a tuple of the given types, by column position.
    public func decode<each Value: PostgresDecodable>(_ types: (repeat each Value).Type) throws -> [(repeat each Value)] {
        var decoded: [(repeat each Value)] = []
        decoded.reserveCapacity(count)
        for row in self { decoded.append(try row.decode(types)) }
        return decoded
    }
}

/// One row of a result.
public struct PostgresRow: Sendable {
    let result: PostgresResult
    /// The row's position in its result.
    public let index: Int

    /// Decodes the value at a column position.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, at column: Int) throws -> Value {
        guard column < result.columnCount else {
            throw PostgresError(
                code: .decoding,
                message: "cannot decode column \(column + 1) as \(Value.self): the result has only \(result.columnCount) columns"
            )
        }
        let type = result.columnTypes[column]
        guard Value.accepts(type) else {
            let name = result.columnName(column)
            throw PostgresError(
                code: .decoding,
                message: "cannot decode column \"\(name)\" of type \(type) as \(Value.self)",
                column: name
            )
        }
        do {
            return try Value.decode(result.value(row: index, column: column))
        } catch let failure as PostgresDecodingFailure {
            let name = result.columnName(column)
            throw PostgresError(
                code: .decoding,
                message: "cannot decode column \"\(name)\" of type \(type) as \(Value.self): \(failure.reason)",
                column: name
            )
        }
    }

    /// Decodes the value of the column with this name.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, column name: String) throws -> Value {
        guard let column = (0..<result.columnCount).first(where: { result.columnName($0) == name }) else {
            let names = result.columns.map(\.name).joined(separator: ", ")
            throw PostgresError(
                code: .decoding,
                message: "cannot decode column \"\(name)\" as \(Value.self): the result has no such column (it has \(names))"
            )
        }
        return try decode(type, at: column)
    }

    /// Decodes the row's leading columns as a tuple, by position.
    public func decode<each Value: PostgresDecodable>(_ types: (repeat each Value).Type) throws -> (repeat each Value) {
        var column = 0
        func next<T: PostgresDecodable>(_ type: T.Type) throws -> T {
            defer { column += 1 }
            return try decode(type, at: column)
        }
        return (repeat try next((each Value).self))
    }
}
