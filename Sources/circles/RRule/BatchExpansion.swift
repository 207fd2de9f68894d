import Foundation
import Recurrence

/// `circles rrule expand --input`: JSON Lines in, one result line per input line out, in order.
///
/// Output is written as bytes into one reused buffer handed to standard output 64 KiB at a time:
/// formatting, not expansion, is what a whole-process run spends its time on.
enum BatchExpansion {
    /// The largest `limit` a request may ask for.
    static let maximumLimit = 100_000
    /// The most closed dates one request may carry.
    static let maximumClosedDates = 10_000
    /// The longest input line accepted, in bytes.
    static let maximumLineBytes = 1 << 20

    /// Requests read before they are expanded together, on every core, and written in order. Each
    /// line's output buffer is kept for the next round, so a round's memory is touched once per run.
    static let linesPerRound = 64
    /// A line's output at least this long goes to standard output as it is, not copied first.
    static let directWriteBytes = 1 << 14

    /// Expands every request in the file at `path` (`-` for standard input), writing results to standard output.
    static func run(path: String) throws {
        var output = BatchOutput()
        var round: [String] = []
        round.reserveCapacity(linesPerRound)
        let slots = RoundSlots(capacity: linesPerRound)
        func expandRound() throws {
            try slots.expand(round)
            for index in round.indices {
                let bytes = slots.bytes(at: index)
                if bytes.count >= directWriteBytes {
                    try output.flush()
                    try bytes.withUnsafeBytes { try StandardOutput.write($0) }
                } else {
                    output.append(bytes)
                    try output.flushIfFull()
                }
            }
            round.removeAll(keepingCapacity: true)
        }
        if path == "-" {
            while let line = readLine(strippingNewline: true) {
                round.append(line)
                if round.count == linesPerRound { try expandRound() }
            }
        } else {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw RecurrenceError(
                    .malformedSet, part: "--input",
                    "cannot read \(path): \(error.localizedDescription)")
            }
            for line in String(decoding: data, as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false)
            {
                round.append(String(line))
                if round.count == linesPerRound { try expandRound() }
            }
        }
        try expandRound()
        try output.flush()
    }

    /// The output line for one input line as text (nil for a blank line, which is not a request).
    static func result(for line: String) throws -> String? {
        var output = BatchOutput()
        try write(line, to: &output)
        guard !output.bytes.isEmpty else { return nil }
        return String(decoding: output.bytes.dropLast(), as: UTF8.self)
    }

    /// Writes the result line for one input line; a blank line writes nothing.
    static func write(_ line: String, to output: inout BatchOutput) throws {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return }
        guard trimmed.utf8.count <= maximumLineBytes else {
            try output.error(id: .null, "the line is longer than \(maximumLineBytes) bytes")
            return
        }
        guard
            let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)))
                as? [String: Any]
        else {
            try output.error(id: .null, "the line is not a JSON object")
            return
        }
        let id: JSONLine.Value = (object["id"] as? String).map { .string($0) } ?? .null
        let request: Request
        do {
            request = try Request(object)
        } catch {
            try output.error(id: id, error.message)
            return
        }
        try output.begin(id: id)
        // Room for the occurrences up front (each is at most 28 bytes and 3 of punctuation), so the
        // buffer is not copied as it grows; a large limit on a short rule must not reserve megabytes.
        output.reserve(additional: 16 + min(request.limit, 4096) * (RFC3339Writer.longest + 3))
        if let closures = request.closures {
            output.scheduled(request.set.scheduledOccurrences(closures: closures).prefix(request.limit))
        } else {
            output.occurrences(request.set.occurrences().prefix(request.limit))
        }
    }

    /// One parsed request line.
    struct Request {
        let set: RecurrenceSet
        let limit: Int
        let closures: ClosureRule?

        init(_ object: [String: Any]) throws(RecurrenceError) {
            if object["id"] != nil && !(object["id"] is String) {
                throw RecurrenceError(.malformedSet, part: "id", "id: expected a string")
            }
            guard let number = object["limit"] as? NSNumber, !Self.isBoolean(number),
                number.doubleValue == number.doubleValue.rounded(),
                (0...Double(maximumLimit)).contains(number.doubleValue)
            else {
                throw RecurrenceError(
                    .malformedSet, part: "limit",
                    "limit: required, a whole number from 0 to \(maximumLimit)")
            }
            let startText = try Self.field("dtstart", in: object)
            guard let start = LocalDateTime(iso: startText) else {
                throw RecurrenceError(
                    .malformedDateTime, part: "dtstart",
                    "dtstart: \"\(startText)\" is not a local date-time such as 2026-12-08T14:00:00")
            }
            let zone = try Self.field("tzid", in: object)
            set = try RecurrenceSet(
                start: start, timeReference: zone == "UTC" ? .utc : .zone(zone),
                rule: RecurrenceRule(parsing: try Self.field("rrule", in: object)),
                exceptionDates: try Self.dateTimes("exdate", in: object),
                extraDates: try Self.dateTimes("rdate", in: object))
            limit = number.intValue
            closures = try Self.closures(in: object)
        }

        /// Whether JSONSerialization read `true` or `false` (on Linux, `is Bool` also holds for 0 and 1).
        private static func isBoolean(_ number: NSNumber) -> Bool {
            String(cString: number.objCType) == "c"
        }

        private static func field(_ key: String, in object: [String: Any]) throws(RecurrenceError) -> String {
            guard let value = object[key] as? String else {
                throw RecurrenceError(.malformedSet, part: key, "\(key): required, a string")
            }
            return value
        }

        private static func dateTimes(_ key: String, in object: [String: Any]) throws(RecurrenceError) -> [LocalDateTime] {
            guard let raw = object[key], !(raw is NSNull) else { return [] }
            guard let list = raw as? [String] else {
                throw RecurrenceError(
                    .malformedSet, part: key,
                    "\(key): expected a list of local date-times such as [\"2026-12-22T14:00:00\"]")
            }
            var result: [LocalDateTime] = []
            for text in list {
                guard let value = LocalDateTime(iso: text) else {
                    throw RecurrenceError(
                        .malformedDateTime, part: key,
                        "\(key): \"\(text)\" is not a local date-time such as 2026-12-22T14:00:00")
                }
                result.append(value)
            }
            return result
        }

        /// `closed`, `on_closure` and `within_month`; nil when the request names no closed dates.
        private static func closures(in object: [String: Any]) throws(RecurrenceError) -> ClosureRule? {
            var policy = ClosurePolicy.skip
            if let raw = object["on_closure"], !(raw is NSNull) {
                guard let text = raw as? String, let value = ClosurePolicy(rawValue: text) else {
                    throw RecurrenceError(
                        .malformedSet, part: "on_closure",
                        "on_closure: expected one of \(ClosurePolicy.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                policy = value
            }
            var withinMonth = false
            if let raw = object["within_month"], !(raw is NSNull) {
                guard let number = raw as? NSNumber, Self.isBoolean(number) else {
                    throw RecurrenceError(.malformedSet, part: "within_month", "within_month: expected true or false")
                }
                withinMonth = number.boolValue
            }
            guard let raw = object["closed"], !(raw is NSNull) else { return nil }
            guard let list = raw as? [String], list.count <= maximumClosedDates else {
                throw RecurrenceError(
                    .malformedSet, part: "closed",
                    "closed: expected a list of at most \(maximumClosedDates) dates such as [\"2027-05-03\"]")
            }
            var dates: [LocalDate] = []
            for text in list {
                guard let date = LocalDate(iso: text) else {
                    throw RecurrenceError(
                        .malformedDateTime, part: "closed", "closed: \"\(text)\" is not a date such as 2027-05-03")
                }
                dates.append(date)
            }
            return ClosureRule(closedDays: ClosedDays(dates), policy: policy, keepWithinMonth: withinMonth)
        }
    }
}

/// One round's output buffers, one per line, kept from round to round. The line at index i is
/// expanded into slot i by one thread while the round runs; the slots are read once it is over.
/// Reusing them matters: faulting in fresh pages for every round cost about as much as the formatting.
final class RoundSlots: @unchecked Sendable {
    // Slot i is written only by the iteration for line i, inside `expand`; read only after it returns.
    private let outputs: UnsafeMutablePointer<BatchOutput>
    private let failures: UnsafeMutablePointer<(any Error)?>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        outputs = .allocate(capacity: capacity)
        outputs.initialize(repeating: BatchOutput(reserving: 0), count: capacity)
        failures = .allocate(capacity: capacity)
        failures.initialize(repeating: nil, count: capacity)
    }

    deinit {
        outputs.deinitialize(count: capacity)
        outputs.deallocate()
        failures.deinitialize(count: capacity)
        failures.deallocate()
    }

    /// Expands each line (at most `capacity` of them) into its slot, on as many threads as there are
    /// cores: requests are independent, and a whole-process run is otherwise bound by one core.
    /// Throws the error of the first line that failed.
    func expand(_ lines: [String]) throws {
        let count = min(lines.count, capacity)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            outputs[index].removeAll()
            do {
                try BatchExpansion.write(lines[index], to: &outputs[index])
                failures[index] = nil
            } catch {
                failures[index] = error
            }
        }
        for index in 0..<count {
            if let failure = failures[index] { throw failure }
        }
    }

    /// The output of the line at `index` in the last round.
    func bytes(at index: Int) -> [UInt8] { outputs[index].bytes }
}

