import CirclesDomain

/// A JSON object or array being written, laid out as `JSONEncoder` pretty-prints: one member
/// per line, two spaces of indent per level, `"key" : value`, and an empty array as `[`, a blank
/// line and `]`.
struct JSONContainer {
    /// The nesting level of the opening bracket (0 for the document itself).
    let depth: Int
    var count = 0
}

extension ReportWriter {
    /// Opens an object at `depth`; name its members with `key(_:in:)`, then `close(_:)` it.
    mutating func openObject(depth: Int) -> JSONContainer {
        write("{\n")
        return JSONContainer(depth: depth)
    }

    /// Opens an array at `depth`; start each element with `element(in:)`, then `closeArray(_:)`.
    mutating func openArray(depth: Int) -> JSONContainer {
        write("[\n")
        return JSONContainer(depth: depth)
    }

    /// Starts the next member of an object: its separator, indent and `"key" : `.
    mutating func key(_ key: StaticString, in object: inout JSONContainer) {
        element(in: &object)
        write(byte: UInt8(ascii: "\""))
        write(key)
        write("\" : ")
    }

    /// Starts the next element of an array: its separator and indent.
    mutating func element(in container: inout JSONContainer) {
        if container.count > 0 { write(",\n") }
        container.count += 1
        write(UInt8(ascii: " "), count: 2 * (container.depth + 1))
    }

    mutating func closeObject(_ object: JSONContainer) {
        write(byte: 0x0A)
        write(UInt8(ascii: " "), count: 2 * object.depth)
        write(byte: UInt8(ascii: "}"))
    }

    mutating func closeArray(_ array: JSONContainer) {
        write(byte: 0x0A)
        write(UInt8(ascii: " "), count: 2 * array.depth)
        write(byte: UInt8(ascii: "]"))
    }

    // MARK: Members

    mutating func member(_ name: StaticString, _ value: Int, in object: inout JSONContainer) {
        key(name, in: &object)
        write(value)
    }

    mutating func member(_ name: StaticString, _ value: String, in object: inout JSONContainer) {
        key(name, in: &object)
        writeJSON(value)
    }

    mutating func member(_ name: StaticString, _ value: CalendarDay, in object: inout JSONContainer) {
        key(name, in: &object)
        write(byte: UInt8(ascii: "\""))
        write(value)
        write(byte: UInt8(ascii: "\""))
    }

    /// A fraction as `JSONEncoder` writes a `Double`: its shortest description, without a final `.0`.
    mutating func member(_ name: StaticString, _ value: Double, in object: inout JSONContainer) {
        key(name, in: &object)
        let text = value.description
        write(text.hasSuffix(".0") ? text.dropLast(2) : Substring(text))
    }

    /// Optional members are left out when nil, as the synthesised `Encodable` does.
    mutating func member(_ name: StaticString, _ value: String?, in object: inout JSONContainer) {
        if let value { member(name, value, in: &object) }
    }

    mutating func member(_ name: StaticString, _ value: Int?, in object: inout JSONContainer) {
        if let value { member(name, value, in: &object) }
    }

    mutating func member(_ name: StaticString, _ value: CalendarDay?, in object: inout JSONContainer) {
        if let value { member(name, value, in: &object) }
    }

    mutating func member(_ name: StaticString, _ value: Double?, in object: inout JSONContainer) {
        if let value { member(name, value, in: &object) }
    }

    /// An array of strings.
    mutating func member(_ name: StaticString, _ values: [String], in object: inout JSONContainer) {
        key(name, in: &object)
        var array = openArray(depth: object.depth + 1)
        for value in values {
            element(in: &array)
            writeJSON(value)
        }
        closeArray(array)
    }
}
