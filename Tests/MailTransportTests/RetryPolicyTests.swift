import SeededRandom
import Testing

@testable import Mail

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = try! RetryPolicy(base: .seconds(1), cap: .seconds(10), maxAttempts: 7)

    @Test("the ceiling doubles from the base after each attempt and stops at the cap")
    func ceilingDoublesThenCaps() {
        let ceilings = (1...6).map { policy.ceiling(afterAttempt: $0) }
        #expect(
            ceilings == [
                .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10),
            ])
    }

    @Test("there is no next attempt once the attempt limit is reached")
    func noDelayAfterTheLastAttempt() {
        var random = SplitMix64(seed: 1)
        #expect(policy.delay(afterAttempt: 6, random: &random) != nil)
        #expect(policy.delay(afterAttempt: 7, random: &random) == nil)
        #expect(policy.delay(afterAttempt: 8, random: &random) == nil)
        let once = try! RetryPolicy(base: .seconds(1), cap: .seconds(1), maxAttempts: 1)
        #expect(once.delay(afterAttempt: 1, random: &random) == nil)
    }

    @Test("every delay lies between half the attempt's ceiling and the ceiling", arguments: [1, 2, 3, 4, 5, 6])
    func delaysStayWithinBounds(attempt: Int) throws {
        var random = SplitMix64(seed: UInt64(attempt) * 7919)
        let ceiling = try #require(policy.ceiling(afterAttempt: attempt))
        #expect(policy.floor(afterAttempt: attempt) == ceiling / 2)
        for _ in 0..<2000 {
            let delay = try #require(policy.delay(afterAttempt: attempt, random: &random))
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
    }

    @Test("jitter spreads delays over the whole upper half, not just near the floor or the ceiling")
    func jitterSpreadsDelays() throws {
        var random = SplitMix64(seed: 42)
        let ceiling = try #require(policy.ceiling(afterAttempt: 4))
        let delays = try (0..<2000).map { _ in
            try #require(policy.delay(afterAttempt: 4, random: &random))
        }
        let fractions = delays.map { $0 / ceiling }
        #expect(fractions.min()! < 0.55)
        #expect(fractions.max()! > 0.95)
        let mean = fractions.reduce(0, +) / Double(fractions.count)
        #expect(abs(mean - 0.75) < 0.03)
    }

    @Test("a relay's first \"try later\" is not retried within half a minute under the default policy")
    func defaultFirstRetryWaits() throws {
        var random = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let delay = try #require(RetryPolicy.default.delay(afterAttempt: 1, random: &random))
            #expect(delay >= .seconds(30))
        }
    }

    @Test("the same random source gives the same delays")
    func delaysArePure() {
        var first = SplitMix64(seed: 9)
        var second = SplitMix64(seed: 9)
        let a = (1...6).map { policy.delay(afterAttempt: $0, random: &first) }
        let b = (1...6).map { policy.delay(afterAttempt: $0, random: &second) }
        #expect(a == b)
    }

    @Test("very late attempts neither overflow nor exceed the cap")
    func lateAttemptsSaturateAtTheCap() throws {
        let long = try RetryPolicy(base: .seconds(30), cap: .seconds(3600), maxAttempts: 10_000)
        var random = SplitMix64(seed: 3)
        for attempt in [40, 62, 63, 64, 200, 9_999] {
            #expect(long.ceiling(afterAttempt: attempt) == .seconds(3600))
            let delay = try #require(long.delay(afterAttempt: attempt, random: &random))
            #expect(delay <= .seconds(3600))
        }
    }

    @Test("the default policy allows eight attempts over about two hours")
    func defaultPolicy() {
        #expect(RetryPolicy.default.maxAttempts == 8)
        #expect(RetryPolicy.default.ceiling(afterAttempt: 1) == .seconds(60))
        #expect(RetryPolicy.default.ceiling(afterAttempt: 7) == .seconds(3600))
        #expect(RetryPolicy.default.ceiling(afterAttempt: 8) == nil)
    }

    @Test(
        "settings that cannot work are refused, naming the setting",
        arguments: [
            (Duration.zero, Duration.seconds(10), 3, "base"),
            (.seconds(-1), .seconds(10), 3, "base"),
            (.seconds(10), .seconds(5), 3, "cap"),
            (.seconds(1), .seconds(5), 0, "maxAttempts"),
        ])
    func invalidSettings(base: Duration, cap: Duration, maxAttempts: Int, part: String) {
        #expect {
            _ = try RetryPolicy(base: base, cap: cap, maxAttempts: maxAttempts)
        } throws: { error in
            (error as? TransportConfigurationError)?.part == part
        }
    }
}
