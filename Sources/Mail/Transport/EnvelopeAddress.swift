/// Checks envelope addresses before they reach the wire, so a bad address fails its own
/// mail permanently instead of confusing the SMTP conversation.
enum EnvelopeAddress {
    /// Why the address cannot go in `MAIL FROM` or `RCPT TO`, or nil when it can.
    static func problem(with address: String) -> String? {
        if address.isEmpty { return "the address is empty" }
        let forbidden = address.unicodeScalars.first {
            $0.value < 0x21 || $0.value == 0x7F || $0 == "<" || $0 == ">"
        }
        if let bad = forbidden {
            let hex = String(bad.value, radix: 16, uppercase: true)
            let shown =
                bad == "<" || bad == ">"
                ? "'\(bad)'" : "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let printable = String(
                address.unicodeScalars.map {
                    $0.value < 0x21 || $0.value == 0x7F ? "?" : Character($0)
                })
            return "the address '\(printable)' contains \(shown)"
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
            address.index(after: at) != address.endIndex
        else {
            return "the address '\(address)' is not of the form local-part@domain"
        }
        return nil
    }
}
