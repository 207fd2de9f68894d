/// How long before a meeting reminders go out: `2d,1h` or `3d`, up to 30 days, at most ten.
public struct ReminderOffsets: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes before the start, largest first, without duplicates.
    public let minutes: [Int]

    /// The default: two days and one hour before.
    public static let standard = ReminderOffsets(checkedMinutes: [2880, 60])
    /// The facilitator's extra, earlier reminder: three days before.
    public static let facilitatorStandard = ReminderOffsets(checkedMinutes: [4320])

    private init(checkedMinutes: [Int]) { self.minutes = checkedMinutes }

    /// Parses a comma-separated list of `Nd`, `Nh` or `Nm`.
    public init(parsing text: String) throws(DomainError) {
        var result: [Int] = []
        for piece in text.split(separator: ",") {
            let item = String(piece).trimmingWhitespace.lowercased()
            guard let unit = item.last, let count = Int(item.dropLast()), count > 0,
                let scale = [Character("d"): 1440, "h": 60, "m": 1][unit]
            else {
                throw DomainError(
                    field: "reminders", "invalid reminder offset \"\(item)\"; expected a list such as 2d,1h or 30m (days, hours or minutes before)")
            }
            result.append(count * Int(scale))
        }
        guard !result.isEmpty else {
            throw DomainError(field: "reminders", "give at least one reminder offset, e.g. 2d,1h")
        }
        guard result.allSatisfy({ $0 <= 43_200 }) else {
            throw DomainError(field: "reminders", "a reminder can be at most 30 days before the meeting")
        }
        let unique = Array(Set(result)).sorted(by: >)
        guard unique.count <= 10 else {
            throw DomainError(field: "reminders", "at most ten reminder offsets are allowed")
        }
        self.minutes = unique
    }

    /// Wraps stored minutes.
    public init(minutes: [Int]) throws(DomainError) {
        try self.init(parsing: minutes.map { "\($0)m" }.joined(separator: ","))
    }

    /// `2d,1h`.
    public var description: String {
        minutes.map { value in
            if value % 1440 == 0 { return "\(value / 1440)d" }
            if value % 60 == 0 { return "\(value / 60)h" }
            return "\(value)m"
        }.joined(separator: ",")
    }
}
