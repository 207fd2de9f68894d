import Dispatch
import Foundation
import Synchronization

/// A bare TCP client for the server tests: sends chunks (with pauses between them) and reads
/// until the server closes. Runs on a queue of its own, off Swift's cooperative pool, which the
/// server's handlers need.
enum RawClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exchange(port: Int, _ chunks: [String], pause: Duration = .zero, closeAfterSending: Bool = false) async throws -> String {
        try await offThePool { try blockingExchange(port: port, chunks, pause: pause, closeAfterSending: closeAfterSending) }
    }

    /// Sends `total` bytes of `pattern` as fast as the server takes them while reading its answer on
    /// another thread; returns the answer, read until the server closed the connection. A send
    /// that fails because the server closed first ends the sending quietly.
    static func flood(port: Int, _ pattern: String, total: Int) async throws -> (answer: String, sent: Int) {
        try await offThePool {
            let descriptor = try dial(port: port)
            defer { close(descriptor) }
            // A small send buffer, so that what the client got out says what the server took in.
            var bufferSize: Int32 = 65_536
            _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
            let sent = Mutex(0)
            let sender = DispatchGroup()
            DispatchQueue(label: "raw-client-flood").async(group: sender) {
                let block = Array(String(repeating: pattern, count: max(1, 65_536 / max(pattern.utf8.count, 1))).utf8)
                var left = total
                while left > 0 {
                    let size = min(left, block.count)
                    let count = block.withUnsafeBytes { send(descriptor, $0.baseAddress!, size, Int32(MSG_NOSIGNAL)) }
                    if count <= 0 { return }
                    left -= count
                    sent.withLock { $0 += count }
                }
            }
            let answer = readUntilClosed(descriptor)
            _ = shutdown(descriptor, Int32(SHUT_RDWR))  // unblocks the sender if it is still waiting
            sender.wait()
            return (String(decoding: answer, as: UTF8.self), sent.withLock { $0 })
        }
    }

    /// Sends `text` one byte every `interval` until the server closes the connection or `text` runs
    /// out; returns how long after connecting the server closed it (nil if it never did) and what it said.
    static func trickle(port: Int, _ text: String, interval: Duration) async throws -> (closedAfter: Duration?, answer: String) {
        try await offThePool {
            let descriptor = try dial(port: port)
            defer { close(descriptor) }
            let started = ContinuousClock.now
            let milliseconds = Int32(interval.components.seconds * 1_000 + interval.components.attoseconds / 1_000_000_000_000_000)
            for byte in Array(text.utf8) {
                var byte = byte
                // The server closing shows as a readable socket (its answer, then end-of-file) or a failed send.
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                if poll(&entry, 1, 0) > 0 || send(descriptor, &byte, 1, Int32(MSG_NOSIGNAL)) <= 0 {
                    let answer = readUntilClosed(descriptor)
                    return (ContinuousClock.now - started, String(decoding: answer, as: UTF8.self))
                }
                entry.revents = 0
                if poll(&entry, 1, milliseconds) > 0 {
                    let answer = readUntilClosed(descriptor)
                    return (ContinuousClock.now - started, String(decoding: answer, as: UTF8.self))
                }
            }
            return (nil, "")
        }
    }

    /// Opens a connection and returns its descriptor; the caller closes it.
    static func open(port: Int) throws -> Int32 {
        try dial(port: port)
    }

    private static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "raw-client").async {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    private static func dial(port: Int) throws -> Int32 {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "connect: \(message)")
        }
        return descriptor
    }

    /// Reads until end-of-file, a reset, or 10 s of silence.
    private static func readUntilClosed(_ descriptor: Int32) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return received
    }

    private static func blockingExchange(port: Int, _ chunks: [String], pause: Duration, closeAfterSending: Bool) throws -> String {
        let descriptor = try dial(port: port)
        defer { close(descriptor) }
        for (index, chunk) in chunks.enumerated() {
            if index > 0, pause > .zero { Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18 + Double(pause.components.seconds)) }
            let bytes = Array(chunk.utf8)
            var offset = 0
            while offset < bytes.count {
                let sent = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
                offset += sent
            }
        }
        if closeAfterSending { _ = shutdown(descriptor, Int32(SHUT_WR)) }
        return String(decoding: readUntilClosed(descriptor), as: UTF8.self)
    }
}
