import Foundation

extension SMTPConfiguration {
    /// The forms an SMTP URL may take, quoted by every parsing error.
    public static let acceptedForms = """
        smtp://[user:password@]host[:port] (port 587, STARTTLS) or smtps://[user:password@]host[:port] \
        (port 465, implicit TLS), with optional ?starttls=required|opportunistic|off&timeout=SECONDS\
        &connect_timeout=SECONDS&cafile=PATH&verify=on|off&ehlo=NAME; percent-encode reserved characters \
        in the user and password (@ as %40, : as %3A, / as %2F)
        """

    /// The query parameters `init(url:)` understands.
    public static let acceptedParameters = [
        "starttls", "timeout", "connect_timeout", "cafile", "verify", "ehlo",
    ]

    /// Parses an `smtp://` or `smtps://` URL; errors name the bad part and list the accepted forms.
    ///
    /// Rules: the port defaults to 587 for `smtp://` and 465 for `smtps://`. For `smtp://`,
    /// `starttls` defaults to `opportunistic` without credentials and `required` with them;
    /// with credentials, `opportunistic` is refused (the password could go out in clear) and
    /// `off` is accepted only for a loopback host (`localhost`, `127.x.x.x`, `::1`).
    /// `starttls` is refused for `smtps://`. Timeouts are seconds, fractions allowed, above 0
    /// and at most 3600. `cafile` must name a readable file. Parameters may not repeat.
    public init(url: String) throws(TransportConfigurationError) {
        let text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = text.range(of: "://") else {
            throw Self.error("scheme", "the URL has no scheme")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let implicitTLS: Bool
        switch scheme {
        case "smtp": implicitTLS = false
        case "smtps": implicitTLS = true
        default: throw Self.error("scheme", "the scheme '\(scheme)' is not supported")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        if rest.contains("#") {
            throw Self.error("fragment", "an SMTP URL has no fragment ('#…')")
        }
        var queryText: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[slash...]
            guard path == "/" else {
                throw Self.error(
                    "path",
                    "an SMTP URL has no path, got '\(Self.quoteIfPublic(path))'; set the EHLO name with ehlo=NAME"
                )
            }
        }

        // user:password@host:port — the user information ends at the last "@".
        var username: String?
        var password: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            (username, password) = try Self.credentials(authority[..<at])
            hostPort = authority[authority.index(after: at)...]
        }
        let (host, explicitPort) = try Self.hostAndPort(hostPort)
        let parameters = try Self.parameters(queryText)

        var security: Security =
            implicitTLS
            ? .implicitTLS : (username == nil ? .startTLSOpportunistic : .startTLSRequired)
        if let value = parameters["starttls"] {
            guard !implicitTLS else {
                throw Self.error(
                    "starttls",
                    "smtps:// uses TLS from the first byte, so starttls= does not apply; drop it or use smtp://"
                )
            }
            switch value.lowercased() {
            case "required": security = .startTLSRequired
            case "opportunistic":
                guard username == nil else {
                    throw Self.error(
                        "starttls",
                        "starttls=opportunistic would send the password unencrypted to a server that does not offer STARTTLS; use starttls=required"
                    )
                }
                security = .startTLSOpportunistic
            case "off":
                guard username == nil || Self.isLoopback(host) else {
                    throw Self.error(
                        "starttls",
                        "starttls=off would send the password unencrypted to '\(host)'; it is allowed with credentials only for localhost, 127.x.x.x or ::1"
                    )
                }
                security = .plaintext
            default:
                throw Self.error(
                    "starttls", "starttls '\(value)' is not one of required, opportunistic, off")
            }
        }

        let timeout = try parameters["timeout"].map { value throws(TransportConfigurationError) in
            try Self.seconds(value, part: "timeout")
        }
        let connectTimeout = try parameters["connect_timeout"].map {
            value throws(TransportConfigurationError) in
            try Self.seconds(value, part: "connect_timeout")
        }
        var verifies = true
        if let value = parameters["verify"] {
            switch value.lowercased() {
            case "on": verifies = true
            case "off": verifies = false
            default: throw Self.error("verify", "verify '\(value)' is not one of on, off")
            }
        }
        var caFile: String?
        if let value = parameters["cafile"] {
            guard !value.isEmpty else {
                throw Self.error("cafile", "cafile is empty; give the path of a PEM file")
            }
            guard access(value, R_OK) == 0 else {
                throw Self.error("cafile", "cafile '\(value)' is not a readable file")
            }
            caFile = value
        }
        var ehloName: String?
        if let value = parameters["ehlo"] {
            guard Self.isHostName(value) else {
                throw Self.error(
                    "ehlo", "ehlo '\(value)' is not a host name (letters, digits, '-' and '.')")
            }
            ehloName = value
        }

        self.init(
            host: host,
            port: explicitPort ?? (implicitTLS ? 465 : 587),
            username: username,
            password: password,
            security: security,
            timeout: timeout ?? Self.defaultTimeout,
            connectTimeout: connectTimeout ?? Self.defaultConnectTimeout,
            caFile: caFile,
            verifiesCertificate: verifies,
            ehloName: ehloName)
    }

