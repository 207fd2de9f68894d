/// How long a meeting lasts, in whole minutes: `90`, `90m`, `1h30m`, `1h 30m`, `1.5h`.
public struct MeetingLength: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes, 1...1440.
    public let minutes: Int

    /// A length in minutes; refuses zero, negative and more than a day.
    public init(minutes: Int) throws(DomainError) {
        guard minutes > 0 else {
            throw DomainError(field: "duration", "a meeting must last at least one minute (got \(minutes) minutes)")
        }
        guard minutes <= 1440 else {
            throw DomainError(field: "duration", "a meeting may last at most 24 hours (got \(minutes) minutes)")
        }
        self.minutes = minutes
    }

    /// Parses `90`, `90m`, `1h30m`, `1h 30m` or `1.5h`.
    public init(parsing text: String) throws(DomainError) {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        let refuse = DomainError(
            field: "duration", "invalid duration \"\(text)\"; expected minutes or hours such as 90, 90m, 1h30m or 1.5h")
        if let minutes = Int(compact) ?? Int(compact.dropLast(compact.hasSuffix("m") ? 1 : 0)), compact.last != "h" {
            try self.init(minutes: minutes)
            return
        }
        if compact.hasSuffix("h"), let hours = Double(compact.dropLast()), hours.isFinite {
            let minutes = hours * 60
            guard minutes == minutes.rounded() else { throw refuse }
            try self.init(minutes: Int(minutes))
            return
        }
        let pieces = compact.split(separator: "h", omittingEmptySubsequences: false)
        guard pieces.count == 2, let hours = Int(pieces[0]), pieces[1].hasSuffix("m"),
            let minutes = Int(pieces[1].dropLast()), minutes >= 0, minutes < 60
        else { throw refuse }
        try self.init(minutes: hours * 60 + minutes)
    }

    /// `1h30m`, `45m`, `2h`.
    public var description: String {
        switch (minutes / 60, minutes % 60) {
        case (0, let m): "\(m)m"
        case (let h, 0): "\(h)h"
        case (let h, let m): "\(h)h\(m)m"
        }
    }
}
