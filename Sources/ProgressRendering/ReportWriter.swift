import CirclesDomain

/// Report text as UTF-8 bytes, gathered in a buffer and handed to a sink a chunk at a time.
///
/// A report for every team runs to tens of megabytes (160 MB of HTML for 5,000 teams); built as
/// one `String` it costs a copy per nesting level and holds everything in memory before the
/// first byte is written. Renderers append bytes here instead and call `checkpoint()` between
/// sections, which passes the buffer on once it holds at least `chunkSize` bytes. Appends never
/// fail; a failing sink (a closed pipe, a full disk) throws from `checkpoint()` or `finish()`.
public struct ReportWriter {
    /// Receives each chunk of output, in order; the bytes are only valid during the call.
    public typealias Sink = (UnsafeRawBufferPointer) throws -> Void

    /// The bytes not yet handed to the sink (all of them, without a sink).
    private(set) var bytes: [UInt8] = []
    private let sink: Sink?
    private let chunkSize: Int

    /// A writer that passes on chunks of about `chunkSize` bytes to `sink`.
    public init(chunkSize: Int = 64 * 1024, sink: @escaping Sink) {
        self.sink = sink
        self.chunkSize = chunkSize
        bytes.reserveCapacity(chunkSize + chunkSize / 2)
    }

    /// A writer that keeps everything, for `text`.
    init() {
        sink = nil
        chunkSize = .max
    }

    /// Everything written so far, as text (for a writer without a sink).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Hands the buffer to the sink when it holds a chunk's worth. Renderers call it between
    /// sections, so a chunk ends on a section boundary and the buffer stays about one chunk long.
    public mutating func checkpoint() throws {
        if bytes.count >= chunkSize { try flush() }
    }

    /// Hands whatever is left to the sink.
    public mutating func finish() throws {
        if !bytes.isEmpty { try flush() }
    }

    private mutating func flush() throws {
        guard let sink else { return }
        try bytes.withUnsafeBytes { try sink($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: Appending

    mutating func write(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ text: Substring) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// What another writer without a sink gathered (see `Text`).
    mutating func write(contentsOf other: ReportWriter) {
        bytes.append(contentsOf: other.bytes)
    }

    mutating func write(byte: UInt8) {
        bytes.append(byte)
    }

    /// Lets a writer from another module (the CSV writer, the JSON string escaper) append to the buffer.
    mutating func append(_ body: (inout [UInt8]) -> Void) {
        body(&bytes)
    }

    /// `count` copies of `byte` (padding).
    mutating func write(_ byte: UInt8, count: Int) {
        guard count > 0 else { return }
        bytes.append(contentsOf: repeatElement(byte, count: count))
    }

    /// A whole number in decimal, as `String(value)` would give it, without making a string.
    mutating func write(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // safe: -Int.min overflows, so go through the magnitude.
            writeDigits(value.magnitude)
        } else {
            writeDigits(UInt(value))
        }
    }

    private mutating func writeDigits(_ value: UInt) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// A day as `YYYY-MM-DD`, as `CalendarDay.description` gives it.
    mutating func write(_ day: CalendarDay) {
        let (year, month, dayOfMonth) = day.components
        guard (0...9999).contains(year) else {
            write(day.description)
            return
        }
        let zero = UInt8(ascii: "0")
        bytes.append(zero + UInt8(year / 1000))
        bytes.append(zero + UInt8(year / 100 % 10))
        bytes.append(zero + UInt8(year / 10 % 10))
        bytes.append(zero + UInt8(year % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(zero + UInt8(month / 10))
        bytes.append(zero + UInt8(month % 10))
        bytes.append(UInt8(ascii: "-"))
        bytes.append(zero + UInt8(dayOfMonth / 10))
        bytes.append(zero + UInt8(dayOfMonth % 10))
    }

    /// `text` with some bytes replaced: `replacement` gives the bytes to write for each byte
    /// (nil to keep it). Runs of kept bytes are copied whole, so text with nothing to replace
    /// is a single copy. The escapers pass a function that is inlined here.
    @inline(__always)
    mutating func write(_ text: String, replacing replacement: (UInt8) -> StaticString?) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                guard let escaped = replacement(utf8[index]) else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                write(escaped)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
    }
}
