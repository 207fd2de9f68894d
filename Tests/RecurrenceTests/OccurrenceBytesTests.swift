import Recurrence
import SeededRandom
import Testing

@Suite("RFC 3339 bytes for the batch expander")
struct OccurrenceBytesTests {
    @Test("appendRFC3339 writes exactly the rfc3339 text, for any instant, offset and floating time")
    func bytesMatchText() {
        var random = SplitMix64(seed: 3339)
        let offsets = [0, 3600, -18000, 19800, 20700, -12600, 50400, -36000, -1258, 4075]
        for _ in 0..<20_000 {
            // Years 1 to 9999 on the local clock.
            let seconds = Int64(random.below(315_537_897_599 - 86_400)) - 62_135_596_800 + 86_400
            let occurrence = Occurrence(
                epochSeconds: seconds, utcOffset: offsets[random.below(offsets.count)],
                isFloating: random.below(10) == 0)
            var bytes: [UInt8] = []
            occurrence.appendRFC3339(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == occurrence.rfc3339)
        }
    }
}
