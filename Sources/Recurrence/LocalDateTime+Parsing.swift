extension LocalDateTime {
    /// Parses RFC 5545 basic form `YYYYMMDDTHHMMSS` (no zone suffix).
    public init?(icalendar text: Substring) {
        let chars = Array(text.utf8)
        guard chars.count == 15, chars[8] == UInt8(ascii: "T"),
            let date = LocalDate(icalendar: text.prefix(8)),
            let hour = digits(chars[9..<11]), let minute = digits(chars[11..<13]),
            let second = digits(chars[13..<15])
        else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }

    /// Parses ISO 8601 `YYYY-MM-DDTHH:MM[:SS]` (a space may replace the `T`), or RFC 5545 basic form.
    public init?(iso text: some StringProtocol) {
        let trimmed = text.trimmingWhitespace()
        if let basic = LocalDateTime(icalendar: trimmed) {
            self = basic
            return
        }
        let chars = Array(trimmed.utf8)
        guard chars.count == 16 || chars.count == 19,
            chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t")
                || chars[10] == UInt8(ascii: " "),
            chars[13] == UInt8(ascii: ":"),
            let date = LocalDate(iso: String(decoding: chars[0..<10], as: UTF8.self)),
            let hour = digits(chars[11..<13]), let minute = digits(chars[14..<16])
        else { return nil }
        var second = 0
        if chars.count == 19 {
            guard chars[16] == UInt8(ascii: ":"), let s = digits(chars[17..<19]) else { return nil }
            second = s
        }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }
}

extension LocalDate {
    /// Parses RFC 5545 basic form `YYYYMMDD`.
    public init?(icalendar text: Substring) {
        let chars = Array(text.utf8)
        guard chars.count == 8, let y = digits(chars[0..<4]), let m = digits(chars[4..<6]),
            let d = digits(chars[6..<8])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses ISO 8601 `YYYY-MM-DD`, or RFC 5545 basic form.
    public init?(iso text: some StringProtocol) {
        // Exactly `YYYY-MM-DD`, as a database hands dates over: read in place, nothing copied.
        if let parsed = text.utf8.withContiguousStorageIfAvailable(LocalDate.plainISO), let date = parsed {
            self.init(year: date.year, month: date.month, day: date.day)
            return
        }
        let trimmed = text.trimmingWhitespace()
        if let basic = LocalDate(icalendar: trimmed) {
            self = basic
            return
        }
        let chars = Array(trimmed.utf8)
        guard chars.count == 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            let y = digits(chars[0..<4]), let m = digits(chars[5..<7]),
            let d = digits(chars[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

extension LocalDate {
    /// Year, month and day of exactly `YYYY-MM-DD` (ten bytes), or nil for anything else.
    static func plainISO(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return (year, month, day)
    }
}

/// The value of a run of ASCII digits, or nil if any byte is not a digit.
func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
    guard !bytes.isEmpty else { return nil }
    var value = 0
    for byte in bytes {
        guard byte >= 48 && byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
    }
    return value
}
