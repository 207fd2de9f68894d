import Foundation

/// Where the HTTP server listens: `host:port`, `[v6]:port`, or `:port` for every interface.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or address; nil means every interface.
    public var host: String?
    /// The TCP port; 0 asks the kernel for a free one (tests).
    public var port: Int

    /// An address from its parts.
    public init(host: String?, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464` or `:9464`.
    public init(parsing text: String) throws(ListenAddressError) {
        let trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        guard let colon = trimmed.lastIndex(of: ":") else {
            throw ListenAddressError("\(text): expected host:port, e.g. 127.0.0.1:9464, [::1]:9464 or :9464")
        }
        var host = trimmed[..<colon]
        let portText = trimmed[trimmed.index(after: colon)...]
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ListenAddressError("\(text): the port must be a number from 0 to 65535")
        }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw ListenAddressError("\(text): an IPv6 address needs its closing ]") }
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            throw ListenAddressError("\(text): write an IPv6 address in brackets, e.g. [::1]:9464")
        }
        guard !host.contains(where: { $0 == " " || $0 == "/" }) else { throw ListenAddressError("\(text): the host is not a host name") }
        self.init(host: host.isEmpty ? nil : String(host), port: port)
    }

    public var description: String {
        guard let host else { return ":\(port)" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// An address that cannot be listened on, or not parsed.
public struct ListenAddressError: Error, Sendable, CustomStringConvertible {
    /// A sentence naming the address and what would be accepted.
    public let description: String
    init(_ description: String) { self.description = description }
}
