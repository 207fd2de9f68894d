import Foundation

/// Reads lines from a file handle without ever holding more than `maximumBytes` of one line:
/// a longer line is skipped to its end and reported as too long.
struct BoundedLineReader {
    /// One line, or the fact that a line was too long.
    enum Line {
        case text(String)
        case tooLong
    }

    private let handle: FileHandle
    private let maximumBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where to look for the next newline (the bytes before it have none).
    private var scanFrom = 0
    private var discarding = false
    private var atEnd = false

    init(handle: FileHandle, maximumBytes: Int) {
        self.handle = handle
        self.maximumBytes = maximumBytes
    }

    /// The next line (without its newline), or nil at the end of the input.
    mutating func next() throws -> Line? {
        while true {
            if let newline = buffer[max(start, scanFrom)...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                scanFrom = start
                if discarding || line.count > maximumBytes {
                    discarding = false
                    return .tooLong
                }
                return .text(String(decoding: line, as: UTF8.self))
            }
            scanFrom = buffer.count
            if buffer.count - start > maximumBytes {
                discarding = true  // keep reading, but only to find this line's end
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanFrom = 0
            }
            if atEnd {
                guard start < buffer.count || discarding else { return nil }
                let line = buffer[start...]
                buffer.removeAll()
                start = 0
                scanFrom = 0
                if discarding {
                    discarding = false
                    return .tooLong
                }
                return .text(String(decoding: line, as: UTF8.self))
            }
            if start > 0 {
                buffer.removeFirst(start)
                scanFrom -= start
                start = 0
            }
            // read(2), not FileHandle.read(upToCount:), which waits for the whole count: a
            // caller that sends one line and waits for its answer must get it.
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw MatchingInputError(errno: errno)
            }
            if count == 0 { atEnd = true } else { buffer.append(contentsOf: chunk[..<count]) }
        }
    }
}

/// Reading the input failed (not a bad line: the input itself could not be read).
struct MatchingInputError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { "--input: reading failed: \(String(cString: strerror(errno)))" }
}
