import Foundation

/// A calendar UID Circles wrote: `<series id>-<original start, UTC>@<domain>` for one meeting
/// (as invitations carry), or `<series id>@<domain>` for a whole series.
public struct EventUID: Sendable, Hashable {
    /// The series id, lowercased.
    public var seriesID: String
    /// The meeting's original start; nil for a series-level UID.
    public var originalStart: Date?

    /// Reads `uid`; nil when it is not one of Circles' under `domain` (case-insensitive).
    public init?(_ uid: String, domain: String) {
        guard let at = uid.lastIndex(of: "@"), uid[uid.index(after: at)...].lowercased() == domain.lowercased() else { return nil }
        let left = uid[..<at].lowercased()
        let idLength = 36
        guard left.count >= idLength, UUID(uuidString: String(left.prefix(idLength))) != nil else { return nil }
        seriesID = String(left.prefix(idLength))
        let rest = left.dropFirst(idLength)
        if rest.isEmpty {
            originalStart = nil
            return
        }
        // "-YYYYMMDDTHHMMSSZ"
        let stamp = Array(rest.utf8)
        guard stamp.count == 17, stamp[0] == UInt8(ascii: "-"), stamp[9] == UInt8(ascii: "t"), stamp[16] == UInt8(ascii: "z") else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: stamp[range], as: UTF8.self)) }
        guard let year = number(1..<5), let month = number(5..<7), let day = number(7..<9), let hour = number(10..<12),
            let minute = number(12..<14), let second = number(14..<16)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
        else { return nil }
        originalStart = date
    }
}
