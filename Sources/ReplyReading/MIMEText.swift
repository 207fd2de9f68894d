import Foundation

/// Transfer decodings (base64, quoted-printable) and charsets, forgiving where mail clients are
/// sloppy and never unbounded.
enum MIMEText {
    /// Header bytes as text: UTF-8 where valid, else Latin-1 (every byte a character).
    static func decodeHeaderBytes(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// Decodes a body by its Content-Transfer-Encoding; unknown encodings are taken as they are.
    static func decode(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8] {
        switch encoding.lowercased() {
        case "base64": base64(body)
        case "quoted-printable": quotedPrintable(body)
        default: Array(body)
        }
    }

    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// Base64, skipping line breaks and any other character outside the alphabet (as RFC 2045 says
    /// decoders should); stops at padding.
    static func base64(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in body {
            if byte == UInt8(ascii: "=") { break }
            let value = base64Values[Int(byte)]
            if value == 0xFF { continue }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    /// Quoted-printable: `=XX` and soft line breaks; a stray `=` is kept as it is.
    static func quotedPrintable(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            // Soft line break: "=" then optional white space then CRLF or LF.
            var next = index + 1
            while next < body.endIndex, body[next] == 0x20 || body[next] == 0x09 { next += 1 }
            if next < body.endIndex, body[next] == 0x0D, next + 1 < body.endIndex, body[next + 1] == 0x0A {
                index = next + 2
                continue
            }
            if next < body.endIndex, body[next] == 0x0A {
                index = next + 1
                continue
            }
            if index + 2 < body.endIndex, let high = hex(body[index + 1]), let low = hex(body[index + 2]) {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Text in `charset` (UTF-8 when absent); nil for a charset we do not know or bytes that are not in it.
    static func text(_ bytes: [UInt8], charset: String?) -> String? {
        switch (charset ?? "utf-8").lowercased() {
        case "utf-8", "utf8", "us-ascii", "ascii":
            var slice = bytes[...]
            if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            return String(validating: slice, as: UTF8.self)
        case "iso-8859-1", "latin1", "iso8859-1", "l1":
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        case "windows-1252", "cp1252":
            return String(data: Data(bytes), encoding: .windowsCP1252)
        case "utf-16": return String(data: Data(bytes), encoding: .utf16)
        case "utf-16le": return String(data: Data(bytes), encoding: .utf16LittleEndian)
        case "utf-16be": return String(data: Data(bytes), encoding: .utf16BigEndian)
        case "iso-8859-15", "latin-9", "latin9":
            // Latin-1 but for eight positions (€ at A4, Œ œ Š š Ž ž Ÿ).
            let changed: [UInt8: Unicode.Scalar] = [
                0xA4: "\u{20AC}", 0xA6: "\u{160}", 0xA8: "\u{161}", 0xB4: "\u{17D}", 0xB8: "\u{17E}", 0xBC: "\u{152}",
                0xBD: "\u{153}", 0xBE: "\u{178}",
            ]
            return String(String.UnicodeScalarView(bytes.map { changed[$0] ?? Unicode.Scalar($0) }))
        default: return nil
        }
    }
}
