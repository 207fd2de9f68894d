import SeededRandom

/// Seeded random inputs for comparing encoders with their references: text with the features
/// that change an encoding (non-ASCII, long lines, every kind of line break, trailing white
/// space, `=`, a line-initial `.` or `From `, control bytes), assembled from pieces at random.
struct RandomMailText {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func below(_ bound: Int) -> Int { generator.below(bound) }

    private static let pieces: [[UInt8]] = [
        "Peer", " support", " ", "  ", "\t", "=", "=3D", ".", "From ", "From", "\r\n", "\n", "\r",
        " \r\n", "\t\r\n", "\r\r\n", "\n\r", "é", "–", "“", "☕️", "🌈", "日本語", ";", ",", "<b>", "&", "\"",
        "'", "_", "-", "=?utf-8?q?x?=", "\u{0}", "\u{7F}", "\u{85}", "\u{2028}",
        String(repeating: "x", count: 74), String(repeating: "y", count: 75), String(repeating: "z", count: 76),
        String(repeating: "é", count: 30),
    ].map { Array($0.utf8) }

    /// Up to `maximum` pieces, with now and then an arbitrary byte (which may not be UTF-8).
    mutating func bytes(maximum: Int = 40) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<below(maximum + 1) {
            if below(12) == 0 {
                out.append(UInt8(truncatingIfNeeded: next()))
            } else {
                out += Self.pieces[below(Self.pieces.count)]
            }
        }
        return out
    }

    /// Valid UTF-8 text of up to `maximum` pieces.
    mutating func text(maximum: Int = 40) -> String {
        var out = ""
        for _ in 0..<below(maximum + 1) {
            out += String(decoding: Self.pieces[below(Self.pieces.count)], as: UTF8.self)
        }
        return out
    }
}
