import MultipartKit
import NIOCore
import NIOHTTP1

/// The fields of a form body, decoded strictly: at most `maximumFields` fields, every name and
/// value valid UTF-8; the first of a repeated name wins.
struct FormFields: Sendable {
    static let maximumFields = 8
    private var fields: [String: String] = [:]

    /// The fields of an `application/x-www-form-urlencoded` `body` (names and values
    /// percent-decoded, `+` a space), or nil when it is not a well-formed form. Line breaks and
    /// spaces after the last field are ignored: some senders end the body with one.
    init?(_ body: [UInt8]) {
        var count = 0
        let end = body.lastIndex { !(($0 == 0x0D) || ($0 == 0x0A) || ($0 == 0x20) || ($0 == 0x09)) }.map { $0 + 1 } ?? 0
        for pair in body[..<end].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            count += 1
            guard count <= Self.maximumFields else { return nil }
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : []) else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
    }

    /// The fields of a `multipart/form-data` `body` (RFC 7578) split at `boundary`, or nil when
    /// it is not a well-formed form of text fields.
    init?(multipart body: ByteBuffer, boundary: String) {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { return nil }  // RFC 2046 §5.1.1
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var content = ByteBuffer()
        parser.onHeader = { name, value in headers.replaceOrAdd(name: name, value: value) }
        parser.onBody = { more in content.writeBuffer(&more) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: content))
            headers = HTTPHeaders()
            content = ByteBuffer()
        }
        guard (try? parser.execute(body)) != nil, !parts.isEmpty, parts.count <= Self.maximumFields else { return nil }
        for part in parts {
            guard let name = part.name, let value = String(validating: part.body.readableBytesView, as: UTF8.self) else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
    }

    subscript(name: String) -> String? { fields[name] }

    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
