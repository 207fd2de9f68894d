import CLibPQ
import Foundation

extension PostgresConnection {
    /// Bulk-loads rows with `COPY … FROM STDIN` in text format and returns the row count.
    ///
    /// `statement` is the COPY statement, e.g. `"COPY people (email, display_name) FROM STDIN"`.
    /// `produce` appends rows to the writer, which streams them to the server in 1 MiB chunks. If `produce` throws, the COPY is abandoned
    /// and nothing is loaded.
    @discardableResult
    public func copyFrom(
        _ statement: PostgresQuery,
        rows produce: (inout PostgresCopyWriter) throws -> Void
    ) throws -> Int {
        let handle = try liveHandle()
        let start = PostgresConnection.withBinds(statement.binds) { values in
            PQexecParams(handle, statement.sql, Int32(statement.binds.count), nil, values, nil, nil, 0)
        }
        _ = try PostgresConnection.check(start, on: handle)
        var writer = PostgresCopyWriter(handle: handle)
        do {
            try produce(&writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "aborted by the client")
            PostgresConnection.drainResults(handle)
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw PostgresConnection.lostOrFailed(handle)
        }
        let rows = try PostgresConnection.check(PQgetResult(handle), on: handle)
        PostgresConnection.drainResults(handle)
        return rows.affectedRows
    }

    static func drainResults(_ handle: OpaquePointer) {
        while let result = PQgetResult(handle) { PQclear(result) }
    }
}

/// Appends rows to a COPY in PostgreSQL's text format, escaping tabs, newlines and backslashes.
public struct PostgresCopyWriter {
    private let handle: OpaquePointer
    private var buffer: [UInt8] = []
    private static let chunkSize = 1 << 20

    init(handle: OpaquePointer) {
        self.handle = handle
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one row; its values must match the COPY statement's columns in order.
    public mutating func append<each Value: PostgresEncodable>(_ values: repeat each Value) throws {
        var first = true
        for value in repeat each values {
            if !first { buffer.append(UInt8(ascii: "\t")) }
            first = false
            appendField(value.postgresText)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Appends one row of already-encoded fields (`nil` is NULL).
    public mutating func append(fields: [String?]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            appendField(field)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.chunkSize { try flush() }
    }

    private mutating func appendField(_ text: String?) {
        guard var text else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        text.withUTF8 { bytes in
            // Most fields need no escaping: copy them whole.
            guard bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                buffer.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
                case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
                default: buffer.append(byte)
                }
            }
        }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else {
            throw PostgresError(code: .copyFailed, message: "COPY failed: " + String(cString: PQerrorMessage(handle)).trimmingTrailingWhitespace)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
