/// What one kind of free text may hold — its shape and its length — checked once, where the
/// text arrives (a command's options, a row of an import), so nothing after sees unchecked text.
///
/// Every field refuses NUL (libpq strings end at it, so it would silently cut the value short).
/// A one-line field (titles, names, locations, reasons) refuses every control character: C0
/// (line breaks and tabs included), DEL, C1, and the Unicode line and paragraph separators. A
/// multi-line field (descriptions, notes, card text) may hold line feeds and tabs — a CRLF or a
/// lone CR becomes a line feed — and no other control character. No field takes the bidirectional
/// embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they make text shown
/// in a terminal, a page or a spreadsheet read differently from what it holds ("Trojan Source");
/// the marks U+200E and U+200F, which right-to-left writing uses, are kept. Lengths count characters as
/// PostgreSQL does (Unicode scalars), after surrounding white space is trimmed.
public struct TextRule: Sendable, Hashable {
    /// One line, or several.
    public enum Shape: Sendable, Hashable {
        /// No line breaks, tabs or other control characters.
        case line
        /// Line feeds and tabs allowed; no other control characters.
        case multiline
    }

    /// The field as messages name it, e.g. `title`.
    public let field: String
    /// How a sentence starts when it names the field: `a title`, `notes`.
    public let phrase: String
    /// One line or several.
    public let shape: Shape
    /// The most characters (Unicode scalars) accepted.
    public let maxLength: Int

    /// A rule; `phrase` defaults to "a"/"an" and the field.
    public init(field: String, phrase: String? = nil, shape: Shape, maxLength: Int) {
        self.field = field
        self.phrase = phrase ?? ((field.first.map { "aeiou".contains($0) } ?? false) ? "an \(field)" : "a \(field)")
        self.shape = shape
        self.maxLength = maxLength
    }

    /// A one-line field of at most `max` characters.
    public static func line(_ field: String, max: Int) -> TextRule {
        TextRule(field: field, shape: .line, maxLength: max)
    }

    /// A multi-line field of at most `max` characters.
    public static func multiline(_ field: String, phrase: String? = nil, max: Int) -> TextRule {
        TextRule(field: field, phrase: phrase, shape: .multiline, maxLength: max)
    }

    /// `text` trimmed (and, for a multi-line field, with line ends as line feeds), or an error
    /// naming the field, the offending character and its position (counted after trimming), or
    /// the limit. Empty text is returned empty: whether the field is required is the caller's rule.
    public func check(_ text: String) throws(DomainError) -> String {
        let text = text.trimmingWhitespace
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        var position = 0
        var afterCR = false
        for scalar in text.unicodeScalars {
            position += 1
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar.value == 0 {
                throw DomainError(
                    field: field,
                    "the \(field) \(contains) a NUL character (U+0000) at character \(position); no text may contain NUL — remove it")
            }
            if shape == .multiline, scalar == "\r" || scalar == "\n" {
                scalars.append("\n")
                continue
            }
            if shape == .multiline, scalar == "\t" {
                scalars.append(scalar)
                continue
            }
            if Self.isBidirectionalControl(scalar) {
                throw DomainError(
                    field: field,
                    "the \(field) \(contains) the bidirectional control \(Self.name(scalar)) at character \(position), which changes "
                        + "how the text around it is shown; no text may contain U+202A to U+202E or U+2066 to U+2069 — remove it")
            }
            if Self.isControl(scalar, shape: shape) {
                throw DomainError(
                    field: field,
                    "the \(field) \(contains) the control character \(Self.name(scalar)) at character \(position); \(allowed)")
            }
            scalars.append(scalar)
        }
        let trimmed = String(scalars)
        let length = trimmed.unicodeScalars.count
        guard length <= maxLength else {
            throw DomainError(
                field: field, "\(phrase) may have at most \(maxLength.grouped) characters; this one has \(length.grouped)")
        }
        return trimmed
    }

    /// `check(text)` for an optional field: nil when absent or blank.
    public func check(optional text: String?) throws(DomainError) -> String? {
        guard let text else { return nil }
        let checked = try check(text)
        return checked.isEmpty ? nil : checked
    }

    /// `contains`, or `contain` for a plural field (`notes`).
    var contains: String { phrase == field && field.hasSuffix("s") ? "contain" : "contains" }

    /// What the field accepts, for messages.
    var allowed: String {
        switch shape {
        case .line: "\(phrase) is one line of text, without line breaks, tabs or other control characters"
        case .multiline: "\(phrase) may contain line breaks and tabs but no other control characters"
        }
    }

    /// C0, DEL and C1 controls; in a one-line field also the Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar, shape: Shape) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (shape == .line && (scalar.value == 0x2028 || scalar.value == 0x2029))
    }

    /// The explicit bidirectional formatting characters but the marks (Unicode Standard Annex #9, §2).
    static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `U+001B (escape)`, `U+000A (line feed)`.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let names: [UInt32: String] = [
            0x07: "bell", 0x08: "backspace", 0x09: "tab", 0x0A: "line feed", 0x0B: "vertical tab", 0x0C: "form feed",
            0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete", 0x2028: "line separator", 0x2029: "paragraph separator",
            0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
            0x202D: "left-to-right override", 0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
            0x2067: "right-to-left isolate", 0x2068: "first strong isolate", 0x2069: "pop directional isolate",
        ]
        return names[scalar.value].map { "\(code) (\($0))" } ?? code
    }
}

extension TextRule {
    /// Titles of workshops, action items, meeting series and follow-ups.
    public static let title = TextRule.line("title", max: 300)
    /// A person's display name.
    public static let personName = TextRule.line("name", max: 200)
    /// A team's name.
    public static let teamName = TextRule.line("team name", max: 200)
    /// Where a series' meetings happen.
    public static let location = TextRule.line("location", max: 200)
    /// Why a meeting was cancelled, or an action item or follow-up dropped.
    public static let reason = TextRule.line("reason", max: 500)
    /// A meeting link (checked further as a web address).
    public static let link = TextRule.line("link", max: 2_000)
    /// An action item's description.
    public static let description = TextRule.multiline("description", max: 5_000)
    /// The text of the card an action item came from.
    public static let sourceCardText = TextRule.multiline("source card text", phrase: "the source card text", max: 2_000)
    /// Notes on a workshop or a held meeting.
    public static let notes = TextRule.multiline("notes", phrase: "notes", max: 10_000)
    /// What a person adds to their answer to a meeting ("on a home visit").
    public static let responseNote = TextRule.line("note", max: 500)

    /// Every rule, for documentation and tests.
    public static let all: [TextRule] = [
        title, personName, teamName, location, reason, link, description, sourceCardText, notes, responseNote,
    ]
}
