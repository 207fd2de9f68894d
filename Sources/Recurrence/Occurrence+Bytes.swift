extension Occurrence {
    /// Appends the RFC 3339 form (`2027-03-30T14:00:00+01:00`, no offset when floating) as ASCII bytes,
    /// computed arithmetically: the batch expander writes millions of these.
    public func appendRFC3339(to buffer: inout [UInt8]) {
        let localSeconds = epochSeconds + Int64(utcOffset)
        let days = Int(Civil.floorDiv(localSeconds, Civil.secondsPerDay))
        let secondOfDay = Int(localSeconds - Int64(days) * Civil.secondsPerDay)
        let (year, month, day) = Civil.date(days: days)
        appendDigits(year, 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(month, 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendDigits(day, 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2, to: &buffer)
        if isFloating { return }
        buffer.append(UInt8(ascii: utcOffset < 0 ? "-" : "+"))
        let magnitude = abs(utcOffset)
        appendDigits(magnitude / 3600, 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendDigits(magnitude / 60 % 60, 2, to: &buffer)
        if magnitude % 60 != 0 {
            buffer.append(UInt8(ascii: ":"))
            appendDigits(magnitude % 60, 2, to: &buffer)
        }
    }
}

/// Appends a non-negative number zero-padded to at least `width` digits.
@inline(__always)
private func appendDigits(_ value: Int, _ width: Int, to buffer: inout [UInt8]) {
    if width == 2 && value < 100 {
        buffer.append(UInt8(truncatingIfNeeded: 48 + value / 10))
        buffer.append(UInt8(truncatingIfNeeded: 48 + value % 10))
        return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { raw in
        repeat {
            raw[count] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
            count += 1
        } while rest > 0 && count < 8
        for _ in count..<max(width, count) { buffer.append(UInt8(ascii: "0")) }
        while count > 0 {
            count -= 1
            buffer.append(raw[count])
        }
    }
}
