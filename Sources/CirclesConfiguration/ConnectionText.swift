/// Passwords out of connection strings, and parameters into them.
public enum ConnectionText {
    /// `postgres://circles:***@db/circles`: the password of a URL's user-info, any `password=`
    /// query parameter, and a conninfo's `password=…` replaced by `***`.
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
            return name.lowercased() == "password" ? "\(name)=***" : String(pair)
        }
        return "?" + pairs.joined(separator: "&")
    }

    /// `host=db password=***`: libpq's `keyword = value` pairs, values quoted or bare.
    private static func redactedConninfo(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let remaining = text[index...]
            if remaining.lowercased().hasPrefix("password"), isKeywordStart(text, index) {
                var cursor = text.index(index, offsetBy: "password".count)
                while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
                if cursor < text.endIndex, text[cursor] == "=" {
                    cursor = text.index(after: cursor)
                    while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
                    cursor = endOfValue(text, from: cursor)
                    output += "password=***"
                    index = cursor
                    continue
                }
            }
            output.append(text[index])
            index = text.index(after: index)
        }
        return output
    }

    private static func isKeywordStart(_ text: String, _ index: String.Index) -> Bool {
        index == text.startIndex || text[text.index(before: index)].isWhitespace
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
        while cursor < text.endIndex, !text[cursor].isWhitespace { cursor = text.index(after: cursor) }
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
