import TextOutput

/// Writes one-line JSON objects with keys in a fixed order (for JSON Lines output).
enum JSONLine {
    /// A value in an output object.
    enum Value {
        case string(String)
        case strings([String])
        case null
        /// Text that is already JSON (a number, or an array built with `quote`).
        case json(String)
    }

    /// `{"key":value,…}` on one line, keys in the order given.
    static func object(_ fields: [(String, Value)]) throws -> String {
        var parts: [String] = []
        for (key, value) in fields {
            let encoded: String
            switch value {
            case .string(let text): encoded = quote(text)
            case .strings(let list):
                encoded = "[" + list.map(quote).joined(separator: ",") + "]"
            case .null: encoded = "null"
            case .json(let text): encoded = text
            }
            parts.append("\(quote(key)):\(encoded)")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// A JSON string literal (the one escaper, `JSONString`).
    static func quote(_ text: String) -> String {
        JSONString.quoted(text)
    }
}
