/// Durations as configuration writes them: `90s`, `5m`, `2h`, `1d`, or a bare number of seconds.
enum DurationText {
    /// Whole seconds, or nil when `text` is not a duration.
    static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace
        guard let last = trimmed.last else { return nil }
        let scales: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        let (digits, scale) = last.isNumber ? (Substring(trimmed), 1) : (trimmed.dropLast(), scales[last])
        guard let scale, !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            let count = Int(digits)
        else { return nil }
        let (total, overflow) = count.multipliedReportingOverflow(by: scale)
        return overflow ? nil : total
    }

    /// The shortest exact spelling: `3600` → `1h`, `90` → `90s`.
    static func format(_ seconds: Int) -> String {
        if seconds > 0, seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds > 0, seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
