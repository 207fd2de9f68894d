/// A hash that is the same in every process and on every platform (Swift's `Hasher` is seeded per
/// process), for seeded tie-breaks: FNV-1a over the bytes, then SplitMix64's finaliser.
enum StableHash {
    static func of(_ pair: PersonPair, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in pair.first.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0xFF) &* 0x100_0000_01b3  // a separator no UTF-8 text contains
        for byte in pair.second.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var z = hash &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
