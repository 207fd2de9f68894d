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

    @Test("RFC3339Writer writes exactly the rfc3339 text across months, years, offset changes and floating times")
    func writerMatchesText() {
        var random = SplitMix64(seed: 3340)
        let offsets = [0, 3600, -18000, 19800, 20700, -12600, 50400, -36000, -1258, 4075]
        var writer = RFC3339Writer()
        var scratch = [UInt8](repeating: 0, count: RFC3339Writer.room)
        // Runs of nearby instants (so the writer's month and suffix caches are reused and must be
        // replaced at the right moment), and jumps anywhere in years 1 to 9999.
        var seconds: Int64 = 0
        var offset = 0
        var floating = false
        for step in 0..<50_000 {
            if step % 500 == 0 {
                seconds = Int64(random.below(315_537_897_599 - 86_400 * 16_000)) - 62_135_596_800 + 86_400
                floating = random.below(10) == 0
            }
            if random.below(50) == 0 { offset = offsets[random.below(offsets.count)] }
            seconds += Int64([86_400, 7 * 86_400, 3_600, 1, 29 * 86_400 + 1][random.below(5)])
            let occurrence = Occurrence(epochSeconds: seconds, utcOffset: offset, isFloating: floating)
            let count = scratch.withUnsafeMutableBytes { writer.write(occurrence, to: $0.baseAddress!) }
            #expect(String(decoding: scratch[0..<count], as: UTF8.self) == occurrence.rfc3339)
        }
    }

    @Test("RFC3339Writer writes exactly the rfc3339 text when occurrences skip one to several months, across year ends")
    func writerSkipsMonths() {
        var random = SplitMix64(seed: 3341)
        var writer = RFC3339Writer()
        var scratch = [UInt8](repeating: 0, count: RFC3339Writer.room)
        // From 1999-11-15: steps of 28 to 130 days land one, two, three or four months on.
        var seconds: Int64 = 942_624_000
        for _ in 0..<20_000 {
            seconds += Int64(28 + random.below(103)) * 86_400
            let occurrence = Occurrence(epochSeconds: seconds, utcOffset: 3600, isFloating: false)
            let count = scratch.withUnsafeMutableBytes { writer.write(occurrence, to: $0.baseAddress!) }
            #expect(String(decoding: scratch[0..<count], as: UTF8.self) == occurrence.rfc3339)
        }
    }
}
