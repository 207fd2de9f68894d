extension Occurrence {
    /// The longest RFC 3339 form: a four-digit year and an offset with seconds.
    static let maximumRFC3339Length = 28

    /// Appends the RFC 3339 form (`2027-03-30T14:00:00+01:00`, no offset when floating) as ASCII bytes,
    /// computed arithmetically and stored in one piece: the batch expander writes millions of these.
    public func appendRFC3339(to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maximumRFC3339Length) { scratch in
            let count = writeRFC3339(into: scratch)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<count]))
        }
    }

    /// Writes the RFC 3339 form into `out` (at least `maximumRFC3339Length` bytes); returns the length.
    @inline(__always)
    private func writeRFC3339(into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let localSeconds = epochSeconds + Int64(utcOffset)
        let days = Int(Civil.floorDiv(localSeconds, Civil.secondsPerDay))
        let secondOfDay = Int(localSeconds - Int64(days) * Civil.secondsPerDay)
        let (year, month, day) = Civil.date(days: days)
        // Years are 1…9999 (LocalDate's range), so four digits always suffice.
        let y = min(max(year, 0), 9999)
        out[0] = digit(y / 1000)
        out[1] = digit(y / 100 % 10)
        out[2] = digit(y / 10 % 10)
        out[3] = digit(y % 10)
        out[4] = UInt8(ascii: "-")
        twoDigits(month, at: 5, in: out)
        out[7] = UInt8(ascii: "-")
        twoDigits(day, at: 8, in: out)
        out[10] = UInt8(ascii: "T")
        twoDigits(secondOfDay / 3600, at: 11, in: out)
        out[13] = UInt8(ascii: ":")
        twoDigits(secondOfDay / 60 % 60, at: 14, in: out)
        out[16] = UInt8(ascii: ":")
        twoDigits(secondOfDay % 60, at: 17, in: out)
        if isFloating { return 19 }
        out[19] = UInt8(ascii: utcOffset < 0 ? "-" : "+")
        let magnitude = abs(utcOffset)
        twoDigits(magnitude / 3600, at: 20, in: out)
        out[22] = UInt8(ascii: ":")
        twoDigits(magnitude / 60 % 60, at: 23, in: out)
        guard magnitude % 60 != 0 else { return 25 }
        out[25] = UInt8(ascii: ":")
        twoDigits(magnitude % 60, at: 26, in: out)
        return 28
    }
}

@inline(__always)
private func digit(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: 48 + value) }

@inline(__always)
private func twoDigits(_ value: Int, at index: Int, in out: UnsafeMutableBufferPointer<UInt8>) {
    out[index] = digit(value / 10)
    out[index + 1] = digit(value % 10)
}