/// The batch expander's output: one byte buffer, reused, written to standard output in large chunks.
struct BatchOutput {
    private(set) var bytes: [UInt8] = []
    /// How much is buffered before it is handed to standard output.
    static let chunk = 1 << 16

    init(reserving capacity: Int = chunk * 2) { bytes.reserveCapacity(capacity) }

    /// Makes room for `additional` more bytes.
    mutating func reserve(additional: Int) { bytes.reserveCapacity(bytes.count + additional) }

    /// Empties the buffer, keeping its memory.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Appends another buffer's bytes (a line expanded elsewhere).
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// `{"id":…,"error":"…"}` and a newline.
    mutating func error(id: JSONLine.Value, _ message: String) throws {
        bytes.append(contentsOf: try JSONLine.object([("id", id), ("error", .string(message))]).utf8)
        bytes.append(0x0A)
    }

    /// `{"id":…,` — the start of a result line.
    mutating func begin(id: JSONLine.Value) throws {
        let prefix = try JSONLine.object([("id", id)])
        bytes.append(contentsOf: prefix.utf8.dropLast())
        bytes.append(UInt8(ascii: ","))
    }

    /// `"occurrences":[…]}` and a newline.
    ///
    /// Occurrences are formatted into a small scratch area with `RFC3339Writer` and appended a few
    /// kilobytes at a time: appending each one separately cost more than formatting it.
    mutating func occurrences(_ list: some Sequence<Occurrence>) {
        bytes.append(contentsOf: #""occurrences":["#.utf8)
        var writer = RFC3339Writer()
        var first = true
        let scratchSize = 4096
        withUnsafeTemporaryAllocation(byteCount: scratchSize, alignment: 8) { scratch in
            // safe: a temporary allocation of a non-zero size has a base address.
            guard let base = scratch.baseAddress else { return }
            var used = 0
            for occurrence in list {
                if used > scratchSize - 3 - RFC3339Writer.room {
                    bytes.append(contentsOf: UnsafeRawBufferPointer(start: base, count: used))
                    used = 0
                }
                if first {
                    first = false
                    base.storeBytes(of: UInt8(ascii: "\""), toByteOffset: used, as: UInt8.self)
                    used += 1
                } else {
                    base.storeBytes(of: UInt8(ascii: "\""), toByteOffset: used, as: UInt8.self)
                    base.storeBytes(of: UInt8(ascii: ","), toByteOffset: used + 1, as: UInt8.self)
                    base.storeBytes(of: UInt8(ascii: "\""), toByteOffset: used + 2, as: UInt8.self)
                    used += 3
                }
                used += writer.write(occurrence, to: base + used)
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: base, count: used))
        }
        bytes.append(contentsOf: first ? Self.emptyEnd : Self.quotedEnd)
    }

