import Foundation
import PostgresTestSupport

/// A unix datagram socket under an abstract name, standing in for systemd's notify socket.
final class DatagramReceiver: @unchecked Sendable {
    let descriptor: Int32

    init(abstractName: String) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #else
            descriptor = socket(AF_UNIX, SOCK_DGRAM, 0)
        #endif
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(abstractName.utf8)
        bytes[0] = 0
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard descriptor >= 0, bound == 0 else { throw TestSetupError("cannot bind \(abstractName): \(String(cString: strerror(errno)))") }
    }

    /// The next datagram (waits up to 15 s, off the cooperative pool).
    func receive() async throws -> String {
        let descriptor = self.descriptor
        return await withCheckedContinuation { continuation in
            DispatchQueue(label: "notify-receiver").async {
                var buffer = [UInt8](repeating: 0, count: 4_096)
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                continuation.resume(returning: count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : "")
            }
        }
    }

    deinit { close(descriptor) }
}
