import Foundation
import Observability
import Testing

@Suite("sd_notify: READY=1 and STOPPING=1 reach the socket systemd names")
struct SystemdNotifierTests {
    /// A unix datagram socket bound to `path` (a leading `@` means an abstract name).
    final class Receiver {
        let descriptor: Int32

        init(path: String) throws {
            #if canImport(Glibc)
                descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            #else
                descriptor = socket(AF_UNIX, SOCK_DGRAM, 0)
            #endif
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            var bytes = Array(path.utf8)
            if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            }
            let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (bytes.first == 0 ? 0 : 1))
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard descriptor >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        }

        func receive() -> String {
            var buffer = [UInt8](repeating: 0, count: 4_096)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        }

        deinit { close(descriptor) }
    }

    @Test("to a socket path")
    func path() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString.prefix(8))").path
        let receiver = try Receiver(path: path)
        defer { unlink(path) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        #expect(notifier.ready(status: "sending\nreminders"))
        #expect(receiver.receive() == "READY=1\nSTATUS=sending reminders")
        #expect(notifier.stopping())
        #expect(receiver.receive() == "STOPPING=1")
    }

    @Test("to an abstract socket name starting with @")
    func abstract() throws {
        let name = "@circles-test-\(UUID().uuidString.prefix(8))"
        let receiver = try Receiver(path: name)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).ready())
        #expect(receiver.receive() == "READY=1")
    }

    @Test("without NOTIFY_SOCKET nothing is sent and nothing fails")
    func disabled() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready())
    }
}
