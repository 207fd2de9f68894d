import Foundation

/// Passwords out of connection strings, and parameters into them.
public enum ConnectionText {
    /// The libpq keywords whose values are secrets: the server password and the passphrase of
    /// the client key. (`sslkey`, `sslcert` and `passfile` are paths, not secrets.)
    static let secretKeywords: Set<String> = ["password", "sslpassword"]

    /// `postgres://circles:***@db/circles`: the password of a URL's user-info, any `password=` or
    /// `sslpassword=` query parameter (however its name is percent-encoded), and a conninfo's
    /// `password=…` and `sslpassword=…` replaced by `***`.
    public static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return redactedConninfo(text) }
        let scheme = text[..<schemeEnd.upperBound]
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[mark...]
            rest = rest[..<mark]
        }
        var authorityAndPath = String(rest)
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                authorityAndPath = String(userInfo[..<colon]) + ":***" + String(rest[at...])
            }
        }
        return scheme + authorityAndPath + redactedQuery(query)
    }

    private static func redactedQuery(_ query: Substring) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.dropFirst().split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            // libpq percent-decodes parameter names too, so `ssl%70assword` is `sslpassword`.
            let decoded = (name.removingPercentEncoding ?? name).lowercased()
            return secretKeywords.contains(decoded) ? "\(name)=***" : String(pair)
        }
        return "?" + pairs.joined(separator: "&")
    }

    /// `host=db password=***`: libpq's `keyword = value` pairs, values quoted or bare; text that
    /// is not such a pair is kept as it is.
    private static func redactedConninfo(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isWhitespace {
                output.append(text[index])
                index = text.index(after: index)
                continue
            }
            var cursor = index
            while cursor < text.endIndex, !text[cursor].isWhitespace, text[cursor] != "=" { cursor = text.index(after: cursor) }
            let keyword = text[index..<cursor]
            while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
            guard cursor < text.endIndex, text[cursor] == "=" else {
                output += keyword
                index = keyword.endIndex
                continue
            }
            cursor = text.index(after: cursor)
            while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
            cursor = endOfValue(text, from: cursor)
            output += secretKeywords.contains(keyword.lowercased()) ? keyword + "=***" : text[index..<cursor]
            index = cursor
        }
        return output
    }

    private static func endOfValue(_ text: String, from start: String.Index) -> String.Index {
        var cursor = start
        if cursor < text.endIndex, text[cursor] == "'" {
            cursor = text.index(after: cursor)
            while cursor < text.endIndex, text[cursor] != "'" {
                if text[cursor] == "\\" { cursor = text.index(after: cursor) }
                if cursor < text.endIndex { cursor = text.index(after: cursor) }
            }
            return cursor < text.endIndex ? text.index(after: cursor) : cursor
        }
        while cursor < text.endIndex, !text[cursor].isWhitespace {
            // A backslash escapes the next character, a space included, as libpq reads it.
            if text[cursor] == "\\" { cursor = text.index(after: cursor) }
            if cursor < text.endIndex { cursor = text.index(after: cursor) }
        }
        return cursor
    }

    /// Adds `name=value` to a `postgres://` URL's query or to a conninfo string.
    public static func adding(parameter name: String, value: String, to text: String) -> String {
        if text.contains("://") {
            let separator = text.contains("?") ? "&" : "?"
            return text + separator + name + "=" + percentEncoded(value)
        }
        let quoted = value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'")
        return text + " \(name)='\(quoted)'"
    }

    private static func percentEncoded(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isAlphabetic && byte < 0x80 || (0x30...0x39).contains(byte) || "-._~/".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
