import Mail

/// A piece of HTML. Built by string interpolation, every interpolated `String` is escaped
/// (`&`, `<`, `>`, `"`, `'`) — the one HTML escaper, `Mail.HTMLEscaping` — and only another `HTML`
/// value goes in as markup, so a title or a name can never add an element or an attribute.
struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    private(set) var text: String

    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    /// Markup joined from several pieces.
    init(joining pieces: [HTML], separator: String = "") {
        text = pieces.map(\.text).joined(separator: separator)
    }

    var description: String { text }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) { text += literal }

        /// Text, escaped.
        mutating func appendInterpolation(_ value: String) { text += HTMLEscaping.escape(value) }

        /// Markup, as it is.
        mutating func appendInterpolation(_ value: HTML) { text += value.text }

        /// Markup or nothing.
        mutating func appendInterpolation(_ value: HTML?) { text += value?.text ?? "" }
    }
}
