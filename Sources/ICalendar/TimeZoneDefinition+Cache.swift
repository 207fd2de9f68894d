import Foundation
import Synchronization

extension TimeZoneDefinition {
    /// The VTIMEZONE lines for `zone` covering the years of `instants`, worked out once per zone
    /// and span of years and then reused.
    ///
    /// A definition depends only on the zone's rules and the first and last local year, so every
    /// reminder of a week in one zone carries the same one; finding its transitions and names
    /// through Foundation is the costliest part of writing a calendar. The zone is named by
    /// `tzid` because `CalendarInvitation` makes `zone` from that identifier.
    static func lines(tzid: String, zone: TimeZone, covering instants: [Date]) -> ContentLines {
        let years = years(of: instants, in: zone)
        let key = CacheKey(tzid: tzid, firstYear: years.first, lastYear: years.last)
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let lines = TimeZoneDefinition(
            tzid: tzid, zone: zone, firstYear: years.first, lastYear: years.last
        ).lines
        cache.withLock { cache in
            // Zones × spans in use are few; a flood of odd ones (years far apart) is only forgotten.
            if cache.count >= cacheLimit { cache.removeAll() }
            cache[key] = lines
        }
        return lines
    }

    private struct CacheKey: Hashable, Sendable {
        let tzid: String
        let firstYear: Int64
        let lastYear: Int64
    }

    private static let cacheLimit = 512
    private static let cache = Mutex<[CacheKey: ContentLines]>([:])
}
