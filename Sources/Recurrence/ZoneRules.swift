import Foundation

/// The UTC offsets of one time zone as a transition table, built once from Foundation's `TimeZone`.
///
/// Built for 1800–2600; later instants reuse the last 400 years (the tz database's rules repeat with the
/// Gregorian cycle), earlier ones keep the zone's first offset. Immutable and shared between threads.
final class ZoneRules: Sendable {
    /// The IANA name.
    let identifier: String
    /// Offset in seconds before the first transition.
    let initialOffset: Int32
    /// Transition instants, seconds since the epoch, increasing.
    let instants: [Int64]
    /// Offset in force before each transition.
    let offsetsBefore: [Int32]
    /// Offset in force from each transition on.
    let offsetsAfter: [Int32]
    /// Wall-clock time (on the old offset) at which each transition happens: `instant + offsetBefore`.
    let localKeys: [Int64]
    /// Whether the table's last 400 years have transitions to repeat beyond `tableEnd`.
    let periodic: Bool

    /// First instant covered by the table (1800-01-01T00:00:00Z).
    static let tableStart: Int64 =
        Int64(Civil.days(year: 1800, month: 1, day: 1)) * Civil.secondsPerDay
    /// First instant after the table (2600-01-01T00:00:00Z).
    static let tableEnd: Int64 =
        Int64(Civil.days(year: 2600, month: 1, day: 1)) * Civil.secondsPerDay
    /// Seconds in 400 Gregorian years.
    static let cycle: Int64 = Int64(Civil.daysPer400Years) * Civil.secondsPerDay

    /// A zone with a fixed offset and no transitions.
    init(identifier: String, fixedOffset: Int32) {
        self.identifier = identifier
        initialOffset = fixedOffset
        instants = []
        offsetsBefore = []
        offsetsAfter = []
        localKeys = []
        periodic = false
    }

    /// Reads the transitions of `zone` between 1800 and 2600.
    init(zone: TimeZone) {
        identifier = zone.identifier
        let start = Date(timeIntervalSince1970: TimeInterval(Self.tableStart))
        let end = Date(timeIntervalSince1970: TimeInterval(Self.tableEnd))
        let first = Int32(zone.secondsFromGMT(for: start))
        var instants: [Int64] = []
        var before: [Int32] = []
        var after: [Int32] = []
        var keys: [Int64] = []
        var current = first
        var cursor = start
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end,
            next > cursor
        {
            cursor = next
            let offset = Int32(zone.secondsFromGMT(for: next))
            guard offset != current else { continue }
            let instant = Int64(next.timeIntervalSince1970.rounded())
            let key = instant + Int64(current)
            // Keep wall-clock keys increasing; tz data never has transitions closer than a few hours.
            if let last = keys.last, key <= last { continue }
            instants.append(instant)
            before.append(current)
            after.append(offset)
            keys.append(key)
            current = offset
        }
        initialOffset = first
        self.instants = instants
        offsetsBefore = before
        offsetsAfter = after
        localKeys = keys
        periodic = (instants.last ?? Int64.min) >= Self.tableEnd - Self.cycle
    }

    /// UTC, with offset zero.
    static let utc = ZoneRules(identifier: "UTC", fixedOffset: 0)

    /// The UTC offset in force at an instant.
    func offset(atInstant instant: Int64) -> Int32 {
        guard !instants.isEmpty else { return initialOffset }
        if instant >= Self.tableEnd {
            guard periodic else { return offsetsAfter[offsetsAfter.count - 1] }
            let k = Civil.floorDiv(instant - (Self.tableEnd - Self.cycle), Self.cycle)
            return offset(atInstant: instant - k * Self.cycle)
        }
        // Last transition at or before the instant.
        var low = 0
        var high = instants.count
        while low < high {
            let mid = (low + high) / 2
            if instants[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? initialOffset : offsetsAfter[low - 1]
    }

    /// The instant for a wall-clock time: a time in a gap moves forward by the gap's length,
    /// an ambiguous time takes its first (earlier) instance.
    ///
    /// `cursor` is a hint carried between calls with increasing times; pass `-1` to start.
    @inline(__always)
    func resolve(local: Int64, cursor: inout Int) -> ResolvedTime {
        if instants.isEmpty {
            return ResolvedTime(
                instant: local - Int64(initialOffset), offset: initialOffset, shifted: false)
        }
        if local >= Self.tableEnd {
            guard periodic else {
                let offset = offsetsAfter[offsetsAfter.count - 1]
                return ResolvedTime(instant: local - Int64(offset), offset: offset, shifted: false)
            }
            let k = Civil.floorDiv(local - (Self.tableEnd - Self.cycle), Self.cycle)
            var resolved = resolveInTable(local: local - k * Self.cycle, cursor: &cursor)
            resolved.instant += k * Self.cycle
            return resolved
        }
        return resolveInTable(local: local, cursor: &cursor)
    }

    /// `resolve` for a wall-clock time inside the table.
    @inline(__always)
    private func resolveInTable(local: Int64, cursor: inout Int) -> ResolvedTime {
        let count = localKeys.count
        var index = cursor
        if index < -1 || index >= count || (index >= 0 && localKeys[index] > local) {
            index = lastKey(atOrBefore: local)
        } else {
            var steps = 0
            while index + 1 < count && localKeys[index + 1] <= local {
                index += 1
                steps += 1
                if steps > 2 {
                    index = lastKey(atOrBefore: local)
                    break
                }
            }
        }
        cursor = index
        guard index >= 0 else {
            return ResolvedTime(
                instant: local - Int64(initialOffset), offset: initialOffset, shifted: false)
        }
        let before = offsetsBefore[index]
        let after = offsetsAfter[index]
        if after > before && local < localKeys[index] + Int64(after - before) {
            // In the gap: read the time on the old offset, which moves it forward by the gap's length.
            return ResolvedTime(instant: local - Int64(before), offset: after, shifted: true)
        }
        return ResolvedTime(instant: local - Int64(after), offset: after, shifted: false)
    }
}

extension ZoneRules {
    /// Index of the last transition whose wall-clock key is at or before `local`, or -1.
    func lastKey(atOrBefore local: Int64) -> Int {
        var low = 0
        var high = localKeys.count
        while low < high {
            let mid = (low + high) / 2
            if localKeys[mid] <= local { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}

/// A wall-clock time placed on the time line.
struct ResolvedTime: Sendable {
    /// Seconds since the epoch.
    var instant: Int64
    /// The UTC offset in force at `instant`, in seconds.
    var offset: Int32
    /// Whether the wall-clock time did not exist and was moved forward past a gap.
    var shifted: Bool
}