    private typealias Credentials = (user: String, password: String)

    private static func credentials(
        _ userInfo: Substring
    ) throws(TransportConfigurationError) -> Credentials {
        guard let colon = userInfo.firstIndex(of: ":") else {
            throw error("password", "the user has no password; write user:password@host")
        }
        let rawUser = userInfo[..<colon]
        let rawPassword = userInfo[userInfo.index(after: colon)...]
        guard !rawUser.isEmpty else { throw error("user", "the user before ':' is empty") }
        guard let user = rawUser.removingPercentEncoding else {
            throw error("user", "the user '\(rawUser)' is not valid percent-encoding")
        }
        guard !rawPassword.isEmpty else {
            throw error("password", "the password after ':' is empty")
        }
        guard let password = rawPassword.removingPercentEncoding else {
            throw error(
                "password", "the password is not valid percent-encoding (a '%' must start %XX)")
        }
        return (user, password)
    }

    private static func hostAndPort(_ text: Substring) throws(TransportConfigurationError) -> (
        String, Int?
    ) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw error("host", "the IPv6 address '\(text)' has no closing ']'")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw error("host", "unexpected '\(after)' after the IPv6 address")
                }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw error("host", "'\(host)' is not an IPv6 address")
            }
        } else {
            host = text
            if let colon = text.lastIndex(of: ":") {
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            }
            guard !host.isEmpty else { throw error("host", "the host is missing") }
            guard isHostName(host) else {
                throw error(
                    "host",
                    "'\(host)' is not a host name or IPv4 address (letters, digits, '-' and '.')")
            }
        }
        guard let portText else { return (host.lowercased(), nil) }
        guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText),
            (1...65535).contains(port)
        else {
            throw error("port", "the port '\(portText)' is not a number from 1 to 65535")
        }
        return (host.lowercased(), port)
    }

    private static func parameters(_ query: Substring) throws(TransportConfigurationError)
        -> [String:
        String]
    {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].lowercased()
            guard acceptedParameters.contains(name) else {
                if pair.contains("@") {
                    throw error(
                        "query",
                        "the query holds an '@'; percent-encode a '?' in the password as %3F")
                }
                throw error(
                    name.isEmpty ? "query" : name,
                    "unknown parameter '\(name)'; accepted: \(acceptedParameters.joined(separator: ", "))"
                )
            }
            guard parts.count == 2 else {
                throw error(name, "\(name) has no value; write \(name)=VALUE")
            }
            guard let value = parts[1].removingPercentEncoding else {
                throw error(name, "the value of \(name) is not valid percent-encoding")
            }
            guard result.updateValue(value, forKey: name) == nil else {
                throw error(name, "\(name) is given more than once")
            }
        }
        return result
    }

    private static func seconds(_ text: String, part: String) throws(TransportConfigurationError)
        -> Duration
    {
        guard let value = Double(text), value.isFinite, value > 0, value <= 3600 else {
            throw error(
                part,
                "\(part) '\(text)' is not a number of seconds above 0 and at most 3600 (for example \(part)=30 or \(part)=2.5)"
            )
        }
        return .milliseconds(max(1, Int64((value * 1000).rounded())))
    }

    static func isHostName(_ text: some StringProtocol) -> Bool {
        !text.isEmpty
            && text.allSatisfy {
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_")
            }
    }

    /// Whether traffic to the host stays on this machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
            || host.hasSuffix(".localhost")
    }

    /// Never echoes a value that might be a password pasted into the wrong place.
    private static func quoteIfPublic(_ text: Substring) -> Substring {
        text.contains("@") ? "…" : text
    }

    private static func error(_ part: String, _ problem: String) -> TransportConfigurationError {
        TransportConfigurationError(part: part, message: "\(problem). Accepted: \(acceptedForms)")
    }
}
