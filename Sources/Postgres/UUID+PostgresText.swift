import Foundation

/// UUIDs as PostgreSQL writes them (`8-4-4-4-12` lowercase hex), formatted and read in place:
/// every id crosses this boundary, and Foundation's `uuidString` and `UUID(uuidString:)` go
/// through `snprintf` and `sscanf` (a few percent of an answer's CPU by perf).
extension UUID {
    private static let hexDigits = Array("0123456789abcdef".utf8)
    /// Where the four hyphens go in the 36 characters.
    private static func isHyphen(_ index: Int) -> Bool { index == 8 || index == 13 || index == 18 || index == 23 }

    /// The UUID in lowercase `8-4-4-4-12` form.
    var lowercaseText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = Self.hexDigits[Int(byte >> 4)]
                    out[at + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// A UUID from exactly 36 characters of `8-4-4-4-12` hex (either case); nil for anything else.
    init?(hyphenatedHex text: UnsafeBufferPointer<UInt8>) {
        guard text.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let valid = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var next = 0
            var high: UInt8?
            for (index, character) in text.enumerated() {
                if Self.isHyphen(index) {
                    guard character == UInt8(ascii: "-") else { return false }
                    continue
                }
                guard let value = Self.hexValue(character) else { return false }
                if let first = high {
                    out[next] = first << 4 | value
                    next += 1
                    high = nil
                } else {
                    high = value
                }
            }
            return next == 16
        }
        guard valid else { return nil }
        self.init(uuid: bytes)
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
