import SeededRandom

/// Seeded random text for comparing escaping and folding with their references: non-ASCII of
/// every UTF-8 length, every kind of line break, controls, quotes and separators, long runs.
struct RandomCalendarText {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func below(_ bound: Int) -> Int { generator.below(bound) }

    private static let pieces = [
        "Peer", " support", " ", "\t", "\\", ";", ",", ":", "\"", "=", "\r\n", "\n", "\r", "\r\r\n", "\n\r",
        "\u{85}", "\u{2028}", "\u{2029}", "\u{0}", "\u{7}", "\u{7F}", "\u{9F}", "\u{A0}", "é", "–", "☕️", "🌈",
        "👩🏽‍🤝‍👩🏻", "日本語", "e\u{301}", "mailto:", "@example.org", String(repeating: "x", count: 70),
        String(repeating: "é", count: 40), String(repeating: "🌈", count: 20),
    ]

    /// Up to `maximum` pieces.
    mutating func text(maximum: Int = 30) -> String {
        var out = ""
        for _ in 0..<below(maximum + 1) { out += Self.pieces[below(Self.pieces.count)] }
        return out
    }
}
