import CLibPQ

/// Where and how to connect: a `postgres://` URL or a libpq conninfo string,
/// plus settings applied to every session.
///
/// URLs follow libpq (`postgres://user:pass@host:5432/db?sslmode=verify-full&sslrootcert=…`);
/// a Unix socket is a `host` parameter (`postgres:///circles?host=/run/postgresql`).
/// One extra URL parameter is understood here: `statement_timeout` (milliseconds, or a
/// PostgreSQL duration such as `30s`).
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// libpq keywords and values (password included; never printed).
    let parameters: [(keyword: String, value: String)]
    /// `statement_timeout` for every session, in PostgreSQL's syntax (`0` disables it).
    public var statementTimeout: String?
    /// `idle_in_transaction_session_timeout` for every session, in PostgreSQL's syntax (`0` disables it):
    /// a session left idle inside a transaction (a stopped process) is ended and its locks released.
    public var idleInTransactionTimeout: String?
    /// A `search_path` for every session, e.g. a test's private schema.
    public var searchPath: [String]?
    /// `application_name` shown in `pg_stat_activity`.
    public var applicationName: String

    /// Parses a URL or conninfo string; the error never repeats the password.
    public init(_ text: String, applicationName: String = "circles") throws {
        var conninfo = text
        var statementTimeout: String?
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            (conninfo, statementTimeout) = Self.removingOwnParameters(from: text)
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "out of memory"
            PQfreemem(errorMessage)
            throw PostgresError(
                code: .invalidConfiguration,
                message: "invalid PostgreSQL URL or conninfo: "
                    + reason.trimmingTrailingWhitespace
                    + ". Expected postgres://user:password@host:port/database?sslmode=… or host=… dbname=…"
            )
        }
        defer { PQconninfoFree(options) }
        var parameters: [(String, String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                parameters.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        self.parameters = parameters
        self.statementTimeout = statementTimeout
        self.applicationName = applicationName
    }

    /// The value libpq will use for a keyword, as written in the configuration.
    public func value(for keyword: String) -> String? {
        parameters.last { $0.keyword == keyword }?.value
    }

    /// The connection target without secrets, e.g. `host=/tmp port=5433 dbname=circles user=postgres`.
    public var description: String {
        parameters
            .filter { $0.keyword != "password" && $0.keyword != "sslpassword" }
            .map { "\($0.keyword)=\($0.value)" }
            .joined(separator: " ")
    }

    /// Takes `statement_timeout` out of a URL's query, since libpq rejects unknown URL parameters.
    private static func removingOwnParameters(from url: String) -> (String, String?) {
        guard let question = url.firstIndex(of: "?") else { return (url, nil) }
        var kept: [Substring] = []
        var timeout: String?
        for pair in url[url.index(after: question)...].split(separator: "&") {
            if pair.hasPrefix("statement_timeout=") {
                timeout = String(pair.dropFirst("statement_timeout=".count)).removingPercentEncodingIfPossible
            } else {
                kept.append(pair)
            }
        }
        let base = String(url[..<question])
        return (kept.isEmpty ? base : base + "?" + kept.joined(separator: "&"), timeout)
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    var removingPercentEncodingIfPossible: String {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
