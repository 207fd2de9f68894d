/// Checks for the domain half of addresses and Message-IDs: a dotted DNS host name.
enum HostName {
    /// Whether `text` is a host name of letters, digits and inner hyphens, with at least one dot.
    ///
    /// Labels are 1 to 63 characters and do not start or end with a hyphen; the whole is at most
    /// 253. Checked in one pass over the bytes, as every address of every message passes here.
    static func isValid(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count) else { return false }
        let dot = UInt8(ascii: ".")
        let hyphen = UInt8(ascii: "-")
        var dots = 0
        var labelLength = 0
        var previous = dot
        for byte in text.utf8 {
            if byte == dot {
                guard labelLength > 0, previous != hyphen else { return false }
                dots += 1
                labelLength = 0
            } else {
                guard ASCII.isAlphanumeric(byte) || (byte == hyphen && labelLength > 0) else {
                    return false
                }
                labelLength += 1
                guard labelLength <= 63 else { return false }
            }
            previous = byte
        }
        return dots > 0 && labelLength > 0 && previous != hyphen
    }
}
