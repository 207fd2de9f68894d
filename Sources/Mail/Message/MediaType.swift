/// A MIME content type with parameters (RFC 2045 §5.1), e.g. `text/calendar; method=REQUEST; charset=UTF-8`.
public struct MediaType: Sendable, Hashable, CustomStringConvertible {
    /// One `name=value` parameter; the name is lower-cased, the value kept as written.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name, lower-cased, e.g. `method`.
        public let name: String
        /// The value, e.g. `REQUEST`.
        public let value: String
    }

    /// The top-level type, lower-cased, e.g. `text`.
    public let type: String
    /// The subtype, lower-cased, e.g. `calendar`.
    public let subtype: String
    /// The parameters in the order given.
    public let parameters: [Parameter]

    /// `text/plain; charset=UTF-8`.
    public static let plainText = MediaType(
        checkedType: "text", subtype: "plain", parameters: [("charset", "UTF-8")])
    /// `text/html; charset=UTF-8`.
    public static let html = MediaType(
        checkedType: "text", subtype: "html", parameters: [("charset", "UTF-8")])

    /// `application/ics`: the attached copy of an invitation.
    static let icsFile = MediaType(checkedType: "application", subtype: "ics", parameters: [])

    /// Builds a type from parts, checking that each is a MIME token and each value printable ASCII.
    public init(type: String, subtype: String, parameters: [(name: String, value: String)] = [])
        throws(MailError)
    {
        func refuse(_ reason: String) -> MailError {
            MailError(
                .invalidMediaType,
                "invalid content type: \(reason); expected a form like text/calendar; method=REQUEST"
            )
        }
        guard Self.isToken(type), Self.isToken(subtype) else {
            throw refuse("type and subtype must be tokens")
        }
        for parameter in parameters {
            guard Self.isToken(parameter.name) else {
                throw refuse(
                    "parameter name \"\(MailText.singleLine(parameter.name))\" is not a token")
            }
            guard parameter.value.utf8.allSatisfy(ASCII.isPrintable),
                parameter.value.utf8.count <= 200
            else {
                throw refuse(
                    "the value of \(parameter.name) must be printable ASCII of at most 200 characters"
                )
            }
        }
        self.init(checkedType: type, subtype: subtype, parameters: parameters)
    }

    /// Parses `type/subtype` followed by `; name=value` parameters, values as tokens or quoted strings.
    public init(_ text: String) throws(MailError) {
        var scanner = Scanner(Array(text.utf8))
        let refuse = MailError(
            .invalidMediaType,
            "invalid content type \"\(MailText.singleLine(text))\"; expected a form like text/calendar; method=REQUEST"
        )
        scanner.skipSpaces()
        guard let type = scanner.token(), scanner.take(UInt8(ascii: "/")),
            let subtype = scanner.token()
        else { throw refuse }
        var parameters: [(name: String, value: String)] = []
        scanner.skipSpaces()
        while scanner.take(UInt8(ascii: ";")) {
            scanner.skipSpaces()
            if scanner.atEnd { break }  // a trailing `;` is common and harmless
            guard let name = scanner.token(), scanner.take(UInt8(ascii: "=")),
                let value = scanner.quotedString() ?? scanner.token()
            else { throw refuse }
            parameters.append((name, value))
            scanner.skipSpaces()
        }
        guard scanner.atEnd else { throw refuse }
        try self.init(type: type, subtype: subtype, parameters: parameters)
    }

    private init(
        checkedType type: String, subtype: String, parameters: [(name: String, value: String)]
    ) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters.map { Parameter(name: $0.name.lowercased(), value: $0.value) }
    }

    /// The value of parameter `name` (case-insensitive), if present.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name.lowercased() }?.value
    }

    /// Whether this is `type/subtype`, ignoring parameters and case.
    public func matches(_ type: String, _ subtype: String) -> Bool {
        self.type == type.lowercased() && self.subtype == subtype.lowercased()
    }

    /// This type with parameter `name` set to `value`, replacing any earlier value.
    func setting(_ name: String, to value: String) -> MediaType {
        let kept = parameters.filter { $0.name != name.lowercased() }.map {
            (name: $0.name, value: $0.value)
        }
        return MediaType(checkedType: type, subtype: subtype, parameters: kept + [(name, value)])
    }

    /// The header form, values quoted where they are not tokens.
    public var description: String {
        ([type + "/" + subtype] + parameters.map { $0.name + "=" + Self.quotedIfNeeded($0.value) })
            .joined(separator: "; ")
    }

    /// The header form as atoms, each parameter folding on its own.
    var headerAtoms: [HeaderAtom] {
        let pieces =
            [type + "/" + subtype]
            + parameters.map { $0.name + "=" + Self.quotedIfNeeded($0.value) }
        return pieces.enumerated().map {
            .literal($0.offset < pieces.count - 1 ? $0.element + ";" : $0.element)
        }
    }

    /// `value` as is when it is a non-empty token, otherwise as a quoted string.
    static func quotedIfNeeded(_ value: String) -> String {
        isToken(value) ? value : quotedString(value)
    }

    /// `value` in double quotes with `"` and `\` escaped.
    static func quotedString(_ value: String) -> String {
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(ASCII.isToken)
    }

    /// A cursor over the bytes of a content type.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab {
                index += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func token() -> String? {
            let start = index
            while index < bytes.count, ASCII.isToken(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        mutating func quotedString() -> String? {
            let start = index
            guard take(UInt8(ascii: "\"")) else { return nil }
            var value: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: value, as: UTF8.self) }
                if byte == UInt8(ascii: "\\"), index < bytes.count {
                    value.append(bytes[index])
                    index += 1
                } else {
                    value.append(byte)
                }
            }
            index = start
            return nil
        }
    }
}
