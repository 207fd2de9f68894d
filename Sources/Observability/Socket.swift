#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin helpers over the POSIX socket calls the HTTP server and the systemd notifier make.
enum Socket {
    #if canImport(Darwin)
        static let stream = SOCK_STREAM
        static let datagram = SOCK_DGRAM
        static let sendFlags: Int32 = 0
    #else
        static let stream = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        static let datagram = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        /// A peer that went away must not kill the process with SIGPIPE.
        static let sendFlags = Int32(MSG_NOSIGNAL)
    #endif

    /// Marks a descriptor close-on-exec.
    static func closeOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    /// The text of the current `errno`.
    static var lastError: String { String(cString: strerror(errno)) }

    /// Waits up to `milliseconds` (-1: for ever) until `descriptor` is readable (or writable); false on timeout.
    static func wait(_ descriptor: Int32, writable: Bool = false, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(writable ? POLLOUT : POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }

    /// Writes all of `bytes`, waiting at most until `deadline`; false when the peer is gone or too slow.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], deadline: ContinuousClock.Instant) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard wait(descriptor, writable: true, milliseconds: remaining(until: deadline)) else { return false }
            let written = bytes.withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress! + offset, bytes.count - offset, sendFlags)  // safe: bytes is not empty here
            }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Milliseconds from now until `deadline`, at least 0.
    static func remaining(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline)
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1_000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }
}
