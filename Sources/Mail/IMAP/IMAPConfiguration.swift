import Foundation

/// Where a mailbox is read: an `imap://` or `imaps://` URL such as
/// `imaps://circles:secret@mail.council.example/INBOX`, parsed once at the edge.
///
/// The password is a secret: `description` and every error leave it out.
public struct IMAPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The TCP port (143 for imap://, 993 for imaps://).
    public var port: Int
    /// TLS from the first byte (imaps://); otherwise STARTTLS, required unless the host is loopback.
    public var implicitTLS: Bool
    /// The login name.
    public var username: String
    /// The password; never printed.
    public var password: String
    /// The folder replies arrive in (the URL's path, INBOX by default).
    public var mailbox: String
    /// The longest one command may take.
    public var timeout: Duration
    /// The longest connecting may take.
    public var connectTimeout: Duration
    /// Whether the server's certificate is checked (verify=on, the default).
    public var verifiesCertificate: Bool
    /// CA certificates to check it against, instead of the system's.
    public var caFile: String?

    /// The forms an IMAP URL may take, quoted by every parsing error.
    public static let acceptedForms = """
        imap://user:password@host[:port][/MAILBOX] (port 143, STARTTLS required except on loopback) or \
        imaps://user:password@host[:port][/MAILBOX] (port 993), MAILBOX defaulting to INBOX, with optional \
        ?timeout=SECONDS&connect_timeout=SECONDS&cafile=PATH&verify=on|off; percent-encode reserved characters \
        in the user and password (@ as %40, : as %3A, / as %2F)
        """

    /// Parses an IMAP URL; errors name the bad part and never repeat the password.
    public init(url: String) throws(TransportConfigurationError) {
        let text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = text.range(of: "://") else { throw Self.error("scheme", "the URL has no scheme") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "imap": implicitTLS = false
        case "imaps": implicitTLS = true
        default: throw Self.error("scheme", "the scheme '\(scheme)' is not supported")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        guard let at = rest.lastIndex(of: "@") else {
            throw Self.error("user", "the URL has no user and password; write user:password@host")
        }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":"), colon != userInfo.startIndex else {
            throw Self.error("password", "the user has no password; write user:password@host")
        }
        guard let user = userInfo[..<colon].removingPercentEncoding,
            let password = userInfo[userInfo.index(after: colon)...].removingPercentEncoding, !password.isEmpty
        else {
            throw Self.error("password", "the user or password is empty or not valid percent-encoding (a '%' must start %XX)")
        }
        username = user
        self.password = password
        var hostPort = rest[rest.index(after: at)...]
        var explicitPort: Int?
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(number) else {
                throw Self.error("port", "the port must be a whole number from 1 to 65535")
            }
            explicitPort = number
            hostPort = hostPort[..<colon]
        }
        if hostPort.hasPrefix("["), hostPort.hasSuffix("]") { hostPort = hostPort.dropFirst().dropLast() }
        guard !hostPort.isEmpty,
            hostPort.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) })
        else { throw Self.error("host", "the host is missing or not a host name or address") }
        host = String(hostPort)
        port = explicitPort ?? (implicitTLS ? 993 : 143)
        let decodedPath = path.removingPercentEncoding ?? ""
        mailbox = decodedPath.isEmpty ? "INBOX" : decodedPath
        if let problem = Self.folderProblem(mailbox) { throw Self.error("mailbox", problem) }
        timeout = .seconds(60)
        connectTimeout = .seconds(15)
        verifiesCertificate = true
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            let value = parts.count > 1 ? parts[1].removingPercentEncoding ?? parts[1] : ""
            switch name {
            case "timeout", "connect_timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 3_600 else {
                    throw Self.error(name, "\(name) must be a number of seconds above 0 and at most 3600")
                }
                if name == "timeout" { timeout = .milliseconds(Int(seconds * 1_000)) } else { connectTimeout = .milliseconds(Int(seconds * 1_000)) }
            case "verify":
                guard ["on", "off"].contains(value.lowercased()) else { throw Self.error("verify", "verify '\(value)' is not one of on, off") }
                verifiesCertificate = value.lowercased() == "on"
            case "cafile":
                guard !value.isEmpty, access(value, R_OK) == 0 else { throw Self.error("cafile", "cafile '\(value)' is not a readable file") }
                caFile = value
            default:
                throw Self.error(name, "the parameter '\(name)' is not one of timeout, connect_timeout, cafile, verify")
            }
        }
    }

    /// Whether the host is this machine, where STARTTLS may be skipped.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The URL without the password, e.g. `imaps://circles:***@mail.council.example:993/INBOX`.
    public var description: String {
        "\(implicitTLS ? "imaps" : "imap")://\(username):***@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(mailbox)"
    }

    /// Why `name` cannot be a folder Circles reads or files into, or nil: printable ASCII only,
    /// at most 200 characters, none of `"` `\` `*` `%` (IMAP quoting and wildcards).
    public static func folderProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.count <= 200 else { return "a folder name has 1 to 200 characters" }
        guard name.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) && !"\"\\*%".unicodeScalars.contains($0) }) else {
            return "the folder name '\(name)' may hold printable ASCII only, without \" \\ * or %"
        }
        return nil
    }

    private static func error(_ part: String, _ message: String) -> TransportConfigurationError {
        TransportConfigurationError(part: part, message: "\(message); accepted: \(acceptedForms)")
    }
}
