import CirclesServices
import Foundation
import Mail
import MailComposition
import SeededRandom

/// Composing and rendering meeting mail alone, no database: what the worker spends per message
/// besides the queue. Also prints a fingerprint of the rendered bytes of a fixed, varied corpus,
/// so two builds can be checked to write byte-identical mail (compare the fingerprints, or set
/// CIRCLES_BENCH_COMPOSE_DUMP=DIR to write every message as DIR/N.eml and diff the folders).
///
/// A message the composer refuses is counted, not timed as a fast success: the fixed-content
/// lines fail (and the benchmark exits 1) if any is refused; the varied corpus, which holds
/// hostile text on purpose, reports how many it refused and times only the messages written.
///
/// Settings (environment): CIRCLES_BENCH_COMPOSE_SECONDS (2: how long each figure is measured),
/// CIRCLES_BENCH_COMPOSE_CORPUS (2000: messages in the fingerprinted corpus).
enum ComposeBenchmark {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let composer: MeetingMailComposer = {
        // safe: a fixed, valid address
        let sender = try! Mailbox("circles@bench.example", displayName: "Circles")
        return MeetingMailComposer(sender: sender, domain: "bench.example")
    }()

    static func run() {
        let environment = ProcessInfo.processInfo.environment
        let seconds = Double(environment["CIRCLES_BENCH_COMPOSE_SECONDS"] ?? "") ?? 2
        let corpusSize = Int(environment["CIRCLES_BENCH_COMPOSE_CORPUS"] ?? "") ?? 2_000

        Bench.say("compose: meeting mail composed and rendered in memory, one core")
        Bench.say("    content                                          µs/message   messages/s")
        var failedLines = 0
        for (name, content) in [
            ("reminder like the queue benchmark's (10 attendees)", queueLikeReminder(facilitator: false)),
            ("facilitator's reminder with follow-ups", queueLikeReminder(facilitator: true)),
        ] {
            var refused = 0
            var lastError = ""
            let (perMessage, calls) = measure(seconds: seconds) {
                do {
                    return try composer.compose(content, now: now).rendered().count
                } catch {
                    refused += 1
                    lastError = "\(error)"
                    return 0
                }
            }
            guard refused == 0 else {
                failedLines += 1
                Bench.say("    " + name.padding(toLength: 50, withPad: " ", startingAt: 0) + "   FAILED: \(refused) of \(calls) refused: \(lastError)")
                continue
            }
            Bench.say(
                "    " + name.padding(toLength: 50, withPad: " ", startingAt: 0)
                    + Bench.format(perMessage * 1e6, decimals: 1).leftPadded(9)
                    + Bench.format(1 / perMessage).leftPadded(13))
        }

        // Every message of the corpus differs (zones, times, texts), so no cache is warm for it.
        var corpus = SplitMix64(seed: 20_261_208)
        let contents = (0..<corpusSize).map { randomContent($0, using: &corpus) }
        var corpusBytes = 0
        var corpusWritten = 0
        let corpusStart = ContinuousClock.now
        for content in contents {
            guard let bytes = try? composer.compose(content, now: now).rendered() else { continue }
            corpusBytes += bytes.count
            corpusWritten += 1
        }
        let corpusTime = ContinuousClock.now - corpusStart
        let corpusSeconds = Double(corpusTime.components.seconds) + Double(corpusTime.components.attoseconds) / 1e18
        let corpusRefused = corpusSize - corpusWritten
        Bench.say(
            "    " + "\(corpusWritten) varied messages, each once (\(corpusBytes / max(corpusWritten, 1)) bytes avg)"
                .padding(toLength: 50, withPad: " ", startingAt: 0)
                + Bench.format(corpusSeconds / Double(max(corpusWritten, 1)) * 1e6, decimals: 1).leftPadded(9)
                + Bench.format(Double(corpusWritten) / corpusSeconds).leftPadded(13)
                + (corpusRefused > 0 ? "   (\(corpusRefused) more refused, their time included)" : ""))

        let dump = environment["CIRCLES_BENCH_COMPOSE_DUMP"]
        if let dump { try? FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        var generator = SplitMix64(seed: 20_261_208)
        var fingerprint = FNV1a()
        var failures = 0
        for index in 0..<corpusSize {
            let content = randomContent(index, using: &generator)
            guard let bytes = try? composer.compose(content, now: now).rendered() else {
                failures += 1
                fingerprint.add(Array("failed \(index)".utf8))
                continue
            }
            fingerprint.add(bytes)
            if let dump {
                _ = FileManager.default.createFile(atPath: "\(dump)/\(index).eml", contents: Data(bytes))
            }
        }
        Bench.say(
            "    fingerprint of \(corpusSize) varied messages: \(String(fingerprint.value, radix: 16))"
                + (failures > 0 ? " (\(failures) refused)" : ""))
        if failedLines > 0 {
            FileHandle.standardError.write(Data("compose benchmark failed: \(failedLines) line(s) had refused messages\n".utf8))
            exit(1)
        }
    }

    /// Seconds per call of `body`, run repeatedly for about `seconds`, and the calls timed.
    static func measure(seconds: Double, _ body: () -> Int) -> (perCall: Double, calls: Int) {
        var sink = 0
        for _ in 0..<50 { sink &+= body() }  // warm the formatter and zone caches
        let clock = ContinuousClock()
        let start = clock.now
        var calls = 0
        var elapsed = 0.0
        repeat {
            for _ in 0..<100 { sink &+= body() }
            calls += 100
            let duration = clock.now - start
            elapsed = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        } while elapsed < seconds
        if sink == 42 { Bench.say("") }  // keeps the work observable
        return (elapsed / Double(calls), calls)
    }

    /// A weekly London meeting of a ten-person team, as QueueFixture makes them.
    static func queueLikeReminder(facilitator: Bool) -> MeetingMailContent {
        let start = Date(timeIntervalSince1970: 1_796_724_000)  // 2026-12-08T10:00:00Z
        let people = (0..<10).map { MeetingMailContent.Person(name: "Person \($0)", email: "person\($0)@bench.example") }
        return MeetingMailContent(
            idempotencyKey: "meeting-reminder:occ-1:person-3:60m:1796724000", kind: .meetingReminder,
            recipient: .init(name: people[3].name, email: people[3].email, timeZoneID: "Europe/London"),
            seriesID: "4f8c2a9e-3b1d-4e2f-9a7c-1d2e3f4a5b6c", seriesTitle: "Peer support 17",
            originalStart: start, start: start, end: start.addingTimeInterval(90 * 60),
            seriesTimeZoneID: "Europe/London", sequence: 0, cancelReason: nil,
            location: "Room 4, Civic Centre", onlineURL: nil,
            facilitator: facilitator ? people[3] : people[1], recipientIsFacilitator: facilitator,
            openFollowUps: facilitator
                ? [
                    .init(title: "Update the referral leaflet", ownerName: "Person 5", dueOn: "2026-12-18"),
                    .init(title: "Book the training room"),
                ] : [],
            organizer: people[0], attendees: people,
            unsubscribeURL: URL(string: "https://bench.example/circles/unsubscribe")!,  // safe: a fixed URL
            unsubscribeMailto: nil)
    }

    /// Varied content: non-ASCII and hostile titles and names, long lines, many zones and dates.
    static func randomContent(_ index: Int, using generator: inout SplitMix64) -> MeetingMailContent {
        func pick<T>(_ items: [T]) -> T { items[Int(generator.next() % UInt64(items.count))] }
        func text(_ maximum: Int) -> String {
            let pieces = [
                "Peer", " support", " ", "  ", "=", "==3D", "From ", ".", "\r\n", "\n", "\r", "\t", " \r\n",
                "é", "ß", "–", "—", "“", "”", "☕️", "🌈", "👩🏽‍🤝‍👩🏻", "日本語", "Ελληνικά", ";", ",", ":", "\\",
                "\"", "<b>", "&amp;", "'", "=?utf-8?q?x?=", "\u{0}", "\u{7}", "\u{85}", "\u{2028}", "x",
                String(repeating: "long", count: 30), "Tuesday", "café", " trailing ",
            ]
            var out = ""
            for _ in 0..<Int(generator.next() % UInt64(maximum + 1)) { out += pick(pieces) }
            return out
        }
        let zones = [
            "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham",
            "Europe/Berlin", "America/Sao_Paulo", "Africa/Casablanca", "UTC", "Asia/Tokyo",
        ]
        let start = Date(timeIntervalSince1970: 1_700_000_000 + Double(generator.next() % 200_000_000) / 60 * 60)
        let kind = pick([MeetingMailKind.meetingReminder, .invitation, .cancellation])
        let people = (0..<Int(generator.next() % 12)).map {
            MeetingMailContent.Person(name: pick(["", "Person \($0)", text(6)]), email: "p\($0).x-y@bench.example")
        }
        let recipient = MeetingMailContent.Person(name: text(5), email: "recipient.\(index)@example.org")
        let isFacilitator = generator.next() % 3 == 0
        let followUps = (0..<Int(generator.next() % 4)).map { _ in
            MeetingMailContent.FollowUpLine(
                title: text(8), ownerName: pick([nil, "Owner", text(3)]), dueOn: pick([nil, "2027-02-28", "2027-02-30", text(2)]))
        }
        var content = MeetingMailContent(
            idempotencyKey: "meeting-reminder:\(index):\(generator.next())", kind: kind,
            recipient: .init(name: recipient.name, email: recipient.email, timeZoneID: pick(zones)),
            seriesID: "series-\(generator.next() % 1000)", seriesTitle: text(12),
            originalStart: start, start: start.addingTimeInterval(pick([0, 3600, -86_400])),
            end: start.addingTimeInterval(Double(15 + generator.next() % 1_500) * 60),
            seriesTimeZoneID: pick(zones), sequence: Int(generator.next() % 5),
            cancelReason: pick([nil, "", text(10)]), location: pick([nil, "", "Room 2, Civic Centre", text(10)]),
            onlineURL: pick([nil, URL(string: "https://meet.example.org/peer-support?x=1&y=%20"), URL(string: "http://a.example/" + String(repeating: "p", count: 90))]),
            facilitator: isFacilitator ? recipient : pick([nil, people.first, MeetingMailContent.Person(name: text(4), email: "f@example.org")]),
            recipientIsFacilitator: isFacilitator, openFollowUps: followUps,
            organizer: .init(name: pick(["Jo Lead", text(5), ""]), email: "jo@example.org"),
            attendees: people,
            unsubscribeURL: URL(string: "https://circles.example.org/unsubscribe/\(index)")!,  // safe: a fixed URL
            unsubscribeMailto: pick([nil, "mailto:unsubscribe@example.org?subject=\(index)"]))
        content.withdrawn = kind == .cancellation && generator.next() % 2 == 0
        return content
    }
}

/// FNV-1a over every message, each followed by its length, as a fingerprint of the corpus.
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes { mix(byte) }
        for shift in stride(from: 0, to: 64, by: 8) { mix(UInt8(truncatingIfNeeded: bytes.count >> shift)) }
    }
    private mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
}
