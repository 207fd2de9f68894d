/// Reads iCalendar text (RFC 5545 §3.1) into components: unfolds lines, splits names, parameters
/// and values, and checks that BEGIN and END pair up. Values are left as written; the typed
/// readers on `ICalendarProperty` interpret them.
///
/// Input is untrusted (imported closure files, replies from mail clients): it is bounded by
/// `limits`, NUL and control characters other than TAB are refused, and every error names its line.
public struct ICalendarReader: Sendable {
    /// The bounds in force.
    public let limits: ICalendarReadLimits

    /// A reader with the given bounds.
    public init(limits: ICalendarReadLimits = ICalendarReadLimits()) {
        self.limits = limits
    }

    /// The top-level components of `text` (normally one or more VCALENDARs).
    public func read(_ text: String) throws(ICalendarReadError) -> [ICalendarComponent] {
        try read(Array(text.utf8))
    }

    /// The top-level components of UTF-8 `bytes`.
    public func read(_ bytes: some Collection<UInt8>) throws(ICalendarReadError) -> [ICalendarComponent] {
        guard bytes.count <= limits.maximumBytes else {
            throw ICalendarReadError(line: 0, "the calendar is \(bytes.count) bytes; at most \(limits.maximumBytes) are accepted")
        }
        var builder = TreeBuilder(limits: limits)
        var logical: [UInt8] = []
        var logicalLine = 0
        var physicalLine = 0
        var current: [UInt8] = []
        current.reserveCapacity(128)

        func flush() throws(ICalendarReadError) {
            guard !logical.isEmpty else { return }
            try builder.add(try ContentLineParser.parse(logical, line: logicalLine))
            logical.removeAll(keepingCapacity: true)
        }
        func endPhysicalLine() throws(ICalendarReadError) {
            physicalLine += 1
            if current.last == UInt8(ascii: "\r") { current.removeLast() }
            if let first = current.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                guard !logical.isEmpty else {
                    throw ICalendarReadError(line: physicalLine, "a continuation line (starting with a space) must follow a content line")
                }
                logical.append(contentsOf: current.dropFirst())
            } else {
                try flush()
                logical.append(contentsOf: current)
                logicalLine = physicalLine
            }
            guard logical.count <= limits.maximumLineOctets else {
                throw ICalendarReadError(line: logicalLine, "a content line is longer than \(limits.maximumLineOctets) bytes once unfolded")
            }
            current.removeAll(keepingCapacity: true)
        }

        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                try endPhysicalLine()
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { try endPhysicalLine() }
        try flush()
        return try builder.finish()
    }
}

/// One logical line split into its parts, before it is placed in a component.
struct ContentLine {
    var name: String
    var parameters: [ICalendarParameter]
    var value: String
    var line: Int
}

/// Builds the component tree from content lines, enforcing nesting and counts.
private struct TreeBuilder {
    let limits: ICalendarReadLimits
    var stack: [ICalendarComponent] = []
    var roots: [ICalendarComponent] = []
    var componentCount = 0

    init(limits: ICalendarReadLimits) {
        self.limits = limits
    }

    mutating func add(_ contentLine: ContentLine) throws(ICalendarReadError) {
        switch contentLine.name {
        case "BEGIN":
            let name = contentLine.value.uppercased()
            guard ContentLineParser.isName(name) else {
                throw ICalendarReadError(line: contentLine.line, "BEGIN needs a component name such as VCALENDAR or VEVENT")
            }
            componentCount += 1
            guard componentCount <= limits.maximumComponents else {
                throw ICalendarReadError(line: contentLine.line, "more than \(limits.maximumComponents) components")
            }
            guard stack.count < limits.maximumDepth else {
                throw ICalendarReadError(line: contentLine.line, "components nest more than \(limits.maximumDepth) deep")
            }
            stack.append(ICalendarComponent(name: name, line: contentLine.line))
        case "END":
            let name = contentLine.value.uppercased()
            guard let open = stack.popLast() else {
                throw ICalendarReadError(line: contentLine.line, "END:\(name) without a matching BEGIN")
            }
            guard open.name == name else {
                throw ICalendarReadError(line: contentLine.line, "END:\(name) closes BEGIN:\(open.name) of line \(open.line); expected END:\(open.name)")
            }
            if stack.isEmpty {
                roots.append(open)
            } else {
                stack[stack.count - 1].components.append(open)
            }
        default:
            guard !stack.isEmpty else {
                throw ICalendarReadError(line: contentLine.line, "\(contentLine.name) is outside any component; a calendar starts with BEGIN:VCALENDAR")
            }
            guard stack[stack.count - 1].properties.count < limits.maximumPropertiesPerComponent else {
                throw ICalendarReadError(line: contentLine.line, "more than \(limits.maximumPropertiesPerComponent) properties in one \(stack[stack.count - 1].name)")
            }
            stack[stack.count - 1].properties.append(
                ICalendarProperty(name: contentLine.name, parameters: contentLine.parameters, value: contentLine.value, line: contentLine.line))
        }
    }

    func finish() throws(ICalendarReadError) -> [ICalendarComponent] {
        if let open = stack.last {
            throw ICalendarReadError(line: open.line, "BEGIN:\(open.name) is never closed; expected END:\(open.name)")
        }
        guard !roots.isEmpty else {
            throw ICalendarReadError(line: 0, "no calendar found; expected BEGIN:VCALENDAR … END:VCALENDAR")
        }
        return roots
    }
}
