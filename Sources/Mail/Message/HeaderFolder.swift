/// Lays out one header field on lines of at most 78 characters (RFC 5322 §2.1.1), folding only
/// at the spaces between atoms and splitting encoded text into encoded-words that fit.
enum HeaderFolder {
    /// RFC 5322's recommended line length, CRLF excluded.
    static let lineLimit = 78

    /// `Name: value` with folds, ending in CRLF, as bytes.
    ///
    /// A literal atom longer than a line stays whole on its own line (up to the 998-byte hard
    /// limit, which the types that make atoms enforce).
    static func fold(name: String, atoms: [HeaderAtom]) -> [UInt8] {
        var lines: [String] = []
        var line = name + ":"
        var lineHasContent = false

        func place(_ text: String) {
            if lineHasContent && line.utf8.count + 1 + text.utf8.count > lineLimit {
                lines.append(line)
                line = " " + text
            } else {
                line += " " + text
            }
            lineHasContent = true
        }

        for atom in atoms {
            switch atom {
            case .literal(let text):
                place(text)
            case .encoded(let text):
                let scheme = EncodedWord.scheme(for: text)
                let scalars = Array(text.unicodeScalars)
                var index = 0
                while index < scalars.count {
                    let room = min(EncodedWord.maximumLength, lineLimit - line.utf8.count - 1)
                    // Split text only from the start of a line: a run that does not fit in what is
                    // left of this line moves to the next, rather than become two adjacent words.
                    if lineHasContent,
                        EncodedWord.longestWord(scalars, from: index, width: room, scheme: scheme)?
                            .next != scalars.count
                    {
                        lines.append(line)
                        line = ""
                    }
                    let width = min(
                        EncodedWord.maximumLength, max(lineLimit - line.utf8.count - 1, 24))
                    // A single scalar is at most 4 bytes, 12 characters in Q, so a width of 24 always fits one.
                    guard
                        let (word, next) = EncodedWord.longestWord(
                            scalars, from: index, width: width, scheme: scheme)
                    else {
                        break  // safe: unreachable, see above
                    }
                    line += " " + word
                    lineHasContent = true
                    index = next
                }
            }
        }
        lines.append(line)
        return Array(lines.joined(separator: "\r\n").utf8) + ASCII.crlf
    }
}
