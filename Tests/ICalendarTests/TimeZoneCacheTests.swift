import Foundation
import Testing

@testable import ICalendar

/// Reusing a VTIMEZONE for the same zone and years writes what working it out afresh writes.
@Suite("VTIMEZONE reuse")
struct TimeZoneCacheTests {
    @Test(
        "a reused definition is the one worked out afresh, for every zone, span of years and order of use",
        arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo", "UTC", "Africa/Casablanca"])
    func reusedMatchesFresh(_ tzid: String) throws {
        let zone = try #require(TimeZone(identifier: tzid))
        let spans: [[Date]] = [
            [Fixtures.utc(2026, 12, 8, 14)],
            [Fixtures.utc(2026, 1, 1, 0)],  // New Year's Day: the local year differs across zones
            [Fixtures.utc(2026, 12, 31, 23, 30)],
            [Fixtures.utc(2026, 12, 8, 14), Fixtures.utc(2027, 6, 8, 13)],
            [Fixtures.utc(2027, 6, 8, 13), Fixtures.utc(2026, 3, 1, 9)],
            [],
        ]
        for _ in 0..<2 {  // the second time round, every span comes from the cache
            for instants in spans {
                let fresh = TimeZoneDefinition(tzid: tzid, zone: zone, covering: instants).lines
                let reused = TimeZoneDefinition.lines(tzid: tzid, zone: zone, covering: instants)
                #expect(reused.rendered == fresh.rendered, "\(tzid) \(instants)")
            }
        }
    }
}
