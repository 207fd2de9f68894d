import Foundation

/// A `json`/`jsonb` value carrying any Codable payload.
public struct PostgresJSON<Value: Codable & Sendable>: Sendable {
    /// The payload.
    public let value: Value
    /// The payload as JSON text, encoded once when the value is made.
    public let json: String

    /// Wraps a payload; throws when it cannot be written as JSON (e.g. a non-finite number).
    public init(_ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.value = value
        self.json = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private init(value: Value, json: String) {
        self.value = value
        self.json = json
    }
}

extension PostgresJSON: Equatable where Value: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}

extension PostgresJSON: PostgresCodable {
    public var postgresText: String? { json }

    public static func accepts(_ type: PostgresDataType) -> Bool {
        type == .json || type == .jsonb || type.isTextual
    }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> Self {
        do {
            let data = Data(buffer: bytes)
            let value = try JSONDecoder().decode(Value.self, from: data)
            return Self(value: value, json: String(decoding: data, as: UTF8.self))
        } catch let error as DecodingError {
            throw PostgresDecodingFailure("the JSON does not match \(Value.self): \(error.shortDescription)")
        }
    }
}

extension DecodingError {
    var shortDescription: String {
        switch self {
        case .keyNotFound(let key, _): "missing key \(key.stringValue)"
        case .typeMismatch(let type, let context): "expected \(type) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .valueNotFound(let type, let context): "missing \(type) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted: "malformed JSON"
        @unknown default: "malformed JSON"
        }
    }
}
