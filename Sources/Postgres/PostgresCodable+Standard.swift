import Foundation

extension String: PostgresCodable {
    public var postgresText: String? { self }
    public static func accepts(_ type: PostgresDataType) -> Bool { type != .bytea }
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Bool: PostgresCodable {
    public var postgresText: String? { self ? "t" : "f" }
    public static func accepts(_ type: PostgresDataType) -> Bool { type == .bool }
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Bool {
        switch bytes.first {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw PostgresDecodingFailure("expected t or f")
        }
    }
}

/// Integers share one fast decimal parser.
protocol PostgresInteger: FixedWidthInteger & SignedInteger & PostgresCodable {}

extension PostgresInteger {
    public var postgresText: String? { String(self) }

    public static func accepts(_ type: PostgresDataType) -> Bool {
        type == .int2 || type == .int4 || type == .int8 || type == .oidType
    }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Self {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.endIndex else { throw PostgresDecodingFailure("expected an integer") }
        var value: Self = 0
        while index < bytes.endIndex {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { throw PostgresDecodingFailure("expected an integer") }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative
                ? times10.subtractingReportingOverflow(Self(digit))
                : times10.addingReportingOverflow(Self(digit))
            guard !overflow1, !overflow2 else {
                throw PostgresDecodingFailure("the value does not fit in \(Self.self)")
            }
            value = next
            index += 1
        }
        return value
    }
}

extension Int16: PostgresInteger {}
extension Int32: PostgresInteger {}
extension Int64: PostgresInteger {}
extension Int: PostgresInteger {}

extension Double: PostgresCodable {
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }

    public static func accepts(_ type: PostgresDataType) -> Bool {
        [.float4, .float8, .numeric, .int2, .int4, .int8].contains(type)
    }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Double {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let value = Double(text) else { throw PostgresDecodingFailure("expected a number") }
            return value
        }
    }
}

extension UUID: PostgresCodable {
    public var postgresText: String? { lowercaseText }
    public static func accepts(_ type: PostgresDataType) -> Bool { type == .uuid || type.isTextual }
    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> UUID {
        guard let uuid = UUID(hyphenatedHex: bytes) else {
            throw PostgresDecodingFailure("expected a UUID")
        }
        return uuid
    }
}
