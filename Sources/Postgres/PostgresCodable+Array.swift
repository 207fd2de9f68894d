/// Elements that may appear in a one-dimensional PostgreSQL array (`text[]`, `int8[]`, …).
public protocol PostgresArrayElement: PostgresCodable {}

extension String: PostgresArrayElement {}
extension Int64: PostgresArrayElement {}
extension Int32: PostgresArrayElement {}
extension Int: PostgresArrayElement {}

/// Arrays in the text format `{"a","b"}`: every element quoted, `"` and `\` escaped.
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public var postgresText: String? {
        // Built as bytes: ids and numbers, the usual elements, need no escape and are copied whole.
        var text: [UInt8] = [UInt8(ascii: "{")]
        text.reserveCapacity(2 + count * 40)
        for (index, element) in enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            guard let elementText = element.postgresText else {
                text.append(contentsOf: "NULL".utf8)
                continue
            }
            text.append(UInt8(ascii: "\""))
            let bytes = elementText.utf8
            if bytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { text.append(UInt8(ascii: "\\")) }
                    text.append(byte)
                }
            } else {
                text.append(contentsOf: bytes)
            }
            text.append(UInt8(ascii: "\""))
        }
        text.append(UInt8(ascii: "}"))
        return String(decoding: text, as: UTF8.self)
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func accepts(_ type: PostgresDataType) -> Bool {
        switch type {
        case .textArray, .varcharArray: Element.accepts(.text)
        case .int8Array: Element.accepts(.int8)
        case .int4Array: Element.accepts(.int4)
        case .int2Array: Element.accepts(.int2)
        case .uuidArray: Element.accepts(.uuid)
        default: type.oid >= 16384
        }
    }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws -> [Element] {
        let elementType: PostgresDataType =
            switch type {
            case .int8Array: .int8
            case .int4Array: .int4
            case .int2Array: .int2
            case .uuidArray: .uuid
            default: .text
            }
        var elements: [Element] = []
        var index = bytes.startIndex
        guard bytes.count >= 2, bytes[index] == UInt8(ascii: "{"), bytes[bytes.endIndex - 1] == UInt8(ascii: "}") else {
            throw PostgresDecodingFailure("expected a one-dimensional array")
        }
        index += 1
        let end = bytes.endIndex - 1
        var scratch: [UInt8] = []
        while index < end {
            scratch.removeAll(keepingCapacity: true)
            var quoted = false
            if bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    if index < end { scratch.append(bytes[index]) }
                    index += 1
                }
                index += 1  // closing quote
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    if bytes[index] == UInt8(ascii: "{") {
                        throw PostgresDecodingFailure("expected a one-dimensional array")
                    }
                    scratch.append(bytes[index])
                    index += 1
                }
            }
            if !quoted, scratch.elementsEqual("NULL".utf8) {
                throw PostgresDecodingFailure("the array contains NULL")
            }
            let element = try scratch.withUnsafeBufferPointer {
                try Element.decode(postgresText: $0, type: elementType)
            }
            elements.append(element)
            if index < end {
                guard bytes[index] == UInt8(ascii: ",") else {
                    throw PostgresDecodingFailure("expected a one-dimensional array")
                }
                index += 1
            }
        }
        return elements
    }
}
