/// A person's mailbox: an optional display name and an address, as it appears in `From` or `To`.
public struct Mailbox: Sendable, Hashable, CustomStringConvertible {
    /// The name shown to people, on one line; empty when there is none.
    public let displayName: String
    /// The address, `local@domain`, ASCII only.
    public let address: String

    /// Validates the address shape and neutralises control characters in the name.
    ///
    /// The address must be a dot-atom local part (at most 64 bytes), an `@` and a dotted host
    /// name, 254 bytes at most. Quoted local parts and internationalised addresses are refused.
    public init(_ address: String, displayName: String? = nil) throws(MailError) {
        func refuse(_ reason: String) -> MailError {
            MailError(
                .invalidAddress,
                "invalid email address \"\(MailText.singleLine(address))\": \(reason); expected a form like name@example.org"
            )
        }
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { throw refuse("it is empty") }
        guard bytes.count <= 254 else { throw refuse("longer than 254 characters") }
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            throw refuse("only ASCII addresses are supported")
        }
        let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw refuse("it must contain exactly one @") }
        let local = parts[0]
        let dot = UInt8(ascii: ".")
        guard (1...64).contains(local.count) else {
            throw refuse("the part before the @ must be 1 to 64 characters")
        }
        guard local.first != dot, local.last != dot,
            !local.indices.dropFirst().contains(where: { local[$0] == dot && local[$0 - 1] == dot }
            ),
            local.allSatisfy({ ASCII.isAtext($0) || $0 == dot })
        else {
            throw refuse(
                "the part before the @ has a space, a special character or a misplaced dot")
        }
        guard HostName.isValid(String(decoding: parts[1], as: UTF8.self)) else {
            throw refuse("the part after the @ must be a domain such as example.org")
        }
        self.address = address
        self.displayName = MailText.singleLine(displayName ?? "")
    }

    /// The mailbox as people read it, `Name <address>`; the header form is written by the renderer.
    public var description: String { displayName.isEmpty ? address : "\(displayName) <\(address)>" }

    /// The pieces the header folder lays out: the name as a phrase, then `<address>`.
    ///
    /// A short printable-ASCII name is one quoted string. Otherwise each word stays plain (an atom,
    /// or a quoted string if it has specials) unless it is not ASCII, looks like an encoded-word or
    /// is too long for a line; runs of such words are encoded together, spaces included. Keeping
    /// plain words plain means fewer adjacent encoded-words, which some parsers join with an extra
    /// space (CPython before gh-128110) although RFC 2047 §6.2 says the space between them is ignored.
    var headerAtoms: [HeaderAtom] {
        guard !displayName.isEmpty else { return [.literal(address)] }
        if let quoted = Self.quotedName(displayName) {
            return [.literal(quoted), .literal("<\(address)>")]
        }
        var atoms: [HeaderAtom] = []
        var run: [Substring] = []
        for word in displayName.split(separator: " ") {
            if let plain = Self.plainWord(word) {
                if !run.isEmpty { atoms.append(.encoded(run.joined(separator: " "))) }
                run = []
                atoms.append(.literal(plain))
            } else {
                run.append(word)
            }
        }
        if !run.isEmpty { atoms.append(.encoded(run.joined(separator: " "))) }
        return atoms + [.literal("<\(address)>")]
    }

    /// `"name"` with `"` and `\` escaped, when the name is printable ASCII, short enough to stay
    /// on one folded line and free of anything a decoder might take for an encoded word.
    private static func quotedName(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy(ASCII.isPrintable), !mayLookEncoded(name) else { return nil }
        let quoted = MediaType.quotedString(name)
        return quoted.utf8.count <= 66 ? quoted : nil
    }

    /// A word of a long name as an atom or quoted string, or nil when it must be encoded.
    private static func plainWord(_ word: Substring) -> String? {
        let bytes = Array(word.utf8)
        guard bytes.count <= 60, bytes.allSatisfy(ASCII.isPrintable), !mayLookEncoded(word) else {
            return nil
        }
        return bytes.allSatisfy(ASCII.isAtext) ? String(word) : MediaType.quotedString(String(word))
    }

    /// Whether printable ASCII holds `=?`, which a decoder might take for the start of an encoded word.
    private static func mayLookEncoded(_ text: some StringProtocol) -> Bool {
        ASCII.contains(text, pair: UInt8(ascii: "="), UInt8(ascii: "?"))
    }
}
