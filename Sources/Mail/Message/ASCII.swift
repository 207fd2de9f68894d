/// Byte classes from RFC 5322 and RFC 2045 used when checking and encoding mail text.
enum ASCII {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let crlf: [UInt8] = [cr, lf]
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// A letter or digit.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// RFC 5322 `atext`: what an unquoted local part or atom may contain.
    static func isAtext(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
    }

    /// RFC 2045 `token` characters: printable ASCII other than space and `tspecials`.
    static func isToken(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && !Array("()<>@,;:\\\"/[]?=".utf8).contains(byte)
    }

    /// Printable ASCII, space included.
    static func isPrintable(_ byte: UInt8) -> Bool { (0x20...0x7E).contains(byte) }

    /// The bytes of `text` with every line break (CRLF, lone CR, lone LF) made CRLF, as MIME text requires.
    static func canonicalLines(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        var previousWasCR = false
        for byte in bytes {
            if byte == lf {
                if !previousWasCR { out.append(cr) }
                out.append(lf)
                previousWasCR = false
            } else {
                if previousWasCR { out.append(lf) }
                out.append(byte)
                previousWasCR = byte == cr
            }
        }
        if previousWasCR { out.append(lf) }
        return out
    }

    /// `bytes` split at CRLF, without the separators.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == cr, index + 1 < bytes.count, bytes[index + 1] == lf {
                result.append(bytes[start..<index])
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        result.append(bytes[start..<bytes.count])
        return result
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first,
                haystack[index..<index + needle.count].elementsEqual(needle)
            {
                return true
            }
            index += 1
        }
        return false
    }
}