    private static let quotedEnd: [UInt8] = Array("\"]}\n".utf8)
    private static let emptyEnd: [UInt8] = Array("]}\n".utf8)

    /// `"occurrences":[held…],"moved":[{"from":…,"to":…}…],"skipped":[{"at":…,"reason":…}…]}` and a newline.
    mutating func scheduled(_ list: some Sequence<ScheduledOccurrence>) {
        var moved: [(Occurrence, Occurrence)] = []
        var skipped: [(Occurrence, ScheduledOccurrence.SkipReason)] = []
        bytes.append(contentsOf: #""occurrences":["#.utf8)
        var first = true
        for item in list {
            switch item.outcome {
            case .kept: break
            case .moved(let to): moved.append((item.original, to))
            case .skipped(let reason):
                skipped.append((item.original, reason))
                continue
            }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            quoted(item.held ?? item.original)
        }
        bytes.append(contentsOf: #"],"moved":["#.utf8)
        for (index, (from, to)) in moved.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: #"{"from":"#.utf8)
            quoted(from)
            bytes.append(contentsOf: #","to":"#.utf8)
            quoted(to)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(contentsOf: #"],"skipped":["#.utf8)
        for (index, (at, reason)) in skipped.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: #"{"at":"#.utf8)
            quoted(at)
            bytes.append(contentsOf: #","reason":""#.utf8)
            bytes.append(contentsOf: reason.rawValue.utf8)
            bytes.append(contentsOf: #""}"#.utf8)
        }
        bytes.append(contentsOf: "]}\n".utf8)
    }

    private mutating func quoted(_ occurrence: Occurrence) {
        bytes.append(UInt8(ascii: "\""))
        occurrence.appendRFC3339(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Hands the buffer to standard output once it holds a chunk.
    mutating func flushIfFull() throws {
        if bytes.count >= Self.chunk { try flush() }
    }

    /// Hands everything buffered to standard output.
    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try StandardOutput.write($0) }
        bytes.removeAll(keepingCapacity: true)
    }
}
