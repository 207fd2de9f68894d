#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells systemd how the service is doing (`sd_notify(3)`): `READY=1` for `Type=notify`,
/// `STOPPING=1`, and a `STATUS=` line for `systemctl status`.
///
/// Writes one datagram to the unix socket named by `NOTIFY_SOCKET` (a path, or an abstract
/// name starting with `@`). Without that variable every call does nothing, so the worker
/// behaves the same outside systemd.
public struct SystemdNotifier: Sendable {
    /// The socket address, as `NOTIFY_SOCKET` gives it; nil when not run by systemd.
    public let socketPath: String?

    /// A notifier for `NOTIFY_SOCKET` from `environment`.
    public init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether systemd is listening.
    public var isEnabled: Bool { socketPath != nil }

    /// The service is ready (`READY=1`), with an optional status line.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        notify(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// The service is stopping (`STOPPING=1`).
    @discardableResult
    public func stopping(status: String? = nil) -> Bool {
        notify(["STOPPING=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// A free-form status line for `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        notify(["STATUS=\(text)"])
    }

    /// Sends `assignments` as one newline-separated datagram; false when not sent.
    @discardableResult
    public func notify(_ assignments: [String]) -> Bool {
        guard let socketPath else { return false }
        let message = Array(assignments.map { $0.replacingNewlines() }.joined(separator: "\n").utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }  // an abstract name: a leading NUL
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.enumerated() { buffer[index] = byte }
        }
        // An abstract name's length counts exactly; a path's includes its terminating NUL.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.count + (path.first == 0 ? 0 : 1))  // safe: sun_path is a stored property
        let descriptor = socket(AF_UNIX, Self.datagram, 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let sent = message.withUnsafeBytes { bytes in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, bytes.baseAddress, bytes.count, Self.sendFlags, $0, length)
                }
            }
        }
        return sent == message.count
    }
}

extension String {
    /// A notification value may not span lines.
    fileprivate func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}

extension SystemdNotifier {
    #if canImport(Darwin)
        static let datagram = SOCK_DGRAM
        static let sendFlags: Int32 = 0
    #else
        static let datagram = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        /// A peer that went away must not kill the process with SIGPIPE.
        static let sendFlags = Int32(MSG_NOSIGNAL)
    #endif
}
