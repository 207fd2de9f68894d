/// One piece of a header value for the folder: fixed ASCII, or text to carry as RFC 2047 encoded-words.
enum HeaderAtom: Hashable, Sendable {
    /// ASCII that must stay whole on one line, such as `<name@example.org>,`.
    case literal(String)
    /// Text (any Unicode) written as one or more encoded-words that may break between scalars.
    case encoded(String)

    /// Atoms for unstructured text such as a subject: plain words when the text is printable ASCII
    /// and every word fits a line, otherwise the whole text as encoded-words.
    ///
    /// Encoding the whole text (not only its non-ASCII words) keeps every space exactly as written
    /// and means a decoder never meets plain text that merely looks like `=?…?=`.
    static func unstructured(_ text: String, headerName: String) -> [HeaderAtom] {
        guard !text.isEmpty else { return [] }
        let words = text.split(separator: " ")
        let widest = HeaderFolder.lineLimit - headerName.utf8.count - 2
        let plain =
            text.utf8.allSatisfy(ASCII.isPrintable) && !ASCII.contains(text, pair: equals, question)
            && !text.hasPrefix(" ") && !text.hasSuffix(" ")
            && !ASCII.contains(text, pair: ASCII.space, ASCII.space)
            && words.allSatisfy { $0.utf8.count <= widest }
        return plain ? words.map { .literal(String($0)) } : [.encoded(text)]
    }

    private static let equals = UInt8(ascii: "=")
    private static let question = UInt8(ascii: "?")

    /// The atom with `suffix` appended, e.g. the comma between mailboxes or the `;` before a parameter.
    func appending(_ suffix: String) -> [HeaderAtom] {
        switch self {
        case .literal(let text): return [.literal(text + suffix)]
        case .encoded: return [self, .literal(suffix)]
        }
    }
}
