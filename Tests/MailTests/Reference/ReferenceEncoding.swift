/// Straightforward encoders as the Mail module first wrote them, kept only to check the fast
/// paths against: each favours being obviously right over speed. Not used by any product code.
enum ReferenceEncoding {
    static let crlf: [UInt8] = [0x0D, 0x0A]

    /// `bytes` split at CRLF, without the separators.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
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

    /// Every line break (CRLF, lone CR, lone LF) made CRLF.
    static func canonicalLines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var previousWasCR = false
        for byte in bytes {
            if byte == 0x0A {
                if !previousWasCR { out.append(0x0D) }
                out.append(0x0A)
                previousWasCR = false
            } else {
                if previousWasCR { out.append(0x0A) }
                out.append(byte)
                previousWasCR = byte == 0x0D
            }
        }
        if previousWasCR { out.append(0x0A) }
        return out
    }

    /// Quoted-printable in lines of at most 76 characters, one token (a byte or `=XX`) at a time.
    static func quotedPrintable(_ text: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        let from = Array("From ".utf8)
        var out: [UInt8] = []
        for (lineNumber, line) in lines(text).enumerated() {
            if lineNumber > 0 { out += crlf }
            var width = 0
            let lastIndex = line.endIndex - 1
            for index in line.indices {
                let byte = line[index]
                let atLineStart = index == line.startIndex
                let escape =
                    byte == UInt8(ascii: "=") || byte > 0x7E || (byte < 0x20 && byte != 0x09)
                    || ((byte == 0x20 || byte == 0x09) && index == lastIndex)
                    || (atLineStart && byte == UInt8(ascii: "."))
                    || (atLineStart && line.starts(with: from))
                let token: [UInt8] =
                    escape
                    ? [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]] : [byte]
                let room = index == lastIndex ? 76 : 75
                if width + token.count > room {
                    out += [UInt8(ascii: "=")] + crlf
                    width = 0
                }
                out += token
                width += token.count
            }
        }
        return out
    }

    /// Base64 with padding, unbroken.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let b0 = bytes[index]
            let b1 = remaining > 1 ? bytes[index + 1] : 0
            let b2 = remaining > 2 ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(remaining > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(remaining > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return out
    }

    /// Base64 in CRLF-separated lines of 76 characters, no final CRLF.
    static func base64Body(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = base64(bytes)
        var out: [UInt8] = []
        for start in stride(from: 0, to: encoded.count, by: 76) {
            if start > 0 { out += crlf }
            out += encoded[start..<min(start + 76, encoded.count)]
        }
        return out
    }

    /// Printable ASCII and tabs in lines of at most 78, none ending in white space or starting with `From ` or `.`.
    static func isSafeAsIs(_ canonical: [UInt8]) -> Bool {
        lines(canonical).allSatisfy { line in
            line.count <= 78
                && line.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 }
                && line.last != 0x20 && line.last != 0x09
                && !line.starts(with: Array("From ".utf8)) && line.first != UInt8(ascii: ".")
        }
    }

    /// The transfer encoding and content: 7bit when safe, else the shorter of quoted-printable and base64.
    static func transferEncoding(_ canonical: [UInt8]) -> (String, [UInt8]) {
        if isSafeAsIs(canonical) { return ("7bit", canonical) }
        let quoted = quotedPrintable(canonical)
        let base64 = base64Body(canonical)
        return quoted.count <= base64.count ? ("quoted-printable", quoted) : ("base64", base64)
    }

    /// Whether `needle` occurs in `haystack`, by comparing at every offset.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains {
            haystack[$0..<$0 + needle.count].elementsEqual(needle)
        }
    }

    /// `&`, `<`, `>`, `"` and `'` as entities, scalar by scalar.
    static func htmlEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A dotted host name of letters, digits and inner hyphens, labels of 1 to 63, 253 at most.
    static func isHostName(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            let bytes = Array(label.utf8)
            guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"),
                bytes.last != UInt8(ascii: "-")
            else { return false }
            return bytes.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    || $0 == UInt8(ascii: "-")
            }
        }
    }

    /// Controls, line and paragraph separators as spaces, runs of spaces collapsed, ends trimmed.
    static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if scalar == " " || value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
