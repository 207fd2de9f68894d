import Foundation
import Recurrence

/// The shared RFC 5545 example corpus, read at run time from `../shared/testdata/` beside the package root.
struct Corpus: Decodable {
    struct Start: Decodable {
        let tzid: String
        let local: String
    }
    struct Instance: Decodable {
        let local: String
        let utcOffsetMinutes: Int
        let utc: String
        let normalizedLocal: String?
    }
    struct Window: Decodable {
        let startLocal: String
        let endLocalExclusive: String
    }
    struct Example: Decodable {
        let id: String
        let title: String
        let dtstart: Start
        let rrule: String
        let rdate: [Start]?
        let exdate: [Start]?
        let bounded: Bool
        let expectedCount: Int
        let expected: [Instance]
        let expansionWindow: Window?
        let rruleEquivalents: [String]?
    }
    struct DSTCase: Decodable {
        let id: String
        let dtstart: Start
        let rrule: String
        let expectedRfc335: [Instance]
    }
    let examples: [Example]
    let dstCases: [DSTCase]

    /// `/…/shared/testdata/rfc5545_examples.json`, found from this file's path.
    static let url: URL = {
        var root = URL(fileURLWithPath: #filePath)  // …/Tests/RecurrenceTests/Support/Corpus.swift
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.deletingLastPathComponent().appendingPathComponent(
            "shared/testdata/rfc5545_examples.json")
    }()

    /// The corpus, or nil when the file is missing.
    static let shared: Corpus? = {
        guard let data = try? Data(contentsOf: url) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(Corpus.self, from: data)
    }()

    /// Example ids, for parameterised tests (empty when the corpus is missing, which a separate test reports).
    static var exampleIDs: [String] { shared?.examples.map(\.id) ?? [] }
}

extension Corpus.Instance {
    /// Seconds since the epoch of `utc` (`1997-09-02T13:00:00Z`).
    var epochSeconds: Int64 {
        // safe in tests: the corpus's UTC strings are well formed.
        let local = LocalDateTime(iso: utc.dropLast())!
        return testEpochSeconds(local)
    }

    /// The wall-clock time the instance happens at.
    var actualLocal: String { normalizedLocal ?? local }
}

/// Seconds since the epoch of a wall-clock time read as UTC, computed independently of the engine.
func testEpochSeconds(_ t: LocalDateTime) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(
        from: DateComponents(
            year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute,
            second: t.second))!
    return Int64(date.timeIntervalSince1970)
}

/// The instant of a wall-clock time in a zone, computed with Foundation (for windows in tests).
func testInstant(_ local: String, zone: String) -> Date {
    let t = LocalDateTime(iso: local)!
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    return calendar.date(
        from: DateComponents(
            year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute,
            second: t.second))!
}
