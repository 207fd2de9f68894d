import Foundation

/// Where and how to submit mail over SMTP, read from a URL such as
/// `smtp://user:pass@mail.example.org:587?starttls=required`.
///
/// Accepted forms (see `init(url:)` for every rule):
/// - `smtp://[user:password@]host[:port]` — port 587 (message submission) unless given;
///   STARTTLS `opportunistic` without credentials, `required` with them.
/// - `smtps://[user:password@]host[:port]` — TLS from the first byte, port 465 unless given.
/// - Query parameters: `starttls=required|opportunistic|off` (smtp:// only), `timeout=SECONDS`
///   (a whole mail, default 60), `connect_timeout=SECONDS` (default 10), `cafile=PATH`
///   (trust these certificates), `verify=on|off` (off only for development), `ehlo=NAME`
///   (the name we greet the server with; libcurl's default is this machine's host name).
///
/// Credentials never travel unencrypted: with a user and password, `starttls=opportunistic`
/// is refused and `starttls=off` is accepted only for a loopback host. `description` shows
/// the password as `***`.
public struct SMTPConfiguration: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable {
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// `smtp://` that upgrades with STARTTLS or fails.
        case startTLSRequired
        /// `smtp://` that upgrades with STARTTLS when the server offers it, else stays plain.
        case startTLSOpportunistic
        /// `smtp://` without TLS (`starttls=off`).
        case plaintext
    }

    /// The server's host name or IP address (an IPv6 address without brackets).
    public let host: String
    /// The server's TCP port.
    public let port: Int
    /// The user to authenticate as, percent-decoded; nil sends no `AUTH`.
    public let username: String?
    /// The password, percent-decoded; kept out of every description.
    let password: String?
    /// How the connection is protected.
    public let security: Security
    /// The longest one mail may take, connection included.
    public let timeout: Duration
    /// The longest the TCP connection (and implicit TLS handshake) may take.
    public let connectTimeout: Duration
    /// A PEM file of certificates to trust instead of the system's.
    public let caFile: String?
    /// Whether the server's certificate and host name are checked (`verify=off` turns this off).
    public let verifiesCertificate: Bool
    /// The name sent with `EHLO`; nil lets libcurl send this machine's host name.
    public let ehloName: String?

    /// The default of `timeout=`.
    public static let defaultTimeout = Duration.seconds(60)
    /// The default of `connect_timeout=`.
    public static let defaultConnectTimeout = Duration.seconds(10)

    init(
        host: String, port: Int, username: String?, password: String?, security: Security,
        timeout: Duration, connectTimeout: Duration, caFile: String?, verifiesCertificate: Bool,
        ehloName: String?
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.caFile = caFile
        self.verifiesCertificate = verifiesCertificate
        self.ehloName = ehloName
    }

    /// Whether the configuration authenticates.
    public var hasCredentials: Bool { username != nil }

    /// The host as it appears in a URL: IPv6 addresses in brackets.
    var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    /// The URL handed to libcurl: scheme, host, port and the EHLO name as the path; never credentials.
    var curlURL: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        return "\(scheme)://\(hostForURL):\(port)/\(ehloName ?? "")"
    }
}

extension SMTPConfiguration: CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The configuration as a URL with every setting spelled out and the password shown as `***`.
    public var description: String {
        var text = security == .implicitTLS ? "smtps://" : "smtp://"
        if let username {
            let user =
                username.addingPercentEncoding(withAllowedCharacters: Self.userAllowed) ?? username
            text += "\(user):***@"
        }
        text += "\(hostForURL):\(port)"
        var query: [String] = []
        switch security {
        case .implicitTLS: break
        case .startTLSRequired: query.append("starttls=required")
        case .startTLSOpportunistic: query.append("starttls=opportunistic")
        case .plaintext: query.append("starttls=off")
        }
        query.append("timeout=\(Self.seconds(timeout))")
        query.append("connect_timeout=\(Self.seconds(connectTimeout))")
        if let caFile { query.append("cafile=\(caFile)") }
        if !verifiesCertificate { query.append("verify=off") }
        if let ehloName { query.append("ehlo=\(ehloName)") }
        return text + "?" + query.joined(separator: "&")
    }

    /// The same as `description`, so `debugPrint` and string interpolation in logs never show the password.
    public var debugDescription: String { description }

    /// A mirror without the password, so `dump` does not print it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username as Any,
                "password": password == nil ? "nil" : "***",
                "security": security, "timeout": timeout, "connectTimeout": connectTimeout,
                "caFile": caFile as Any,
                "verifiesCertificate": verifiesCertificate, "ehloName": ehloName as Any,
            ],
            displayStyle: .struct
        )
    }

    private static let userAllowed: CharacterSet = {
        var set = CharacterSet.urlUserAllowed
        set.remove(charactersIn: ":@")
        return set
    }()

    /// Seconds as written in a URL: `60`, `2.5`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return String(seconds) }
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return String(format: "%g", value)
    }
}
