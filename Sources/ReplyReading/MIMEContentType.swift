import Foundation

/// A Content-Type (or Content-Disposition) value: `type/subtype; name=value; …`, lowercased
/// type and parameter names, values unquoted.
public struct MIMEContentType: Sendable, Hashable {
    /// E.g. `text/calendar`; `text/plain` when absent or unreadable (RFC 2045's default).
    public var mediaType: String
    /// Parameters by lowercased name.
    public var parameters: [String: String]

    /// The default for an entity without a Content-Type.
    public static let plainText = MIMEContentType(mediaType: "text/plain", parameters: ["charset": "us-ascii"])

    /// Parses a header value; a value without a slash keeps its first word (for dispositions).
    public init(parsing value: String) {
        let pieces = Self.splitParameters(value)
        mediaType = (pieces.first ?? "").trimmingSpaces().lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            var name = piece[..<equals].trimmingSpaces().lowercased()
            var text = piece[piece.index(after: equals)...].trimmingSpaces()
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            // RFC 2231 `name*=utf-8''file%20name.ics`: keep the decoded value under the plain name.
            if name.hasSuffix("*") {
                name.removeLast()
                if let quote = text.range(of: "''") { text = String(text[quote.upperBound...]) }
                text = text.removingPercentEncoding ?? text
            }
            if parameters[name] == nil { parameters[name] = text }
        }
        self.parameters = parameters
    }

    init(mediaType: String, parameters: [String: String]) {
        self.mediaType = mediaType
        self.parameters = parameters
    }

    /// `;`-separated pieces, ignoring semicolons inside quotes.
    private static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where quoted:
                current.append(character)
                escaped = true
            case "\"":
                quoted.toggle()
                current.append(character)
            case ";" where !quoted:
                pieces.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces
    }
}
