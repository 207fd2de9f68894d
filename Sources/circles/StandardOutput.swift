import CirclesServices
import Foundation
import ProgressRendering

/// Standard output for reports too large to build in memory first: a `ReportWriter` whose
/// chunks go straight to file descriptor 1 with write(2).
enum StandardOutput {
    /// A writer that hands standard output 64 KiB at a time.
    static func writer() -> ReportWriter {
        ReportWriter(chunkSize: 64 * 1024) { try write($0) }
    }

    /// Writes all of `bytes`, resuming after short writes and interrupted calls.
    static func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)  // safe: count > 0
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(code: errno)
            }
            offset += written
        }
    }

    /// Standard output could not be written (a closed pipe, a full disk).
    struct WriteError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "could not write to standard output: \(String(cString: strerror(code)))" }
    }
}
