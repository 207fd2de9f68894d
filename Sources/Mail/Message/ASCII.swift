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

    // The classes below are switches rather than `Array("…".utf8).contains`, which made an array
    // on every call: they run for every byte of every address, content type and encoded word.

    /// RFC 5322 `atext`: what an unquoted local part or atom may contain.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
            UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"),
            UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            true
        default:
            isAlphanumeric(byte)
        }
    }

    /// RFC 2045 `token` characters: printable ASCII other than space and `tspecials`.
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "@"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
            UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "?"), UInt8(ascii: "="):
            false
        default:
            (0x21...0x7E).contains(byte)
        }
    }

    /// Printable ASCII, space included.
    static func isPrintable(_ byte: UInt8) -> Bool { (0x20...0x7E).contains(byte) }

    /// The bytes of `text` with every line break (CRLF, lone CR, lone LF) made CRLF, as MIME text requires.
    static func canonicalLines(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(bytes)
        // A calendar part arrives already canonical: copying it through the loop below would be waste.
        if isCanonical(bytes) { return bytes }
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

    /// Whether every CR in `bytes` is followed by LF and every LF preceded by CR.
    static func isCanonical(_ bytes: [UInt8]) -> Bool {
        for index in bytes.indices {
            switch bytes[index] {
            case cr: guard index + 1 < bytes.count, bytes[index + 1] == lf else { return false }
            case lf: guard index > 0, bytes[index - 1] == cr else { return false }
            default: continue
            }
        }
        return true
    }

    /// Appends the scalar's UTF-8; one byte for ASCII without going through a collection.
    static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        if scalar.isASCII {
            out.append(UInt8(truncatingIfNeeded: scalar.value))
        } else {
            out += scalar.utf8
        }
    }

    /// The index of the next CRLF's CR at or after `start`, or `bytes.count` when none follows.
    static func endOfLine(in bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == cr, bytes[index + 1] == lf { return index }
            index += 1
        }
        return bytes.count
    }

    /// The upper-case hexadecimal digit for a value below 16.
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// Whether the bytes `first`, `second` occur together in `text`'s UTF-8, such as `=?` or two spaces.
    ///
    /// A literal byte comparison: Foundation's `contains` on strings goes through NSString and
    /// costs far more, and the texts checked are printable ASCII, where the two agree.
    static func contains(_ text: some StringProtocol, pair first: UInt8, _ second: UInt8) -> Bool {
        var previous: UInt8?
        for byte in text.utf8 {
            if previous == first && byte == second { return true }
            previous = byte
        }
        return false
    }

    /// Whether `needle` occurs anywhere in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        // Only where the first byte matches is the rest compared.
        let first = needle[0]
        for start in haystack.indices.dropLast(needle.count - 1) where haystack[start] == first {
            var matched = 1
            while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        return false
    }
}
